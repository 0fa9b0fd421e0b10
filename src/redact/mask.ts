/**
 * Masking by value: once a value is known to be secret (src/redact/secrets.ts), every whole-token
 * occurrence of it becomes `********`, wherever it landed: a command argument, a plain-named
 * variable, a label, a diagnostic message, a diff, a preview. "Whole token": the occurrence is not
 * part of a longer word (`hunter2hunter2` is masked in `--password=hunter2hunter2` and
 * `pg://u:hunter2hunter2@db`, not inside `xhunter2hunter2y`).
 *
 * One regular expression holds every value (longest first, so a value that contains another one is
 * masked whole); V8 compiles an alternation of literals into a scan that stays near-linear in the
 * text for the few hundred values a bundle has (bench/phases.ts measures it), and an answer with no
 * secret value pays nothing.
 */
import { escapeData, escapeProperty, mdText, sarifText, textLine } from '../escape.js';

export const MASK = '********';

const WORD = /[A-Za-z0-9_]/;
const regexpEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One value as a whole-token pattern: a word boundary is asked for only on a side that ends in a word character. */
function tokenPattern(v: string): string {
  return `${WORD.test(v[0]) ? '(?<![A-Za-z0-9_])' : ''}${regexpEscape(v)}${WORD.test(v[v.length - 1]) ? '(?![A-Za-z0-9_])' : ''}`;
}

function alternation(values: Iterable<string>): RegExp | undefined {
  const list = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  return list.length ? new RegExp(list.map(tokenPattern).join('|'), 'g') : undefined;
}

/**
 * How a value may look once written into a format: JSON strings, markdown text, code in a table,
 * text with visible escapes, workflow-command data and properties, SARIF text, YAML's single quotes.
 * The rendered answers are built from masked data already; matching these too is what makes the
 * last pass over a finished answer a guarantee rather than a hope.
 */
function encodings(v: string): string[] {
  const json = (s: string) => JSON.stringify(s).slice(1, -1);
  return [
    v,
    json(v),
    mdText(v),
    v.replace(/\|/g, '\\|'),
    textLine(v),
    escapeData(v),
    escapeProperty(v),
    sarifText(v),
    json(sarifText(v)),
    json(textLine(v)),
    v.replace(/'/g, "''"),
  ];
}

export class Masker {
  /** how many secret values it masks */
  readonly size: number;
  private readonly re?: RegExp;
  private renderedRe?: RegExp | null;

  constructor(private readonly values: readonly string[]) {
    this.size = values.length;
    this.re = alternation(values);
  }

  /** Every whole-token occurrence of a secret value in `s` as `********`. */
  text(s: string): string {
    if (!this.re || s.length === 0) return s;
    this.re.lastIndex = 0;
    return this.re.test(s) ? s.replace(this.re, MASK) : s;
  }

  /**
   * A copy of plain data (an answer, a diagnostic, a model) with every string, keys included,
   * masked; parts without a secret are returned as they are, not copied.
   */
  deep<T>(value: T): T {
    if (!this.re) return value;
    return this.walk(value, 0) as T;
  }

  private walk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return this.text(v);
    if (typeof v !== 'object' || v === null || depth > 256) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const m = this.walk(v[i], depth + 1);
        if (m !== v[i]) (out ??= v.slice())[i] = m;
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const m = this.walk(o[k], depth + 1);
      const mk = this.text(k);
      if (m === o[k] && mk === k) continue;
      if (!out) {
        out = Object.create(Object.getPrototypeOf(o) as object | null) as Record<string, unknown>;
        for (const j of Object.keys(o)) out[j] = o[j];
      }
      if (mk !== k) delete out[k];
      out[mk] = m;
    }
    return out ?? v;
  }

  /** A finished answer in any format: the values and their encoded forms (see `encodings`) masked. */
  rendered(body: string): string {
    if (!this.re) return body;
    if (this.renderedRe === undefined) this.renderedRe = alternation(this.values.flatMap(encodings)) ?? null;
    if (!this.renderedRe) return body;
    this.renderedRe.lastIndex = 0;
    return this.renderedRe.test(body) ? body.replace(this.renderedRe, MASK) : body;
  }
}

/** The masker of a bundle without a secret value. */
export const NO_MASK = new Masker([]);
