/**
 * Which values of a bundle are secret. A value is known to be secret when it stands under a
 * secret-like name anywhere (`DB_PASSWORD` as an environment or `.env` variable, a label, a build
 * arg, a `--password` flag, an `x-` key, a volume driver option), when it is the value of a
 * variable with a secret-like name, wherever the interpolation put it (`NOTE: ${DB_PASSWORD}`,
 * `command: ["--password", "${DB_PASSWORD}"]`, `ports: ["${PGPASSWORD}:80"]`), when it is a
 * `${DB_PASSWORD:-default}` default, when it is a secret's content (`secrets:` from `environment`,
 * from `content`, from a `file` of the bundle), or when it matches a credential pattern: a URL's
 * password, a connection string's (quoted ones whole: src/audit/secrets.ts connectionPasswords), a
 * Go MySQL DSN's, Traefik `basicauth.users` / `digestauth.users` entries and their hashes,
 * well-known token formats (src/audit/model.ts TOKEN_PATTERNS).
 *
 * Only values that can be masked everywhere without hiding what is not secret are returned (the
 * masker's "strong" values): at least 6 characters, not plainly a non-secret (`true`, a number, a
 * path, a `${VAR}` reference, a well-known default password such as `postgres`, which is public and
 * would otherwise hide an image name). Shorter and plain values are masked only where they stand
 * under their secret name (src/report/diff.ts redactValue), so image names and ports stay readable.
 */
import type { Bundle, EnvironmentSpec } from '../bundle/bundle.js';
import type { BundleResult } from '../load/bundle.js';
import type { LoadedProject } from '../load/project.js';
import type { Tree } from '../yaml/located.js';
import { Masker, NO_MASK } from './mask.js';
import { Collector } from './collector.js';
import { SecretLimitError } from './limit.js';
import { isStrongSecret } from './strength.js';
import { namingEnvironments, secretLike } from './names.js';
import { brokenTemplatePieces } from './lines.js';
import { emptyRecord, isRecord } from '../records.js';

export { isStrongSecret, secretLike, SecretLimitError };

const maskers = new WeakMap<BundleResult, Masker>();

/** The secret values of a loaded bundle: its text, every environment's variables and model, every parsed file's tree. */
function collect(result: BundleResult, c = new Collector(result.budgets.secretChars)): Collector {
  const bundle = result.cache.bundle;
  c.text(bundle);
  for (const d of result.allDiagnostics) {
    c.quoted(d);
    if (d.code === 'dotenv-syntax')
      c.refusedLine(d.message, bundle.files[/^(.*?): line \d+: /.exec(d.message)?.[1] ?? '']);
  }
  for (const env of Object.values(result.environments)) c.environment(env, bundle.files);
  for (const path of result.cache.files()) {
    const parsed = result.cache.get(path);
    for (const doc of parsed?.documents ?? []) c.tree(doc.tree);
    // a file with a syntax error: its tree is missing (or part of it), its text is there
    if (parsed?.diagnostics.some((d) => d.severity === 'error') && typeof bundle.files[path] === 'string')
      c.secretLines(bundle.files[path]);
  }
  return c;
}

/** The secret values of a loaded bundle (at most its secretChars budget of them). */
export function secretValues(result: BundleResult): string[] {
  return [...collect(result).values];
}

/**
 * The masker of a loaded bundle (computed once per load: the use case and its formatters share it);
 * SecretLimitError when its secret values are past the bundle's secretChars budget.
 */
export function maskerOf(result: BundleResult): Masker {
  let m = maskers.get(result);
  if (!m) {
    m = namingEnvironments(collect(result).masker(), Object.keys(result.specs));
    maskers.set(result, m);
  }
  return m;
}

/** One masker for several loads (a change review's base and head), within the first one's budget. */
export function combinedMasker(...results: BundleResult[]): Masker {
  const c = new Collector(results[0]?.budgets.secretChars);
  for (const r of results) collect(r, c);
  return namingEnvironments(
    c.masker(),
    results.flatMap((r) => Object.keys(r.specs)),
  );
}

