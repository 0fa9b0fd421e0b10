import rule from '../../src/audit/rules/service-keys-order.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: x:1\n    depends_on: [b]\n    environment: {}\n    ports: []\n    command: run\n    user: app\n    zzz_custom: 1\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    container_name: a\n    image: x:1\n    ports: []\n    volumes: []\n',
      errors: [
        { line: 4, column: 5, message: /"image" .* before "container_name"/ },
        { line: 6, column: 5 },
      ],
    },
  ],
});
