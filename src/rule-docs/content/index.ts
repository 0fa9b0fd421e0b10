/**
 * What a rule page says beyond the rule's metadata: why the rule matters, a Compose project that
 * gets the finding and one that does not, and the line the finding points at (where the page puts
 * its inline suppression). test/rule-docs.test.ts runs every example as its page says (the CLI, in
 * a directory holding exactly these files) and checks that the bad one gets the finding at that
 * line, the good one does not, and both suppressions the page shows do suppress it.
 *
 * A string example is one `compose.yaml`, audited as production (`audit -f compose.yaml --env
 * production`); an object lists several files, audited as a directory (environments from the file
 * names: base + `compose.override.yaml` is development, base + `compose.prod.yaml` production).
 * One file per rule category; here they are put together with the registry's type, so a rule
 * without a page (or a page without a rule) is a compile error.
 */
import type { RuleId } from '../../audit/rules/index.js';
import type { RuleDoc } from './types.js';
import { PRIVILEGES } from './privileges.js';
import { ISOLATION } from './isolation.js';
import { FILESYSTEM } from './filesystem.js';
import { RESOURCES } from './resources.js';
import { NETWORK } from './network.js';
import { SECRETS } from './secrets.js';
import { IMAGES } from './images.js';
import { AVAILABILITY } from './availability.js';
import { LOGGING } from './logging.js';
import { STYLE } from './style.js';
import { ENVIRONMENTS } from './environments.js';

export type { Example, RuleDoc } from './types.js';

export const RULE_DOCS: { readonly [K in RuleId]: RuleDoc } = {
  ...PRIVILEGES,
  ...ISOLATION,
  ...FILESYSTEM,
  ...RESOURCES,
  ...NETWORK,
  ...SECRETS,
  ...IMAGES,
  ...AVAILABILITY,
  ...LOGGING,
  ...STYLE,
  ...ENVIRONMENTS,
};
