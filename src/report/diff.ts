/**
 * An EnvironmentDiff (and its drift findings) as text, JSON-ready data and a markdown table. Values
 * under secret-looking names, credentials inside URLs, well-known token formats and every value the
 * bundle's masker knows to be secret (src/redact/) are masked unless `redact: false`: a diff is
 * pasted into pull requests, where the model's secrets must not go. Drift findings are findings:
 * their messages are masked by value whatever `redact` says.
 */
import type { Location } from '../diagnostics.js';
import { goJsonText } from '../utf8.js';
import { copyLoc, isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { isSecretName, tokenKind, urlCredentials } from '../audit/secrets.js';
import { commandFollowsEntrypoint, commandPasswords } from '../audit/secrets-command.js';
import { isStrongSecret } from '../redact/secrets.js';
import { ENTRYPOINTS, type DiffEntry, type EnvironmentDiff } from '../diff/diff.js';
import { showFields } from './diff-paths.js';
import { DRIFT_IDS, type DriftFinding } from '../diff/drift.js';
import { mdCode, mdText, textLine } from './escape.js';
import { orderedKeys } from './config.js';
import type { PathState } from '../yaml/treepath.js';
import { MASK, NO_MASK, type Masker } from '../redact/mask.js';
import { schemaRoot, schemaStep, type SchemaNode } from '../redact/schema-path.js';
import { namedItems } from '../redact/names.js';
import { addMarkupPattern, tableCells } from '../redact/markup.js';
import { ANSWER_VALUES } from '../redact/answer-keys.js';

// the tables' headers, the severities and the drift rules in their rows are ours in the rendered answer (src/redact/markup.ts)
tableCells(['service', 'field', 'severity', 'rule', 'finding', ...(ANSWER_VALUES.get('severity') ?? [])]);
tableCells(DRIFT_IDS.map((id) => `\`${id}\``));
// the counts `countLine` writes
addMarkupPattern(/\b\d+ differences? \(\d+ added, \d+ removed, \d+ changed\)|\bno differences\b/);

export { MASK };

/** A node's state in the struct field orders (config-structs.ts STRUCT_ORDER). */
type Ordered = PathState<readonly string[]>;

export interface DiffRenderOptions {
  /** default true */
  redact?: boolean;
  /** markdown: at most this many rows per table; the rest is counted (default: all) */
  maxRows?: number;
  /** drift findings of the same pair, rendered after the differences */
  drift?: readonly DriftFinding[];
  /** the bundle's secret values (src/redact/secrets.ts maskerOf), masked wherever they appear */
  masker?: Masker;
  /**
   * the diff's entries as `diffData` shows them with the same `redact` and `masker`, made already
   * (a review answers them beside its PR comment): taken as they are, not made again
   */
  shown?: readonly DiffEntry[];
}

export interface DiffData {
  from: string;
  to: string;
  complete: boolean;
  summary: { added: number; removed: number; changed: number };
  entries: DiffEntry[];
  drift?: DriftFinding[];
}

/** Tokens and URL passwords in a text masked, and the masker's secret values. */
export function maskText(s: string, masker: Masker = NO_MASK): string {
  if (tokenKind(s)) return MASK;
  let out = s;
  for (const c of urlCredentials(s)) out = out.split(`${c.user}:${c.password}@`).join(`${c.user}:${MASK}@`);
  return masker.text(out);
}

/**
 * The `x-` entries of a string map as compose-go keeps them, one `#extensions` value printed as Go's
 * `map[x-a:1 x-db-password:Pw34y]` (src/load/extensions.ts), with the values of secret-named keys
 * masked, also the short ones: a value runs to the next ` x-…:` key, or to the closing `]` (a
 * secret value holding a ` x-…:` is masked whole by value before: src/redact/collector.ts Collector.extension).
 */
function maskExtensions(text: string): string {
  if (!text.startsWith('map[') || !text.endsWith(']')) return text;
  const body = text.slice(4, -1);
  const keys = [...body.matchAll(/(?:^| )(x-[^\s:]*):/g)];
  let out = '';
  let at = 0;
  keys.forEach((m, i) => {
    const valueStart = m.index + m[0].length;
    const valueEnd = i + 1 < keys.length ? keys[i + 1].index : body.length;
    out += body.slice(at, valueStart) + (isSecretName(m[1]) ? MASK : body.slice(valueStart, valueEnd));
    at = valueEnd;
  });
  return `map[${out}${body.slice(at)}]`;
}

/** The lists that are command lines (a service's, a healthcheck's `test`, a hook's). */
const COMMAND_LISTS = new Set(['command', 'entrypoint', 'test']);

/**
 * The passwords a command line gives (secret-in-command's reading) masked in `out`, the list as
 * shown, where the masker by value leaves them (a value under 6 characters, `--requirepass Zz56`,
 * would hide port numbers and names if masked wherever its characters appear). An exec form's word
 * keeps its option (`--password=********`, `-p********`); a shell line holding a short password is
 * masked whole (its words are not mapped back to the line: a search for `a` would hide every `a`).
 * Linear: one word or one line per password.
 */
export function maskCommandPasswords(value: readonly Tree[], out: Tree[]): void {
  for (const p of commandPasswords(value)) {
    const line = p.item === undefined ? undefined : out[p.item];
    if (typeof line !== 'string' || isStrongSecret(p.password)) continue;
    if (line !== p.written && !/\s/.test(line) && line.includes(MASK)) continue; // masked under its name already
    let shown: string = MASK;
    if (line === p.written && line.endsWith(p.password)) shown = line.slice(0, line.length - p.password.length) + MASK;
    else if (line === p.written && p.option === 'user/password') shown = line.replace(/\/[^@]*/, `/${MASK}`);
    out[p.item!] = shown;
  }
}

/**
 * `value` as it may be shown, `name` being the key it sits under (secret names mask whole scalars,
 * also short ones), the masker's secret values masked wherever they are.
 */
export function redactValue(
  name: string,
  value: Tree,
  masker: Masker = NO_MASK,
  path?: Ordered,
  schema: SchemaNode | null = null,
): Tree {
  if (Array.isArray(value)) {
    const item = path?.step('[]');
    const items = schema && (schemaStep(schema, 0).next ?? null);
    const out = value.map((v) =>
      typeof v === 'string' && /^[^=\s]+=/.test(v)
        ? redactValue(v.slice(0, v.indexOf('=')), v, masker)
        : redactValue(name, v, masker, item, items),
    );
    value.forEach((v, i) => keepExactInt(value, i, out, i));
    if (COMMAND_LISTS.has(name)) maskCommandPasswords(value, out);
    return out;
  }
  if (isObject(value)) return redactObject(value, masker, path, schema);
  if (value === null || typeof value === 'boolean') return value;
  // by value first: a secret value may hold what reads as the next key (` x-b:`), where maskExtensions ends it
  if (name === '#extensions' && typeof value === 'string') return maskExtensions(maskText(value, masker));
  if (isSecretName(name))
    return typeof value === 'string' && /^[^=\s]+=/.test(value)
      ? `${value.slice(0, value.indexOf('=') + 1)}${MASK}`
      : MASK;
  return typeof value === 'string' ? maskText(value, masker) : value;
}

/**
 * A number kept as is keeps its location where that says how Go prints it (compat/go-int.ts): past
 * the safe range, its exact digits; from 1e6 on, whether it was read as a float; so does a timestamp.
 */
function keepExactInt(
  from: TreeObject | Tree[],
  k: string | number,
  to: TreeObject | Tree[],
  toKey: string | number,
): void {
  const v = (to as Record<string | number, Tree>)[toKey];
  if (typeof v === 'number' ? !Number.isSafeInteger(v) || v >= 1e6 || v <= -1e6 : goTimeText(v))
    copyLoc(from, k, to, toKey);
}

/**
 * A string in the form time.Time.String() gives a timestamp (`2002-12-14 00:00:00 +0000 UTC`): kept
 * unmasked, its location says whether it was read as one, which an extension prints otherwise
 * (compat/go-time.ts).
 */
const goTimeText = (v: Tree): boolean =>
  typeof v === 'string' &&
  v.length >= 29 &&
  v.charCodeAt(10) === 32 &&
  v.charCodeAt(13) === 58 &&
  v.charCodeAt(4) === 45;

/**
 * A mapping as it may be shown: each value redacted under its key, the keys masked like any text.
 * With `path` (the state of its pattern path in config-structs.ts STRUCT_ORDER, STRUCT_ORDER itself
 * for a model), in Compose's key order at every level, as `redactObject(orderedModel(value))` gives
 * it without the ordered copy made first (config.ts orderedKeys).
 */
export function redactObject(
  value: TreeObject,
  masker: Masker = NO_MASK,
  path?: Ordered,
  schema: SchemaNode | null = masker.size ? schemaRoot() : null,
): TreeObject {
  const out: TreeObject = {};
  for (const k of path === undefined ? Object.keys(value) : orderedKeys(value, path.rule)) {
    // a field name of the schema there is the model's structure (Masker.field); a key the bundle chose is masked
    let shownKey = masker.text(k);
    const at = schema && shownKey !== k ? schemaStep(schema, k) : undefined;
    if (at?.field) shownKey = masker.field(k);
    // the place of a scalar is not read: it has no key
    const v = value[k];
    const next = schema && typeof v === 'object' && v !== null ? (at ?? schemaStep(schema, k)).next : null;
    setOwn(out, shownKey, redactValue(k, v, masker, path?.step(k), next ?? null));
    keepExactInt(value, k, out, shownKey);
  }
  const [ep, cmd, shownEp, shownCmd] = [value.entrypoint, value.command, out.entrypoint, out.command];
  if (commandFollowsEntrypoint(ep, cmd) && Array.isArray(shownEp) && Array.isArray(shownCmd))
    [out.entrypoint, out.command] = maskArguments(ep as Tree[], cmd as Tree[], shownEp, shownCmd);
  return out;
}

/**
 * A command of options is the entrypoint's arguments, read as one list (as secret-in-command does):
 * the entrypoint and the command as shown, with the passwords of the two read together masked.
 */
function maskArguments(ep: Tree[], cmd: Tree[], shownEp: Tree[], shownCmd: Tree[]): [Tree[], Tree[]] {
  const shown = [...shownEp, ...shownCmd];
  maskCommandPasswords([...ep, ...cmd], shown);
  return [shown.slice(0, ep.length), shown.slice(ep.length)];
}

/** A service's `command` entry's side as shown, read after the entrypoint its side runs it after. */
function afterEntrypoint(command: Tree, shownCommand: Tree, ep: Tree | undefined, masker: Masker): Tree {
  if (!commandFollowsEntrypoint(ep, command) || !Array.isArray(shownCommand)) return shownCommand;
  const shownEp = redactValue('entrypoint', ep as Tree[], masker) as Tree[];
  return maskArguments(ep as Tree[], command as Tree[], shownEp, shownCommand)[1];
}

/** The key an entry's value sits under: the last segment of its field (`environment.DB_PASSWORD`). */
function lastKey(e: DiffEntry): string {
  const m = /(?:^|\.)([A-Za-z0-9_-]+)$|\["((?:[^"\\]|\\.)*)"\]$|\[([^\]]*)\]$/.exec(e.field || e.name);
  if (!m) return e.name;
  return m[1] ?? (m[2] !== undefined ? String(JSON.parse(`"${m[2]}"`)) : m[3]);
}

