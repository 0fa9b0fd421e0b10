import rule from '../../src/audit/rules/host-cgroup.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n', 'services:\n  a:\n    cgroup: private\n'],
  invalid: [
    {
      name: 'docker-elk metricbeat',
      role: 'development',
      code: 'services:\n  metricbeat:\n    user: root\n    cgroup: host\n',
      errors: [
        { line: 4, column: 5, path: 'services.metricbeat.cgroup', message: /cgroup namespace \(cgroup: host\)/ },
      ],
    },
  ],
});
