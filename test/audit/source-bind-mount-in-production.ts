import rule from '../../src/audit/rules/source-bind-mount-in-production.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: nginx:1.27\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro", "data:/app", "/srv/uploads:/uploads", "./prometheus:/etc/prometheus"]\n',
    { role: 'development', code: 'services:\n  a:\n    build: ./api\n    volumes: ["./api:/app"]\n' },
    // a compose file at the bundle root: its project directory is the bundle root, not every absolute path
    {
      name: 'host paths with the bundle root as project directory',
      workingDir: '',
      code: 'services:\n  a:\n    image: x:1\n    volumes: ["/proc:/host/proc:ro", "/:/rootfs:ro"]\n',
    },
    {
      name: 'configuration for a third-party image, read-only (docker-elk logstash)',
      code: y`
        services:
          logstash:
            build:
              context: logstash/
            volumes:
              - ./logstash/config/logstash.yml:/usr/share/logstash/config/logstash.yml:ro,Z
              - ./logstash/pipeline:/usr/share/logstash/pipeline:ro,Z
      `,
    },
    {
      name: 'data files for a broker that keeps no code in /app (awesome-compose wasmedge-kafka-mysql)',
      code: 'services:\n  redpanda:\n    image: docker.redpanda.com/vectorized/redpanda:v22.2.2\n    volumes:\n      - ./kafka:/app\n',
    },
    {
      name: 'data directories of a document manager and of its database',
      code: y`
        services:
          webserver:
            image: ghcr.io/paperless-ngx/paperless-ngx:2.11
            volumes:
              - ./data:/usr/src/paperless/data
              - ./media:/usr/src/paperless/media
              - ./export:/usr/src/paperless/export
              - ./consume:/usr/src/paperless/consume
          db:
            image: postgres:16
            volumes:
              - ./postgres:/var/lib/postgresql/data
      `,
    },
    {
      name: 'read-only configuration and data beside a built image (self-hosted shape)',
      code: y`
        x-app: &app
          image: tracker-local
          build:
            context: ./app
          volumes:
            - "app-data:/data"
            - "./app:/etc/tracker"
            - "./geoip:/geoip:ro"
            - "./certificates:/usr/local/share/ca-certificates:ro"
        services:
          web:
            <<: *app
          postgres:
            image: postgres:14.11
            volumes:
              - type: bind
                read_only: true
                source: ./postgres/
                target: /opt/tracker/
      `,
    },
  ],
  invalid: [
    {
      workingDir: '/home/ci/shop',
      code: y`
        services:
          api:
            build: ./api
            volumes:
              - ./api:/app
              - type: bind
                source: /home/ci/shop/api/src
                target: /worker
              - /opt/checkout:/usr/src/app
      `,
      errors: [
        { line: 5, column: 9, message: /\.\/api over \/app/ },
        { line: 6, column: 9 },
        { line: 9, column: 9 },
      ],
    },
    {
      name: 'the build context or a folder of it over the code (awesome-compose react-express-mysql, apache-php)',
      code: y`
        services:
          backend:
            build:
              context: backend
              target: development
            volumes:
              - ./backend/src:/code/src:ro
              - back-notused:/opt/app/node_modules
          web:
            build:
              context: app
            volumes:
              - ./app:/var/www/html/
      `,
      errors: [
        { line: 7, column: 9, message: /\.\/backend\/src over \/code\/src/ },
        { line: 13, column: 9 },
      ],
    },
    {
      name: 'the checkout itself, whatever the image (flask-redis, a dev container)',
      code: y`
        services:
          web:
            build:
              context: .
            volumes:
              - .:/code
          frappe:
            image: docker.io/frappe/bench:latest
            volumes:
              - ..:/workspace:cached
      `,
      errors: [
        { line: 6, column: 9 },
        { line: 10, column: 9, message: /\.\. over \/workspace/ },
      ],
    },
    {
      name: 'code given to a runtime image (web content for nginx, an app for node)',
      code: y`
        services:
          frontend:
            image: nginx:alpine
            volumes:
              - ./frontend:/usr/share/nginx/html
          api:
            image: node:20
            command: node server.js
            volumes:
              - ./server:/home/node/srv
      `,
      errors: [
        { line: 5, column: 9 },
        { line: 10, column: 9 },
      ],
    },
  ],
});
