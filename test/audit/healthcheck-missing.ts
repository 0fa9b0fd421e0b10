import rule from '../../src/audit/rules/healthcheck-missing.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    healthcheck:\n      test: ["CMD", "true"]\n',
    'services:\n  a:\n    healthcheck:\n      test: curl -f http://localhost\n',
    {
      name: 'nothing depends on it (a single web service, an exporter, the entry proxy)',
      code: 'services:\n  web:\n    image: nginx:1.27\n  metricbeat:\n    image: elastic/metricbeat:9.1.0\n',
    },
  ],
  invalid: [
    {
      role: 'development',
      code: y`
        services:
          a:
            image: x:1
          b:
            healthcheck:
              disable: true
          c:
            healthcheck:
              test: ["NONE"]
          web:
            image: x:1
            depends_on: [a, b]
          worker:
            image: x:1
            depends_on:
              a: {condition: service_started}
              c: {condition: service_healthy}
      `,
      errors: [
        { line: 2, column: 3, message: /no healthcheck \(unless its image defines one\) for web, worker to wait on/ },
        { line: 6, column: 7, message: /disables/ },
        { line: 9, column: 7 },
      ],
    },
  ],
});