/** An entry as it may be shown: values masked as `redactValue` does, unless `redact` is false. */
export function shown(e: DiffEntry, redact: boolean, masker: Masker = NO_MASK): DiffEntry {
  if (!redact) return e;
  const out = masker.deep({ ...e });
  // where the entry's value sits in the Compose schema: its field names are kept (src/report/diff-paths.ts)
  const node = masker.size ? showFields(e, out, masker) : null;
  const key = lastKey(e);
  // a secret's content (read from `environment:`) is its value, whatever the secret is called
  const secret = e.section === 'secrets' && (e.field === 'content' || e.field === '');
  const mask = (v: Tree): Tree =>
    !secret
      ? redactValue(key, v, masker, undefined, node)
      : isObject(v)
        ? masker.deep(masker.shownPaths.placed(Object.hasOwn(v, 'content') ? { ...v, content: MASK } : v, node))
        : MASK;
  const eps = e[ENTRYPOINTS];
  if (e.from !== undefined) out.from = afterEntrypoint(e.from, mask(e.from), eps?.from, masker);
  if (e.to !== undefined) out.to = afterEntrypoint(e.to, mask(e.to), eps?.to, masker);
  // as the walk of an answer meets them again
  for (const v of [out.from, out.to]) masker.shownPaths.placed(v, node);
  return out;
}

