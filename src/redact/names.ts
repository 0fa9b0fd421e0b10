/** Which names hold a secret, as the masking reads them (src/redact/secrets.ts), and how environment names are shown apart. */
import { isSecretName } from '../audit/secrets.js';
import type { Masker } from './mask.js';
import { emptyRecord } from '../records.js';
import type { TokenScanner } from './scan.js';

/**
 * A secret-like name: the audit's `isSecretName` (`DB_PASSWORD`, `apiToken`, not `PASSWORD_FILE`),
 * and also a secret word glued to a prefix, as libpq's `PGPASSWORD` or `MYSQLPASSWORD` are, and
 * redis-server's password options (`--requirepass`, `--masterauth`).
 */
export function secretLike(name: string): boolean {
  let answer = SECRET_LIKE.get(name);
  if (answer === undefined) {
    answer =
      isSecretName(name) ||
      REDIS_AUTH.test(name) ||
      isSecretName(name.replace(/(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY)(?=$|[^A-Za-z])/gi, '_$1'));
    if (name.length <= SECRET_LIKE_NAME && SECRET_LIKE.size < SECRET_LIKE_MAX) SECRET_LIKE.set(name, answer);
  }
  return answer;
}

/**
 * The answers for names met before: the same keys (`target`, `published`, `image`...) come back for
 * every service and port, and each answer costs two regular expressions. The map lives as long as
 * the process (a worker serves many requests), so it keeps only short names, the kind that recur, and
 * at most this many: a bundle's long or numerous keys cost one computation each and are not retained.
 */
const SECRET_LIKE = new Map<string, boolean>();
/** redis-server's (and Valkey's) password options: `--requirepass x`, `--masterauth x` */
const REDIS_AUTH = /^(requirepass|masterauth)$/i;
const SECRET_LIKE_MAX = 20_000;
const SECRET_LIKE_NAME = 64;

/**
 * Environment names as the answers show them where two mask alike: `prod A` and `prod B`, A and B
 * secret values, both read `prod ********`, and a map keyed by name (an answer's `environments`)
 * kept one of them. Each name of such a group is shown with its ordinal in the order the names come
 * (the request's): `prod ******** (1)`, `prod ******** (2)`, passing over one that another name
 * already shows as; so is a single one that reads as another name does (`prod ********` itself).
 * None when no two collide (no name holds a secret: nearly every bundle).
 */
export function distinctNames(names: Iterable<string>, masker: Masker): Map<string, string> | undefined {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  const shown = new Set<string>();
  /** names no secret changes: one a masked name reads as (`prod ********` itself) collides with it */
  const plain = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) continue;
    seen.add(n);
    const m = masker.text(n);
    shown.add(m);
    if (m === n) {
      plain.add(n);
      continue;
    }
    const group = groups.get(m);
    if (group) group.push(n);
    else groups.set(m, [n]);
  }
  let out: Map<string, string> | undefined;
  for (const [m, group] of groups) {
    if (group.length < 2 && !plain.has(m)) continue;
    let k = 0;
    for (const n of group) {
      let s: string;
      do s = `${m} (${++k})`;
      while (shown.has(s));
      shown.add(s);
      (out ??= new Map()).set(n, s);
    }
  }
  return out;
}

/** `masker`, showing the environments `names` apart where they mask alike (distinctNames). */
export function namingEnvironments(masker: Masker, names: Iterable<string>): Masker {
  const list = [...names];
  masker.environments(list);
  const distinct = distinctNames(list, masker);
  return distinct ? masker.named(distinct) : masker;
}

/**
 * `list` with the environments each item names (a finding's `environment`, a merged one's or a
 * group's `environments`) as the masker shows them (`Masker.name`: with their ordinal where two
 * mask alike); `list` itself when no name needs an ordinal (plain masking shows the others).
 */
export function namedItems<T extends { environment?: string; environments?: string[] }>(
  list: readonly T[],
  masker: Masker,
): T[] {
  if (!masker.ordinals) return list as T[];
  return list.map((item) => {
    const out = { ...item };
    if (typeof item.environment === 'string') out.environment = masker.name(item.environment);
    if (Array.isArray(item.environments)) out.environments = item.environments.map((e) => masker.name(e));
    return out;
  });
}

/** `record`, keyed by environment name, keyed by the names as the masker shows them (see namedItems). */
export function namedKeys<V>(record: Record<string, V>, masker: Masker): Record<string, V> {
  if (!masker.ordinals) return record;
  const out = emptyRecord<V>();
  for (const [k, v] of Object.entries(record)) out[masker.name(k)] = v;
  return out;
}

/**
 * An environment's role reason as the answers show it: one from the policy names the environment
 * (`environments.prod B in the policy`), shown as `Masker.name` shows it; the others (a word of
 * the name, a file's name, the bundle's or the flag's say) are masked as any text is, later.
 */
export function roleReasonShown(e: { roleSource: string; roleReason: string }, masker: Masker): string {
  return e.roleSource === 'policy' ? masker.namesIn(e.roleReason) : e.roleReason;
}

/**
 * `s` with each occurrence of a name of `names` as it is shown (one that overlaps another is left
 * to the masking), unless a secret value there reaches past it: a value holding the name
 * (`prod A-rest`, `prod A` a name) is masked whole, where renaming its start first showed its rest.
 */
export function renamed(
  s: string,
  nameScanner: TokenScanner,
  names: ReadonlyMap<string, string>,
  values: TokenScanner,
): string {
  const spans = nameScanner.spans(s);
  const held = values.spans(s);
  let out = '';
  let last = 0;
  let v = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const [from, to] = [spans[k], spans[k + 1]];
    while (v < held.length && held[v + 1] <= from) v += 2;
    let within = true;
    for (let j = v; within && j < held.length && held[j] < to; j += 2) within = held[j] >= from && held[j + 1] <= to;
    const name = within ? names.get(s.slice(from, to)) : undefined;
    if (name === undefined) continue;
    out += s.slice(last, from) + name;
    last = to;
  }
  return last === 0 ? s : out + s.slice(last);
}
