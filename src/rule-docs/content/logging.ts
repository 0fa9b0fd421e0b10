/** The rule pages' content for the logging rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const LOGGING = {
  'log-rotation-missing': {
    why: "The default `json-file` driver keeps every line a container ever wrote. A chatty or crash-looping service fills the host's disk, and with it the databases and every other service on the host stop.",
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          logging:
            driver: json-file
            options:
              max-size: 10m
              max-file: "3"
    `,
    at: 'api:',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
