import rule from '../../src/audit/rules/image-unpinned.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: postgres:16.4\n  b:\n    image: nginx@sha256:0123456789abcdef\n  c:\n    image: localhost:5000/app:1.2\n  d:\n    build: .\n  e:\n    image: nginx:latest@sha256:abc\n  f:\n    image: postgres:16-alpine\n  g:\n    image: mariadb:10.6.4-focal\n',
    {
      name: 'an image this project builds, under a bare name (awesome-compose wasmedge-kafka-mysql)',
      code: y`
        services:
          etl:
            image: etl-kafka
            platform: wasi/wasm
            build:
              context: etl
      `,
    },
    {
      name: 'built with pull_policy build or never: Compose never pulls the name',
      code: y`
        services:
          a:
            image: ghcr.io/acme/app:latest
            build: ./app
            pull_policy: build
          b:
            image: acme/worker
            build: ./worker
            pull_policy: never
      `,
    },
    {
      name: 'the project image built once and run by its jobs through an anchor (self-hosted shape)',
      code: y`
        x-app-defaults: &app_defaults
          image: tracker-self-hosted-local
          build:
            context: ./app
        services:
          web:
            <<: *app_defaults
          cron:
            <<: *app_defaults
            command: run cron
          cleanup:
            image: tracker-self-hosted-local
            command: cleanup --days 30
      `,
    },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: grafana/grafana\n  b:\n    image: prom/prometheus:latest\n  c:\n    image: localhost:5000/app\n  d:\n    image: pytorch/pytorch:latest-gpu\n  e:\n    image: 42\n',
      errors: [
        { line: 3, column: 5, message: /no tag/ },
        { line: 5, column: 5, message: /floating tag "latest"/ },
        { line: 7, column: 5, message: /no tag/ },
        { line: 9, column: 5, message: /latest-gpu/ },
        { line: 11, column: 5 },
      ],
    },
    {
      name: 'floating tags without a version number (awesome-compose nextcloud-postgres, portainer, devcontainers)',
      code: y`
        services:
          nc:
            image: nextcloud:apache
          db:
            image: postgres:alpine
          portainer:
            image: portainer/portainer-ce:alpine
          cache:
            image: docker.io/redis:alpine
          a:
            image: acme/app:release
          b:
            image: acme/app:nightly
          c:
            image: acme/app:stable
          d:
            image: caddy:edge
          e:
            image: acme/app:main
      `,
      errors: [
        { line: 3, column: 5, message: /floating tag "apache"/ },
        { line: 5, column: 5, message: /floating tag "alpine"/ },
        { line: 7, column: 5 },
        { line: 9, column: 5 },
        { line: 11, column: 5, message: /"release"/ },
        { line: 13, column: 5, message: /"nightly"/ },
        { line: 15, column: 5, message: /"stable"/ },
        { line: 17, column: 5, message: /"edge"/ },
        { line: 19, column: 5, message: /"main"/ },
      ],
    },
    {
      name: 'a namespaced name with build and no pull_policy can be pulled: still unpinned',
      code: 'services:\n  a:\n    image: acme/app\n    build: .\n',
      errors: [{ line: 3, column: 5, message: /no tag/ }],
    },
  ],
});
