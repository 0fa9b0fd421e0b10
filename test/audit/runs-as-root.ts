import rule from '../../src/audit/rules/runs-as-root.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    user: "10001:10001"\n',
    'services:\n  a:\n    user: node\n',
    'services:\n  a:\n    user: 1000\n',
    {
      name: 'no user: the image decides (grafana runs as 472, the beats as 1000, valkey steps down)',
      code: y`
        services:
          grafana:
            image: grafana/grafana:12.0.2
          heartbeat:
            build:
              context: extensions/heartbeat/
          redis-cache:
            image: docker.io/valkey/valkey:8.0-alpine
          gotenberg:
            image: docker.io/gotenberg/gotenberg:8.7
      `,
    },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    user: root\n  b:\n    user: "0:0"\n  c:\n    user: 0\n',
      errors: [
        { line: 3, column: 5 },
        { line: 5, column: 5 },
        { line: 7, column: 5, message: /user: 0/ },
      ],
    },
    {
      name: 'an explicit root to read the docker socket (docker-elk metricbeat)',
      code: 'services:\n  metricbeat:\n    build:\n      context: extensions/metricbeat/\n    user: root\n',
      errors: [{ line: 5, column: 5, message: /runs as root \(user: root\)/ }],
    },
  ],
});
