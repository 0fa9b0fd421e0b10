import rule from '../../src/audit/rules/sensitive-host-mount.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    volumes: ["/etc/localtime:/etc/localtime:ro", "/srv/data:/data", "./etc:/app/etc"]\n',
    {
      name: 'deep path under /home is a checkout',
      code: 'services:\n  a:\n    volumes: ["/home/ci/project/api:/app"]\n',
    },
    {
      name: 'below the project directory',
      workingDir: '/root/project',
      code: 'services:\n  a:\n    volumes: ["/root/project/conf:/conf"]\n',
    },
    {
      name: 'docker socket is its own rule',
      code: 'services:\n  a:\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    },
  ],
  invalid: [
    {
      code: y`
        services:
          node-exporter:
            volumes:
              - /proc:/host/proc:ro
              - /:/rootfs:ro
              - /etc:/host/etc
              - type: bind
                source: /var/lib/docker/
                target: /var/lib/docker
                read_only: true
              - /home/alice/.ssh:/root/.ssh
              - /root:/r
      `,
      errors: [
        { line: 4, column: 9, severity: 'warning', message: /\/proc.*read-only/ },
        { line: 5, column: 9, severity: 'warning', message: /root filesystem/ },
        { line: 6, column: 9, severity: 'error', message: /writable/ },
        { line: 7, column: 9, severity: 'warning', message: /\/var\/lib\/docker/ },
        { line: 11, column: 9, severity: 'error', message: /credentials directory/ },
        { line: 12, column: 9, severity: 'error' },
      ],
    },
    {
      name: 'dot-dot segments cannot hide a system path',
      code: 'services:\n  a:\n    volumes: ["/srv/app/../../etc:/host-etc", "/home/ci/project/..:/h:ro"]\n',
      errors: [
        { line: 3, column: 15, severity: 'error', message: /\/etc/ },
        { line: 3, column: 47, severity: 'warning', message: /home directory/ },
      ],
    },
  ],
});
