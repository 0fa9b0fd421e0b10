/**
 * Where a rule id links to, in one place: the rule's entry in the findings view (built from
 * GET /v1/rules), and its page on the service (`docsHref`).
 */
import type { RuleMeta } from './types.js';

export const ruleHref = (id: string): string => `#rule-${encodeURIComponent(id)}`;

/** The anchor `ruleHref` points at. */
export const ruleAnchor = (id: string): string => `rule-${encodeURIComponent(id)}`;

/** Rules whose findings name a secret value: the page masks those values in the merged view. */
export function isSecretRule(id: string, rules: RuleMeta[]): boolean {
  return rules.some((r) => r.id === id && r.category === 'secrets');
}

/**
 * The rule's page on the service, from GET /v1/rules's `docs` (a path of this service, `/docs/rules/<id>`;
 * anything else is not linked), else none.
 */
export function docsHref(rule: RuleMeta | undefined): string | undefined {
  const d = rule?.docs;
  return d && /^\/docs\/rules\/[a-z0-9-]+$/.test(d) ? d : undefined;
}
