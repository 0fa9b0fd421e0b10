/** The rule pages' content for the availability rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const AVAILABILITY = {
  'healthcheck-missing': {
    why: 'Without a health check the engine knows only that the process runs: a service that hangs, deadlocks or lost its database stays "up", and `depends_on: condition: service_healthy` has nothing to wait for, so the services that depend on it start against one that is not ready yet.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            - db
        db:
          image: postgres:16.4
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            db:
              condition: service_healthy
        db:
          image: postgres:16.4
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 20s
    `,
    at: 'db:',
  },
  'restart-policy-missing': {
    why: 'The default policy is "no": a service that crashes, or a host that reboots for a kernel update, leaves it down until someone notices.',
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: unless-stopped
    `,
    at: 'api:',
  },
  'restart-unbounded': {
    why: 'A container that crashes at start restarts forever with `always`: it hides the failure from anyone who only checks that it is "up", fills the logs, and keeps retrying what fails (a migration, a login with a wrong password) against other systems.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: always
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          restart: on-failure:5
    `,
    at: 'restart: always',
  },
  'depends-on-not-healthy': {
    why: "`depends_on` in its short form waits only until the dependency's container has started, not until it answers: the dependant starts against a database that is still initialising and fails or crash-loops at every deploy.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            - db
        db:
          image: postgres:16.4
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          depends_on:
            db:
              condition: service_healthy
        db:
          image: postgres:16.4
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
    `,
    at: '- db',
  },
  'container-name-with-replicas': {
    why: 'Container names are unique per engine: with a fixed `container_name`, Compose cannot create the second replica and refuses to scale the service, so the replicas asked for never exist.',
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          container_name: worker
          deploy:
            replicas: 3
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          deploy:
            replicas: 3
    `,
    at: 'container_name: worker',
    refusedBy: 'container-name-scale',
  },
  'host-port-with-replicas': {
    why: 'Every replica binds the same host address and port: the first one starts, the others fail with "port is already allocated". The project looks scaled while it runs one container.',
    bad: yaml`
      services:
        web:
          image: example/web:3.0.0
          ports:
            - "127.0.0.1:8080:80"
          deploy:
            replicas: 3
    `,
    good: yaml`
      services:
        web:
          image: example/web:3.0.0
          ports:
            - "127.0.0.1:8080-8082:80"
          deploy:
            replicas: 3
    `,
    at: '- "127.0.0.1:8080:80"',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
