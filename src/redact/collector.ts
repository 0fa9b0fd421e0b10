/**
 * The collector of a bundle's secret values (see src/redact/secrets.ts for what is secret): its
 * text, every environment's variables and model, every parsed file's tree, the lines of a file that
 * does not parse; within the secretChars budget.
 */
import type { Bundle } from '../bundle/bundle.js';
import { resolveInBundle } from '../bundle/bundle.js';
import { DEFAULT_BUDGETS } from '../limits.js';
import type { LoadedProject } from '../load/project.js';
import { isObject, type Tree } from '../yaml/located.js';
import {
  connectionPasswords,
  decodeURIComponentSafe,
  dsnPasswords,
  oracleCredentials,
  TOKEN_LITERALS,
  TOKEN_PATTERNS,
  urlCredentials,
} from '../audit/secrets.js';
import {
  CLIENT_HINT,
  commandFollowsEntrypoint,
  commandPasswords,
  runsClient,
  type CommandPassword,
} from '../audit/secrets-command.js';
import { encodings, Masker, NO_MASK, PLAIN, quotedForms } from './mask.js';
import { base64Forms } from './encodings.js';
import { brokenTemplatePieces, ENV_FILE_NAME, envLine, secretLineValues } from './lines.js';
import { envEntries } from './source.js';
import { refusedValue } from '../interpolate/tree.js';
import { SecretLimitError } from './limit.js';
import { isShortSecret, isStrongSecret } from './strength.js';
import { secretLike } from './names.js';
import { quotedParts, type Diagnostic, type QuotedPart } from '../diagnostics.js';

/** Multi-line values longer than this are masked by their lines (a key file, a certificate bundle). */
const MAX_VALUE = 64 << 10;
/** A line of a multi-line secret at least this long is masked on its own, wherever it appears. */
const MIN_LINE = 12;

