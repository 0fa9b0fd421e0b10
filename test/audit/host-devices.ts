import rule from '../../src/audit/rules/host-devices.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: 'GPU reservation',
      code: y`
      services:
        ml:
          deploy:
            resources:
              reservations:
                devices:
                  - driver: nvidia
                    count: 1
                    capabilities: [gpu]
    `,
    },
    { name: 'CDI device', code: 'services:\n  ml:\n    devices: ["nvidia.com/gpu=all"]\n' },
  ],
  invalid: [
    {
      code: y`
        services:
          a:
            devices:
              - "/dev/ttyUSB0:/dev/ttyUSB0"
              - /dev/sda:/dev/xvdc:r
              - source: /dev/kvm
                target: /dev/kvm
                permissions: rwm
      `,
      errors: [
        { line: 4, column: 9, message: /ttyUSB0 with write access/ },
        { line: 5, column: 9, message: /sda$/ },
        { line: 6, column: 9, message: /kvm with write/ },
      ],
    },
  ],
});
