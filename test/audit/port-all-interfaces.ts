import rule from '../../src/audit/rules/port-all-interfaces.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: "a host port the engine refuses is published-port-invalid's",
      code: 'services:\n  a:\n    image: nginx\n    ports:\n      - target: 80\n        published: "70000"\n',
    },
    'services:\n  db:\n    ports: ["127.0.0.1:5432:5432", "[::1]:6001:6001"]\n',
    'services:\n  db:\n    ports:\n      - target: 5432\n        published: "5432"\n        host_ip: 10.0.0.5\n',
    {
      name: 'ports are ignored with the host network',
      code: 'services:\n  a:\n    network_mode: host\n    ports: ["80:80"]\n',
    },
  ],
  invalid: [
    {
      name: 'short syntax',
      code: y`
        services:
          db:
            ports:
              - "5432:5432"
              - "0.0.0.0:8080:80"
              - 3000
              - "15432:5432/tcp"
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /5432 \(PostgreSQL\) on host port 5432/ },
        { line: 5, column: 9, severity: 'info' },
        { line: 6, column: 9, severity: 'info', message: /random host port/ },
        { line: 7, column: 9, severity: 'error' },
      ],
    },
    {
      name: 'long syntax (canonical)',
      code: y`
        services:
          cache:
            ports:
              - target: 6379
                published: "6379"
                protocol: tcp
                mode: ingress
              - target: 80
                published: "8080"
                host_ip: "::"
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /Redis/ },
        { line: 8, column: 9, severity: 'info' },
      ],
    },
    {
      name: "a stack's back end: cluster transport, broker, telemetry collector (docker-elk, saleor's jaeger)",
      code: 'services:\n  es:\n    ports: ["9200:9200", "9300:9300"]\n  jaeger:\n    ports: ["16686:16686", "4317:4317", "4318:4318"]\n  kafka:\n    ports: ["9092:9092"]\n',
      errors: [
        { line: 3, column: 13, severity: 'error', message: /Elasticsearch\)/ },
        { line: 3, column: 26, severity: 'error', message: /Elasticsearch transport/ },
        { line: 5, column: 13, severity: 'info' },
        { line: 5, column: 28, severity: 'error', message: /OTLP gRPC/ },
        { line: 5, column: 41, severity: 'error', message: /OTLP HTTP/ },
        { line: 7, column: 13, severity: 'error', message: /Kafka/ },
      ],
    },
  ],
});
