import rule from '../../src/audit/rules/shared-volume.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: 'one writer, one reader',
      code: y`
      services:
        app:
          volumes: ["data:/data"]
        backup:
          volumes:
            - type: volume
              source: data
              target: /backup
              read_only: true
    `,
    },
    {
      name: 'bind mounts are not named volumes',
      code: 'services:\n  a:\n    volumes: ["./x:/x"]\n  b:\n    volumes: ["./x:/x"]\n',
    },
  ],
  invalid: [
    {
      name: 'long and short syntax',
      code: y`
      services:
        app:
          volumes:
            - type: volume
              source: data
              target: /data
        worker:
          volumes: ["data:/work:rw"]
    `,
      errors: [
        {
          line: 8,
          column: 15,
          message: /"data" is mounted read-write by 2 services \(app, worker\)/,
          path: 'services.worker.volumes[0]',
        },
      ],
    },
  ],
});
