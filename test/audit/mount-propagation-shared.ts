import rule from '../../src/audit/rules/mount-propagation-shared.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    volumes: ["/data:/data:rslave", "./x:/x:z"]\n'],
  invalid: [
    {
      code: y`
        services:
          a:
            volumes:
              - /mnt:/mnt:ro,rshared
              - type: bind
                source: /media
                target: /media
                bind:
                  propagation: shared
      `,
      errors: [
        { line: 4, column: 9, message: /rshared/ },
        { line: 9, column: 11, path: 'services.a.volumes[1].bind.propagation' },
      ],
    },
  ],
});
