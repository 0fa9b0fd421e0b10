/** The rule pages' content for the resources rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const RESOURCES = {
  'memory-limit-missing': {
    why: "Without a limit, one leaking or overloaded service takes the memory every other service on the host needs, and the kernel's OOM killer then picks its victim among all of them, the database included.",
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          deploy:
            resources:
              limits:
                memory: 512M
    `,
    at: 'api:',
  },
  'cpu-limit-missing': {
    why: 'A service stuck in a busy loop, or flooded with requests, uses every core it can get: the other services on the host slow down with it, health checks time out, and a local problem becomes an outage.',
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          deploy:
            resources:
              limits:
                cpus: "0.5"
    `,
    at: 'api:',
  },
  'pids-limit-missing': {
    why: 'Process IDs are shared by the whole host. A fork bomb, or a service that leaks threads, in one container exhausts them, and then nothing on the host can start a process, not even a shell to investigate.',
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          pids_limit: 200
    `,
    at: 'api:',
  },
  'ulimits-override': {
    why: 'Per-process limits are a second line against runaway resource use. Lifting one to unlimited lets a single process exhaust what the limit protected (processes, locked memory, open files) for the whole host.',
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          ulimits:
            nproc: -1
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          ulimits:
            nofile:
              soft: 65536
              hard: 65536
    `,
    at: 'nproc: -1',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