function summaryOf(diff: EnvironmentDiff): DiffData['summary'] {
  const summary = { added: 0, removed: 0, changed: 0 };
  for (const e of diff.entries) summary[e.kind]++;
  return summary;
}

export function diffData(diff: EnvironmentDiff, options: DiffRenderOptions = {}): DiffData {
  const redact = options.redact !== false;
  const summary = summaryOf(diff);
  const masker = options.masker ?? NO_MASK;
  // the pair's names as the answers show an environment's name: with its ordinal where two mask alike
  const out: DiffData = {
    from: redact ? masker.name(diff.from) : diff.from,
    to: redact ? masker.name(diff.to) : diff.to,
    complete: diff.complete,
    summary,
    entries: options.shown ? [...options.shown] : diff.entries.map((e) => shown(e, redact, options.masker)),
  };
  if (options.drift)
    out.drift = namedItems(options.drift, masker).map((f) =>
      masker.findings(redact ? { ...f, message: maskText(f.message) } : f),
    );
  return out;
}

const where = (l: Location | undefined): string => (l ? `${l.file}:${l.line}` : '');
const value = (v: Tree | undefined, max = 100): string => {
  const s = v === undefined ? '' : goJsonText(JSON.stringify(v));
  return textLine(s.length > max ? `${s.slice(0, max - 3)}...` : s);
};
const countLine = (d: DiffData): string => {
  const n = d.entries.length;
  return `${d.from} -> ${d.to}: ${n === 0 ? 'no differences' : `${n} difference${n === 1 ? '' : 's'} (${d.summary.added} added, ${d.summary.removed} removed, ${d.summary.changed} changed)`}`;
};

