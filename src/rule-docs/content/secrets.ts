/** The rule pages' content for the secrets rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { yaml, type RuleDoc } from './types.js';

export const SECRETS = {
  'secret-in-environment': {
    why: "A secret written in a Compose file is in the repository, its history and every clone, forever. In the environment it is also visible to `docker inspect`, to every process in the container and to crash reports that dump the environment. Secrets mounted as files (`/run/secrets/...`) or interpolated from the CI's secret store avoid all three.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            API_TOKEN: 9f3c2a71d84be650c1a7
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            API_TOKEN_FILE: /run/secrets/api_token
          secrets:
            - api_token
      secrets:
        api_token:
          environment: API_TOKEN
    `,
    at: 'API_TOKEN: 9f3c2a71d84be650c1a7',
  },
  'credentials-in-url': {
    why: 'A password inside a connection URL is as exposed as any other secret in the file, and URLs travel further: they end up in logs, error messages and monitoring labels.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          environment:
            DATABASE_URL: postgres://app:Tr0ub4dor-and-3@db:5432/app
    `,
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            api:
              image: example/api:1.4.2
              environment:
                DATABASE_URL: postgres://app:\${DB_PASSWORD:?set DB_PASSWORD}@db:5432/app
        `,
      },
      env: { DB_PASSWORD: 'from-the-secret-store' },
    },
    at: 'DATABASE_URL: postgres://app:Tr0ub4dor-and-3@db:5432/app',
  },
  'secret-in-command': {
    why: "A password on a command line is in the repository like any other written in a Compose file, and a command line travels further: `docker inspect` shows it, every process that lists processes (`ps`, monitoring agents) reads it, and healthcheck commands end up in the engine's logs. A variable the container's own shell expands keeps the value out of the file.",
    bad: yaml`
      services:
        db:
          image: mysql:8.4.3
          healthcheck:
            test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-pK9v-Tq27x"]
    `,
    good: yaml`
      services:
        db:
          image: mysql:8.4.3
          healthcheck:
            test: ["CMD-SHELL", "mysqladmin ping -h localhost -uroot -p$$MYSQL_ROOT_PASSWORD"]
    `,
    at: 'test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-pK9v-Tq27x"]',
  },
  'weak-default-password': {
    why: 'Default passwords are the first ones tried, by scanners within minutes of a port appearing on the internet. A default kept "for now" in a Compose file tends to reach production, including through a `${PASSWORD:-admin}` fallback when the variable is not set.',
    bad: yaml`
      services:
        db:
          image: postgres:16.4
          environment:
            POSTGRES_PASSWORD: postgres
    `,
    good: {
      files: {
        'compose.yaml': yaml`
          services:
            db:
              image: postgres:16.4
              environment:
                POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
        `,
      },
      env: { POSTGRES_PASSWORD: 'kX9vQ2-generated-by-the-secret-store' },
    },
    at: 'POSTGRES_PASSWORD: postgres',
  },
  'secret-in-build-args': {
    why: "Build arguments are recorded in the image's history and metadata: anyone who can pull the image reads them with `docker history`, long after the build. BuildKit secrets are mounted for one `RUN` step and never stored.",
    bad: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build:
            context: .
            args:
              NPM_TOKEN: \${NPM_TOKEN:-}
    `,
    good: yaml`
      services:
        api:
          image: registry.example.com/shop/api:1.4.2
          build:
            context: .
            secrets:
              - npm_token
      secrets:
        npm_token:
          environment: NPM_TOKEN
    `,
    at: 'NPM_TOKEN: ${NPM_TOKEN:-}',
  },
  'secret-in-labels': {
    why: 'Labels are metadata: anyone with read access to the Docker API (monitoring agents, dashboards, `docker inspect`) reads them, and they are copied into logs and service registries. Password hashes in labels can be cracked offline.',
    bad: yaml`
      services:
        dashboard:
          image: example/dashboard:3.2.0
          labels:
            - "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"
    `,
    good: yaml`
      services:
        dashboard:
          image: example/dashboard:3.2.0
          labels:
            - "traefik.http.middlewares.auth.basicauth.usersfile=/run/secrets/dashboard_users"
    `,
    at: '- "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
