/** The rule pages' content for the environments rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const ENVIRONMENTS = {
  'debug-in-production': {
    why: 'Development modes print stack traces and configuration (secrets included) to anyone who triggers an error, turn off caches and protections such as CSRF checks or template escaping in some frameworks, and log far more than production should keep.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            NODE_ENV: development
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            NODE_ENV: production
    `,
    at: 'NODE_ENV: development',
  },
  'dev-command-in-production': {
    why: 'Development servers watch files, rebuild on change and serve unminified code with verbose errors; they are neither fast nor hardened, and a file watcher restarting the app is not something production should do.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          command: npm run dev
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
          command: ["node", "dist/server.js"]
    `,
    at: 'command: npm run dev',
  },
  'source-bind-mount-in-production': {
    why: 'With the source tree mounted over the code in the image, production runs whatever is checked out on the host (a half-pulled branch, a local edit) instead of the image CI tested, and two hosts can run two different versions.',
    bad: yaml`
      services:
        api:
          image: node:22.11.0
          command: ["node", "src/server.js"]
          working_dir: /app
          volumes:
            - ./src:/app/src
    `,
    good: BARE_API,
    at: '- ./src:/app/src',
  },
  'debug-port-published': {
    why: 'A debugger port is remote code execution by design: whoever connects to the Node inspector, a JDWP or debugpy port can run any code in the process.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          ports:
            - "127.0.0.1:9229:9229"
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          ports:
            - "127.0.0.1:8080:8080"
    `,
    at: '- "127.0.0.1:9229:9229"',
  },
  'develop-section-in-production': {
    why: '`develop.watch` exists to sync local files into containers and rebuild them as they change. In a production configuration it means someone running `docker compose watch` there changes production from a working copy.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          develop:
            watch:
              - action: sync
                path: ./src
                target: /app/src
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
    `,
    at: 'develop:',
  },
  'override-drops-safety': {
    why: 'Hardening written once in the base file is easy to lose in an environment\'s override: a `!reset` or a "temporary" `read_only: false` in `compose.prod.yaml` quietly removes it where it matters most, and nobody reviewing the base file sees it.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              read_only: true
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              read_only: false
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              read_only: true
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              tmpfs:
                - /tmp
        `,
      },
    },
    at: 'read_only: false',
  },
  'image-differs-between-environments': {
    why: 'When development runs another image (or another version of it) than production, what people tried is not what gets deployed: the upgrade that works in development meets the old database in production, or the other way round.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
        `,
        'compose.override.yaml': yaml`
          services:
            db:
              image: postgres:17.0
        `,
        'compose.prod.yaml': yaml`
          services:
            db:
              restart: unless-stopped
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
        `,
        'compose.override.yaml': yaml`
          services:
            db:
              ports:
                - "127.0.0.1:5432:5432"
        `,
        'compose.prod.yaml': yaml`
          services:
            db:
              restart: unless-stopped
        `,
      },
    },
    at: 'image: postgres:16.4',
  },
  'dev-only-service': {
    why: 'A service that was only ever run beside a helper defined in the development override (a cache, a mail catcher, a local S3) meets production without it: it fails at its first request to a host name nothing answers.',
    bad: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                REDIS_URL: redis://cache:6379
        `,
        'compose.override.yaml': yaml`
          services:
            cache:
              image: redis:7.4.1
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              restart: unless-stopped
        `,
      },
    },
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                REDIS_URL: redis://cache:6379
            cache:
              image: redis:7.4.1
        `,
        'compose.override.yaml': yaml`
          services:
            cache:
              ports:
                - "127.0.0.1:6379:6379"
        `,
        'compose.prod.yaml': yaml`
          services:
            api:
              restart: unless-stopped
        `,
      },
    },
    at: 'REDIS_URL: redis://cache:6379',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
