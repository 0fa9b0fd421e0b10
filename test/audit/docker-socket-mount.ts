import rule from '../../src/audit/rules/docker-socket-mount.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    volumes: ["./docker.sock.md:/x", "sock:/var/run/app"]\n',
    'services:\n  a:\n    volumes: ["/var/run/postgresql/.s.PGSQL.5432:/tmp/pg.sock"]\n',
  ],
  invalid: [
    {
      name: 'short, long, read-only and the parent directory',
      code: y`
        services:
          agent:
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock:ro
              - type: bind
                source: /run/docker.sock
                target: /docker.sock
          cadvisor:
            volumes:
              - /var/run:/var/run:rw
          runner:
            use_api_socket: true
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /engine socket .*read-only does not limit/ },
        { line: 5, column: 9 },
        { line: 10, column: 9, message: /directory holding the Docker socket/ },
        { line: 12, column: 5, message: /use_api_socket/ },
      ],
    },
    {
      name: 'dot-dot segments are cleaned as Go path.Clean does',
      code: 'services:\n  a:\n    volumes: ["/tmp/../var/run/:/x", "/srv/./../run//docker.sock:/y"]\n',
      errors: [
        { line: 3, column: 15, message: /directory holding the Docker socket/ },
        { line: 3, column: 38, message: /engine socket/ },
      ],
    },
  ],
});