/** The masker of a single loaded project and the trees it parsed (the CLI's `config`). */
export function projectMasker(
  bundle: Bundle,
  project: Pick<LoadedProject, 'environment' | 'model' | 'files' | 'extensions' | 'diagnostics'>,
  trees: Iterable<Tree | undefined>,
  budget?: number,
  unparsed: Iterable<string> = [],
): Masker {
  const c = new Collector(budget);
  c.text(bundle);
  c.environment(project, bundle.files);
  for (const t of trees) c.tree(t);
  // the texts of files with a syntax error (see Collector.secretLines)
  for (const text of unparsed) c.secretLines(text);
  return c.masker();
}

/**
 * From the bundle's text alone, without loading it: for the rare path where loading itself failed
 * (a bug's exception message, which is logged), so that even then no known secret reaches a log.
 */
export function textMasker(bundle: Bundle): Masker {
  return maskerOfText(new Collector(), bundle);
}

/** The masker of the secret values `c` collects from `bundle`'s text, as textMasker reads it. */
function maskerOfText(c: Collector, bundle: Bundle): Masker {
  c.text(bundle);
  for (const text of Object.values(bundle.files)) if (typeof text === 'string') c.secretLines(text);
  // for a log line: never refuses, masks what the default budget holds
  return c.values.size ? new Masker([...c.values]) : NO_MASK;
}

/**
 * From a request body refused before it became a bundle (a file an environment lists that the bundle
 * lacks, a bad or duplicate path, a member the schema does not take): the secret values the text of
 * its files and its environments' `env` make known, as textMasker reads them, so that a refusal
 * quoting a name that holds one (`"prod <secret>"`, `"<secret>.yaml"`) masks it. Each body read is
 * a bundle's shape or a change pair's (`base`, `head`); anything else in it is passed over. What
 * loading alone makes known (a value interpolated from elsewhere) is not known here.
 */
export function refusalMasker(...bodies: unknown[]): Masker {
  return textMasker(refusedText(bodies));
}

/** The files' text and the environments' `env` of refused bodies (a bundle's shape or a change pair's), as one bundle. */
function refusedText(bodies: unknown[]): Bundle {
  const files = emptyRecord<string>();
  const environments = emptyRecord<EnvironmentSpec>();
  let n = 0;
  const read = (b: unknown, sides = true): void => {
    if (!isRecord(b)) return;
    if (isRecord(b.files))
      for (const [path, text] of Object.entries(b.files)) if (typeof text === 'string') files[`${n++}/${path}`] = text;
    if (isRecord(b.environments))
      for (const spec of Object.values(b.environments)) {
        if (!isRecord(spec) || !isRecord(spec.env)) continue;
        const env = emptyRecord<string>();
        for (const [k, v] of Object.entries(spec.env)) if (typeof v === 'string') env[k] = v;
        environments[String(n++)] = { files: [], env };
      }
    if (!sides) return;
    read(b.base, false);
    read(b.head, false);
  };
  for (const b of bodies) read(b);
  return { files, environments };
}

/** A collector that passes over the values longer than `longest` (see refusalWordsMasker). */
class ShortValues extends Collector {
  constructor(private readonly longest: number) {
    super();
  }

  override add(v: unknown): void {
    if (typeof v !== 'string' || v.length <= this.longest) return super.add(v);
    // what Collector.add reads of a value that may be shorter than it: its lines, its trimmed text
    // and a broken template's pieces (each read as a value: a superset of add's, never fewer)
    if (v.includes('\n')) for (const line of v.split('\n')) this.add(line.trim());
    const t = v.trim();
    if (t.length <= this.longest) this.add(t);
    if (v.includes('${')) for (const piece of brokenTemplatePieces(v)) this.add(piece);
  }
}

/**
 * refusalMasker for a refusal's words, none longer than `longest` characters: a secret value longer
 * than they are cannot be in them (a value's encoded forms are no shorter than it), and is passed
 * over. Weighing a value costs ~0.1-0.2 µs a character (its quoted and encoded forms are built
 * before the budget is checked: src/redact/collector.ts keep): one 16 MiB line under a secret-named
 * key of a refused upload's archive took 2-3 s; passed over it costs nothing. What is masked in the
 * refusal is what refusalMasker masks.
 */
export function refusalWordsMasker(longest: number, ...bodies: unknown[]): Masker {
  return maskerOfText(new ShortValues(longest), refusedText(bodies));
}
