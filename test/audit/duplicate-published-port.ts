import rule from '../../src/audit/rules/duplicate-published-port.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    ports: ["127.0.0.2:8080:80"]\n',
    'services:\n  a:\n    ports: ["8080:80"]\n  b:\n    ports: ["8080:80/udp"]\n',
    {
      name: 'engine-picked port of a range',
      code: 'services:\n  a:\n    ports: ["8000-8010:80"]\n  b:\n    ports: ["8000-8010:80"]\n',
    },
    {
      // Compose takes any string as the long syntax's published port; counting its ports never ended
      name: 'a published "port" past 2^53',
      code: 'services:\n  a:\n    ports:\n      - {target: 80, published: "9007199254740993"}\n      - {target: 81, published: "9007199254740993"}\n',
    },
  ],
  invalid: [
    {
      code: y`
        services:
          a:
            ports: ["8080:80"]
          b:
            ports:
              - target: 81
                published: "8080"
                host_ip: 127.0.0.1
          c:
            ports: ["9000-9001:9000-9001", "9001:1"]
      `,
      errors: [
        { line: 6, column: 9, message: /8080\/tcp .* service "a"/ },
        { line: 10, column: 36, message: /9001\/tcp .* same service/ },
      ],
    },
  ],
});
