import rule from '../../src/audit/rules/container-port-invalid.js';
import { ruleTester } from './helpers.js';

const long = (target: string) =>
  `services:\n  a:\n    image: nginx\n    ports:\n      - target: ${target}\n        published: "8080"\n        host_ip: 127.0.0.1\n`;

ruleTester(rule, {
  valid: [
    long('80'),
    long('"80"'),
    long('65535'),
    long('0'),
    'services:\n  a:\n    image: nginx\n    ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001"]\n',
  ],
  invalid: [
    {
      code: long('70000'),
      errors: [{ line: 5, column: 9, severity: 'error', message: /container port 70000 of service "a" is not a port/ }],
    },
    { code: long('"65536"'), errors: [{ line: 5, column: 9 }] },
    { code: long('4294967295'), errors: [{ line: 5, column: 9 }] },
  ],
});