const TOKEN_GLOBAL = TOKEN_PATTERNS.map(
  ([, re]) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`),
);
const HTPASSWD_LABEL = /\.(basicauth|digestauth)\.users$/i;
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]*)(?:=([\s\S]*))?$/;
const PASSWORD_HINT = /pass|pwd/i;
/** `NAME=value` after a blank (or at the line's start), the value quoted or up to a blank */
const ASSIGNMENT_WORD = /(?:^|\s)([A-Za-z_][\w.-]*)=("[^"]*"?|'[^']*'?|[^\s'"]*)/g;
const DEFAULT = /\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}$]*)\}/g;
/** what starts the next key in `#extensions`' text (`map[x-a:1 x-b:2]`) */
const EXTENSION_KEY = / x-[^\s:]*:/;

/**
 * Whether the piece `p` shows part of a secret of its value, whose occurrences are `spans`: where
 * the piece stands in the value, one of its places overlaps one (`Pa` of `2Pa55word!x9Q`); a piece
 * the message wrote otherwise (go-units lower-cases a suffix) is taken to. A piece beside the
 * secret (the `80` of `Invalid ranges …: 80 and 8080-8081`, its secret in the protocol) shows none
 * of it, and is no value to mask everywhere (every port 80 would be).
 */
function piecesASecret(p: QuotedPart, spans: readonly number[]): boolean {
  if (spans.length === 0) return false;
  let at = p.of.indexOf(p.part);
  if (at < 0) return true;
  // the spans are sorted and apart: the first that ends after a place is the one it may overlap
  for (let k = 0; at >= 0; at = p.of.indexOf(p.part, at + 1)) {
    while (k < spans.length && spans[k + 1] <= at) k += 2;
    if (k < spans.length && at + p.part.length > spans[k]) return true;
  }
  return false;
}

export class Collector {
  readonly values = new Set<string>();
  /** characters of `values` and of their encoded forms: what the masker's automata hold */
  private chars = 0;
  /** a value was left out: adding it would have crossed `budget` */
  over = false;

  /** the pieces of values that messages quote (src/diagnostics.ts QuotedPart), for `masker` to weigh */
  private readonly pieces: QuotedPart[] = [];

  /** `budget`: the secretChars budget (characters of all values together) */
  constructor(private readonly budget: number = DEFAULT_BUDGETS.secretChars) {}

  add(v: unknown): void {
    if (typeof v !== 'string' && typeof v !== 'number') return;
    const s = String(v);
    const multiline = s.includes('\n');
    if (multiline) {
      for (const line of s.split('\n')) {
        const l = line.trim();
        if (l.length >= MIN_LINE && isStrongSecret(l)) this.keep(l);
      }
    }
    if (multiline && s.length > MAX_VALUE) return;
    if (isStrongSecret(s)) this.keep(s);
    const t = s.trim();
    if (t !== s && isStrongSecret(t)) this.keep(t);
    if (s.includes('${')) for (const piece of brokenTemplatePieces(s)) if (isStrongSecret(piece)) this.keep(piece);
  }

  /**
   * A value too short to mask wherever it appears (`Tk`), as a message quotes it (`form`: `` `Tk` ``
   * in a tag error, `=Tk` in a refused env-file line, `:Tk@` in a URL): masked where it stands so.
   */
  short(v: string, form: string): void {
    if (isShortSecret(v)) this.keep(form);
  }

  /** Adds `v` if the budget holds it: its characters, and those of its encoded forms (Masker.rendered finds them too). */
  private keep(v: string): void {
    if (this.values.has(v) || this.over) return;
    let cost = v.length;
    if (!PLAIN.test(v)) for (const e of encodings(v)) if (e !== v) cost += e.length;
    // and its quoted forms (Masker: Go's %q, JSON's quotes), each with its own encoded forms
    for (const q of quotedForms(v)) for (const e of encodings(q)) cost += e.length;
    // and its base64 forms (Masker), each with its own encoded forms
    for (const b of base64Forms(v)) {
      cost += b.length;
      if (!PLAIN.test(b)) for (const e of encodings(b)) if (e !== b) cost += e.length;
    }
    if (this.chars + cost > this.budget) {
      this.over = true;
      return;
    }
    this.chars += cost;
    this.values.add(v);
  }

  /** The masker of the values, or SecretLimitError when one was left out. */
  masker(): Masker {
    if (this.over) throw new SecretLimitError(this.budget);
    if (!this.values.size) return NO_MASK;
    const m = new Masker([...this.values]);
    if (!this.pieces.length) return m;
    // a piece of a value that holds a secret, as a message quotes it (`unknown unit "Pa"` of the
    // duration `2Pa55word!x9Q`): masked whole, whatever its length, as the value it was cut from
    const before = this.values.size;
    for (const p of this.pieces) if (p.part && piecesASecret(p, m.spans(p.of))) this.keep(p.part);
    if (this.over) throw new SecretLimitError(this.budget);
    return this.values.size === before ? m : new Masker([...this.values]);
  }

  /** The pieces of values `d`'s message quotes (src/diagnostics.ts quoting), masked where their value holds a secret (`masker`). */
  quoted(d: Diagnostic): void {
    for (const p of quotedParts(d)) this.pieces.push(p);
  }

  /** Credential patterns inside any string: a URL's password, a connection string's, a DSN's, a known token format, `--password=x` words. */
  scan(s: string): void {
    if (s.includes('://'))
      for (const c of urlCredentials(s)) {
        this.add(decodeURIComponentSafe(c.password));
        this.short(c.password, `:${c.password}@`);
      }
    if (s.includes('=') && PASSWORD_HINT.test(s))
      // a password given as a parameter of a connection string or a URL's query, whatever the variable is called
      for (const p of connectionPasswords(s)) {
        this.add(p.read === undefined ? decodeURIComponentSafe(p.written) : p.written);
        if (p.read !== undefined) this.add(p.read);
        this.short(p.read ?? p.written, p.entry);
      }
    if (s.includes('@')) {
      // a short one as the URL's is (`:pw@`): with the characters that make it a DSN's or a logon's
      for (const p of dsnPasswords(s)) {
        this.add(p);
        this.short(p, `:${p}@`);
      }
      if (s.includes('/'))
        for (const c of oracleCredentials(s)) {
          this.add(c.password);
          this.short(c.password, `/${c.written}@`);
        }
    }
    if (TOKEN_LITERALS.test(s)) for (const re of TOKEN_GLOBAL) for (const x of s.matchAll(re)) this.add(x[0]);
    // a private key in a plain-named value: the whole of it, and so its lines
    if (s.includes('PRIVATE KEY-----')) this.add(s);
    const words = s.includes('-') && /\s/.test(s.trim());
    if (words) this.flags(s.trim().split(/\s+/));
    // a shell line (CMD-SHELL, `sh -c`, a raw `command` string): what secret-in-command reads in it,
    // `--password='a b'` as the shell reads it, `mysqladmin ping -pS3cret`, `sqlplus scott/tiger@XE`,
    // `export PGPASSWORD=x; psql`
    if (words || (s.includes('/') && CLIENT_HINT.test(s)) || (s.includes('=') && /\s/.test(s.trim())))
      this.commandPasswords(commandPasswords(s));
  }

  /**
   * Passwords of command lines; one glued to `-p` also as the program reads it, where the password
   * alone is no whole token, and the word as each line writes it (`-p'a'"b"`: no piece in clear).
   */
  commandPasswords(found: readonly CommandPassword[]): void {
    for (const p of found) {
      this.add(p.password);
      if (p.option === '-p') this.add(p.written);
      for (const r of p.raw) this.add(r);
    }
  }

  /** `--password x` and `--password=x` among command words. */
  flags(words: readonly unknown[]): void {
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (typeof w !== 'string') continue;
      const m = FLAG.exec(w);
      if (!m || !secretLike(m[1].replace(/[-.]/g, '_'))) continue;
      if (m[2] !== undefined) this.add(m[2]);
      else {
        const next = words[i + 1];
        if (typeof next === 'string' && !next.startsWith('-')) this.add(next);
      }
    }
  }

  /** `user:hash,user2:hash2`: each entry and each hash. */
  htpasswd(v: string): void {
    this.add(v);
    for (const entry of v.split(/[,\s]+/)) {
      this.add(entry);
      const colon = entry.indexOf(':');
      if (colon > 0) this.add(entry.slice(colon + 1));
    }
  }

  /** Every secret-named entry and credential pattern of a (raw or canonical) Compose tree. */
  tree(node: Tree | undefined, depth = 0): void {
    if (depth > 200 || node === null || node === undefined) return;
    if (typeof node === 'string') return this.scan(node);
    if (Array.isArray(node)) {
      this.flags(node);
      // an exec form that runs a MySQL client or an Oracle tool (`["CMD", "mysqladmin", "-pS3cret"]`)
      if (runsClient(node)) this.commandPasswords(commandPasswords(node));
      for (const item of node) {
        if (typeof item === 'string') {
          const eq = item.indexOf('=');
          if (eq > 0 && secretLike(item.slice(0, eq))) this.add(item.slice(eq + 1));
        }
        this.tree(item, depth + 1);
      }
      return;
    }
    if (!isObject(node)) return;
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (typeof v === 'string' || typeof v === 'number') {
        if (secretLike(k)) this.add(v);
        // as interpolation reads it: `$$` is a `$` (a raw tree's value, quoted unloaded by a message)
        if (typeof v === 'string' && secretLike(k) && v.includes('$$')) this.add(v.replaceAll('$$', '$'));
        if (typeof v === 'string' && HTPASSWD_LABEL.test(k)) this.htpasswd(v);
      }
      if (typeof v === 'string' && k.startsWith('x-') && secretLike(k)) this.extension(v);
      this.tree(v, depth + 1);
    }
  }

  /**
   * The string value of a secret-named `x-` key, which a string map's `#extensions` prints as it is
   * (Go's `%v`, src/load/extensions.ts), when it holds what reads as the next key there (`a x-b:c`):
   * the masking of that text (src/report/diff.ts maskExtensions) would end the value at it, so the
   * value is masked whole first, whatever its length (the ` x-…:` in it hides no name or port).
   */
  extension(v: string): void {
    if (EXTENSION_KEY.test(v)) this.keep(v);
  }

  /** `${DB_PASSWORD:-default}`: the default a secret-named variable falls back to. */
  defaults(text: string): void {
    if (!text.includes('${')) return;
    for (const m of text.matchAll(DEFAULT)) if (secretLike(m[1])) this.add(m[2]);
  }

  /** `NAME=value` lines of an env file, read leniently (a file the loader refuses may still be quoted). */
  envFile(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      const entry = envLine(line);
      if (entry && secretLike(entry[0])) this.add(entry[1]);
      // every `NAME=value` word of a line of several, read leniently: a line the parser refuses
      // (`I='a'"b" API_TOKEN=x`) is quoted whole by its dotenv-syntax message
      if (line.indexOf('=') !== line.lastIndexOf('='))
        for (const m of line.matchAll(ASSIGNMENT_WORD))
          if (secretLike(m[1])) this.add(m[2].replace(/^(['"])(.*)\1$/, '$2'));
    }
    // and as compose-go's parser reads them: after a closing quote it reads on (`B='y' API_TOKEN=x`)
    envEntries(text, (e) => {
      if (secretLike(e.name)) this.add(e.decoded.value);
    });
  }

  /** A dotenv-syntax message (quoting the rest of a refused line): its short secret-named values, its URLs;
   * `file`, the env file, names an unterminated quoted value the message quotes alone (`value "Qw3`). */
  refusedLine(message: string, file = ''): void {
    for (const m of message.matchAll(ASSIGNMENT_WORD))
      if (secretLike(m[1])) this.short(m[2].replace(/^(['"])(.*)\1$/, '$2'), `=${m[2]}`);
    const open = /: unterminated quoted value ((["'])(.*))$/.exec(message);
    if (open && file.includes(open[1]))
      for (const m of file.matchAll(/^[ \t]*(?:export[ \t]+)?([^\s=:#]+)[ \t]*[=:][ \t]*(.*)$/gm))
        if (m[2] === open[1] && secretLike(m[1])) this.short(open[3], open[1]);
    this.scan(message);
  }

  /** The variables of an environment (process env over env files) and what its model holds. */
  environment(
    env: Pick<LoadedProject, 'environment' | 'model' | 'files' | 'extensions' | 'diagnostics'>,
    files: Record<string, string>,
  ): void {
    for (const [name, value] of Object.entries(env.environment)) if (secretLike(name)) this.add(value);
    // a secret-named key's value as interpolated, where the model does not hold it under its key: an
    // x- entry it holds as `#extensions` text (`x-db-password: ${V}`), one a cast refused (ulimits)
    const interpolated = [...(env.extensions ?? [])];
    for (const d of env.diagnostics) {
      this.quoted(d);
      const r = refusedValue(d);
      if (r?.keys.some(secretLike)) interpolated.push(['', r.value]);
    }
    for (const [k, v] of interpolated)
      if (k === '' || secretLike(k)) {
        this.add(v);
        this.extension(v);
      }
    const model = env.model;
    if (!model) return;
    this.tree(model);
    // a `command` of options is the entrypoint's arguments: read as one list, as Docker runs them
    // (`entrypoint: [mysqladmin]`, `command: [-uroot, -pS3cret]`; secret-in-command reads the same)
    for (const svc of isObject(model.services) ? Object.values(model.services) : [])
      if (isObject(svc) && commandFollowsEntrypoint(svc.entrypoint, svc.command))
        this.commandPasswords(commandPasswords([...(svc.entrypoint as Tree[]), ...(svc.command as Tree[])]));
    const secrets = model.secrets;
    if (!isObject(secrets)) return;
    const dir = env.files[0]?.includes('/') ? env.files[0].slice(0, env.files[0].lastIndexOf('/')) : '';
    for (const def of Object.values(secrets)) {
      if (!isObject(def)) continue;
      if (typeof def.content === 'string') this.add(def.content);
      if (typeof def.environment === 'string' && Object.hasOwn(env.environment, def.environment))
        this.add(env.environment[def.environment]);
      if (typeof def.file === 'string') {
        const path = resolveInBundle(dir, def.file);
        if (path !== undefined && Object.hasOwn(files, path) && typeof files[path] === 'string') this.add(files[path]);
      }
    }
  }

  /** The secret-named lines of a text that could not be read as YAML (src/redact/lines.ts secretLineValues). */
  secretLines(text: string): void {
    secretLineValues(
      text,
      secretLike,
      (v) => this.add(v),
      (line) => this.scan(line),
      (v, form) => this.short(v, form),
    );
  }

  /** What the bundle's text says, without loading it: env files, `${SECRET:-default}`, secret-named lines. */
  text(bundle: Bundle): void {
    for (const [path, text] of Object.entries(bundle.files)) {
      if (typeof text !== 'string') continue;
      if (ENV_FILE_NAME.test(path)) this.envFile(text);
      else this.defaults(text);
    }
    for (const spec of Object.values(bundle.environments ?? {}))
      for (const [name, value] of Object.entries(spec.env ?? {})) if (secretLike(name)) this.add(value);
  }
}
