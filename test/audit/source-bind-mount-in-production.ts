import rule from '../../src/audit/rules/source-bind-mount-in-production.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro", "data:/app", "/srv/uploads:/uploads", "./prometheus:/etc/prometheus"]\n',
    { role: 'development', code: 'services:\n  a:\n    volumes: ["./api:/app"]\n' },
    // a compose file at the bundle root: its project directory is the bundle root, not every absolute path
    {
      name: 'host paths with the bundle root as project directory',
      workingDir: '',
      code: 'services:\n  a:\n    volumes: ["/proc:/host/proc:ro", "/:/rootfs:ro"]\n',
    },
  ],
  invalid: [
    {
      workingDir: '/home/ci/shop',
      code: y`
        services:
          api:
            volumes:
              - ./api:/app
              - type: bind
                source: /home/ci/shop/worker
                target: /worker
              - /opt/checkout:/usr/src/app
      `,
      errors: [
        { line: 4, column: 9, message: /\.\/api over \/app/ },
        { line: 5, column: 9 },
        { line: 8, column: 9 },
      ],
    },
  ],
});
