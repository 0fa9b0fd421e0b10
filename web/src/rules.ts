/**
 * Where a rule id links to, in one place. Today: the rule's entry in the findings view, built from
 * GET /v1/rules; when the service serves rule pages (`/rules/<id>`), change `ruleHref` alone.
 */
import type { RuleMeta } from './types.js';

export const ruleHref = (id: string): string => `#rule-${encodeURIComponent(id)}`;

/** The anchor `ruleHref` points at. */
export const ruleAnchor = (id: string): string => `rule-${encodeURIComponent(id)}`;

/** Rules whose findings name a secret value: the page masks those values in the merged view. */
export function isSecretRule(id: string, rules: RuleMeta[]): boolean {
  return rules.some((r) => r.id === id && r.category === 'secrets');
}