/**
 * ```
 * services.api
 *   - environment.DEBUG: "true"  (docker-compose.override.yml:7)
 *   ~ environment.NODE_ENV: "development" (docker-compose.override.yml:8) -> "production" (docker-compose.yml:9)
 *   + deploy.replicas: 3  (docker-compose.prod.yml:5)
 * ```
 * `-` only in the first environment, `+` only in the second.
 */
export function formatDiffText(diff: EnvironmentDiff, options: DiffRenderOptions = {}): string {
  const d = diffData(diff, options);
  let out = `${textLine(countLine(d))}\n`;
  if (!d.complete) out += `(a side has no model: it failed to load and was compared as empty)\n`;
  let group = '';
  for (const e of d.entries) {
    if (e.field === '') {
      const only = e.kind === 'added' ? d.to : d.from;
      out += `${e.kind === 'added' ? '+' : '-'} ${textLine(e.path)}: only in ${textLine(only)}  (${textLine(where(e.toLocation ?? e.fromLocation))})\n`;
      group = '';
      continue;
    }
    const g = e.path.slice(0, e.path.length - e.field.length).replace(/\.$/, '');
    if (g !== group) out += `${textLine((group = g))}\n`;
    if (e.kind === 'changed')
      out += `  ~ ${textLine(e.field)}: ${value(e.from)} (${textLine(where(e.fromLocation))}) -> ${value(e.to)} (${textLine(where(e.toLocation))})\n`;
    else
      out += `  ${e.kind === 'added' ? '+' : '-'} ${textLine(e.field)}: ${value(e.kind === 'added' ? e.to : e.from)}  (${textLine(where(e.kind === 'added' ? e.toLocation : e.fromLocation))})\n`;
  }
  if (d.drift?.length) {
    out += `\ndrift risks:\n`;
    for (const f of d.drift)
      out += `${textLine(f.file || '<bundle>')}:${f.line}:${f.column}: ${f.severity} ${textLine(f.message)} [${f.rule}]\n${f.related.map((l) => `  see ${textLine(where(l))}\n`).join('')}`;
  }
  return out;
}

const side = (v: Tree | undefined, l: Location | undefined, whole: boolean): string =>
  v === undefined ? '—' : `${whole ? 'defined' : mdCode(value(v, 80), true)}${l ? ` ${mdText(where(l))}` : ''}`;

/** `| service | field | <from> | <to> |`, each side its value and the `file:line` that set it. */
export function formatDiffMarkdown(diff: EnvironmentDiff, options: DiffRenderOptions = {}): string {
  const max = options.maxRows ?? Infinity;
  // only the rows that will be shown are redacted and rendered (a PR comment has a size limit)
  const cut = diff.entries.length > max;
  const d = diffData(cut ? { ...diff, entries: diff.entries.slice(0, max) } : diff, {
    ...options,
    ...(options.drift ? { drift: options.drift.slice(0, max) } : {}),
    ...(options.shown && cut ? { shown: options.shown.slice(0, max) } : {}),
  });
  const all = diff.entries.length;
  let out = `**${countLine({ ...d, from: mdText(d.from), to: mdText(d.to), entries: diff.entries, summary: summaryOf(diff) })}**\n\n`;
  if (d.entries.length) {
    out += `| service | field | ${mdText(d.from)} | ${mdText(d.to)} |\n|---|---|---|---|\n`;
    for (const e of d.entries) {
      const who = e.section === 'services' ? e.name : `${e.section}.${e.name}`;
      const whole = e.field === '';
      out += `| ${mdText(who)} | ${whole ? `(whole ${e.section === 'services' ? 'service' : e.section.replace(/s$/, '')})` : mdCode(e.field, true)} | ${side(e.from, e.fromLocation, whole)} | ${side(e.to, e.toLocation, whole)} |\n`;
    }
    if (all > d.entries.length)
      out += `\n… and ${all - d.entries.length} more differences (see \`compose-review diff\`).\n`;
  }
  if (d.drift?.length) {
    out += `\n| severity | rule | ${mdText(d.to)} | ${mdText(d.from)} | finding |\n|---|---|---|---|---|\n`;
    for (const f of d.drift)
      out += `| ${f.severity} | \`${f.rule}\` | ${f.file ? mdText(`${f.file}:${f.line}`) : '—'} | ${f.development ? mdText(where(f.development)) : '—'} | ${mdText(f.message)} |\n`;
  }
  return out;
}
