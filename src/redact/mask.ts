/**
 * Masking by value: once a value is known to be secret (src/redact/secrets.ts), every occurrence
 * of it becomes `********`, wherever it landed: a command argument, a plain-named variable, a label,
 * a diagnostic message, a diff, a preview. A value that cannot be an ordinary word (src/redact/strength.ts
 * isAnywhereSecret: `s3crQEtValue9xQ!`) is masked inside a longer word too (`x********y`); another
 * only as a whole token, not part of a longer word (`hunter2hunter2` is masked in
 * `--password=hunter2hunter2` and `pg://u:hunter2hunter2@db`, not inside `xhunter2hunter2y`).
 *
 * The values are found by one automaton (src/redact/scan.ts), in time linear in the text plus the
 * values, however many values a bundle has: an alternation of every value in one regular expression
 * made V8 try each value at each position (1,000 values over a 33 KB answer took 0.3 s, 4,000 over
 * 140 KB 32 s). What is masked is the union of the occurrences: where two occurrences overlap
 * (`ab-cd` and `cd-ef` in `ab-cd-ef`), the whole overlapping stretch becomes one `********`, so no
 * part of either is left in clear; elsewhere each occurrence is its own `********`, as before.
 */
import { ANSWER_KEYS, answerMembers, isAnswerValue } from './answer-keys.js';
import { FEW, TokenScanner } from './scan.js';
import { renamed } from './names.js';
import { FilledTexts, notOurs, ownWordsOf, quotedToo, replaceSpans, type OwnWords } from './vocabulary.js';
import { notMarkup } from './markup.js';
import { ownPhraseCount } from '../audit/vocabulary.js';
import { FIX_WITHHELD, OWN_FIELDS, isFix, ownIdAt } from './fields.js';
import { clean } from './clean.js';
import { fieldRanges } from './schema-path.js';
import { base64Forms, encodings, PLAIN, projectNameForms, quotedForms, withEncoded } from './encodings.js';
import { byReach } from './strength.js';
import { BUNDLE_MEMBERS, OPEN, emptyLike, fieldAt, frame, type Frame } from './frames.js';
import { ShownPaths, outsideFields, pathForms } from './shown-paths.js';

export { encodings, PLAIN, quotedForms, FIX_WITHHELD };

export const MASK = '********';
const NO_SPANS: readonly number[] = Object.freeze([]);

/** The scanner of `values` (whole tokens) and `anywhere`, none when there is no value to find. */
function scanner(values: readonly string[], anywhere: readonly string[]): TokenScanner | undefined {
  const s = new TokenScanner(values, anywhere);
  return s.size ? s : undefined;
}

export class Masker {
  /** how many secret values it masks */
  readonly size: number;
  private readonly scanner?: TokenScanner;
  private renderedScanner?: TokenScanner | null;

  /**
   * No value has a character of MASK (`*`), so masking what this masker masked changes nothing: an
   * occurrence in a masked text cannot touch a `********`, so it was in the text before, with the
   * same characters around it (an edge of a masked stretch next to it is a non-word character or
   * the edge of an occurrence that a word character there would have made invalid) and was masked.
   * A whole-token value glued to one masked anywhere (`hunter2hunter2s3crQEtValue9xQ!`) is a token
   * once that is masked: the scanner finds it too (src/redact/scan.ts).
   */
  private readonly idempotent: boolean;

  /** the values when they are few (at most FEW): an answer is read for them before it is walked (`clean`) */
  private readonly few?: readonly string[];
  private filled?: FilledTexts; // the bundle's texts our words were filled with that hold a value (`ours`)

  /** the values and their quoted forms (quotedForms): all, the whole-token ones, those masked anywhere */
  private readonly values: readonly string[];
  private readonly whole: readonly string[];
  private readonly anywhere: readonly string[];

  constructor(secrets: readonly string[]) {
    this.size = secrets.length;
    const [whole, anywhere] = byReach(secrets, (v) => [v, ...quotedForms(v), ...projectNameForms(v)]);
    // its base64 forms, inside a longer encoding: masked anywhere, whatever the secret's own reach
    for (const v of secrets) for (const b of base64Forms(v)) anywhere.push(b);
    const values = anywhere.length ? [...whole, ...anywhere] : whole;
    [this.values, this.whole, this.anywhere] = [values, whole, anywhere];
    this.scanner = scanner(whole, anywhere);
    this.idempotent = !values.some((v) => v.includes('*'));
    const distinct = [...new Set(values)].filter((v) => v.length > 0);
    if (distinct.length <= FEW) this.few = distinct;
  }

  /**
   * environment names shown apart where they mask alike (src/redact/names.ts), raw to shown, and
   * their scanner: each whole-token occurrence of one is shown so before the values are masked
   */
  private names?: ReadonlyMap<string, string>;
  private nameScanner?: TokenScanner;

  /** the bundle's environment names (namesIn masks a secret inside one whatever words of ours hold it) */
  private environmentNames: readonly string[] = [];

  /** This masker, knowing the bundle's environment names (`names`); set before it is used. */
  environments(names: readonly string[]): this {
    this.environmentNames = names;
    return this;
  }

  /** This masker, showing each of `names` (raw environment name to name shown) so; set before it is used. */
  named(names: ReadonlyMap<string, string>): this {
    this.names = names;
    this.nameScanner = new TokenScanner(names.keys());
    return this;
  }

  /**
   * Every whole-token occurrence of a secret value in `s` as `********`. An environment's name in
   * it is masked as any text is, without its ordinal: the ordinal is shown only where an answer
   * names an environment (`name`, `namesIn`), never in a value that happens to hold a name (a
   * command's `echo "prod B"` showing `prod ******** (2)` would tell whose secret it holds).
   */
  text(s: string): string {
    if (!this.scanner || s.length === 0) return s;
    return this.scanner.replace(s, MASK);
  }

  /**
   * `text` for a text of ours that may quote the bundle (a finding's message, a rule's id, a fix's
   * description): a secret inside one of our own words is left as it is (src/audit/vocabulary.ts).
   */
  ours(s: string): string {
    if (!this.scanner || s.length === 0) return s;
    const spans = this.scanner.spans(s);
    let kept = notOurs(s, spans, this.ownWords());
    // a secret inside a text of the bundle our words were filled with is the bundle's (FilledTexts)
    if (kept.length < spans.length) kept = (this.filled ??= new FilledTexts(this.scanner)).keep(s, spans, kept);
    // a value our text quotes (`sets cgroup_parent "… has no restart policy …"`) is the bundle's,
    // our words around the secret in it too: masked whole (the sparing left it in clear)
    return replaceSpans(s, kept.length === spans.length ? kept : quotedToo(s, spans, kept), MASK);
  }

  /**
   * Whether a fix's snippet (a YAML text of ours, src/audit/rules) shows a secret: an occurrence in
   * a part of the bundle it copies (src/audit/vocabulary.ts bundleText: a service's name, an image's,
   * a variable's, a port's fields; FilledTexts). The rest is our template, whatever words it holds:
   * Compose's keys (`services:`, `environment:`), its quoted values (`"no-new-privileges:true"`, which
   * quotedToo took for the bundle's), a tag and a comment (`!override # every port of the service`).
   * Every occurrence counts once the bundle's texts were past their budget (FilledTexts.keep).
   */
  private snippetShows(yaml: string): boolean {
    const spans = this.scanner!.spans(yaml);
    if (spans.length === 0) return false;
    if ((this.filled ??= new FilledTexts(this.scanner!)).keep(yaml, spans, []).length) return true;
    // shown: its lines that hold a secret are ours where a rendered answer shows them (`rendered`:
    // a markdown block, SARIF's fix), as they are and as JSON writes them
    const lines = yaml.split('\n').filter((l) => this.scanner!.spans(l).length);
    this.shownPaths.add(lines.flatMap((l) => [l, JSON.stringify(l).slice(1, -1)]));
    return false;
  }

  /** Whether some environment names are shown with their ordinal (two mask alike): else `name` is `text`. */
  get ordinals(): boolean {
    return this.names !== undefined;
  }

  /** An environment's name as the answers show it where they name it: masked, and with its ordinal (see `named`). */
  name(raw: string): string {
    return this.names?.get(raw) ?? this.text(raw);
  }

  /**
   * `s`, a text made of environment names and words of ours (a verdict's `a, b cannot be loaded`),
   * masked, each name in it shown as `name` shows it. Not for a text holding a bundle's values.
   */
  namesIn(s: string): string {
    if (!this.scanner || s.length === 0) return s;
    const named = this.nameScanner ? renamed(s, this.nameScanner, this.names!, this.scanner) : s;
    const spans = this.scanner.spans(named);
    // our words and markup in it (`2 findings at error level`) are ours, not inside an environment
    // name, the bundle's (`x has no restart policy y`, `<summary>SECRET` were shown in clear)
    const ours = spans.length ? notOurs(named, spans, this.ownWords()) : spans;
    const kept = new Set(ours.length ? notMarkup(named, ours) : ours);
    const inNames: number[] = [];
    for (const raw of this.environmentNames)
      for (const n of new Set([raw, this.names?.get(raw) ?? raw]))
        for (let i = n ? named.indexOf(n) : -1; i >= 0; i = named.indexOf(n, i + 1)) inNames.push(i, i + n.length);
    const masked = spans.filter((_, k) => {
      const [a, b] = k % 2 ? [spans[k - 1], spans[k]] : [spans[k], spans[k + 1]];
      return kept.has(a) || inNames.some((x, j) => j % 2 === 0 && a < inNames[j + 1] && b > x);
    });
    return replaceSpans(named, masked, MASK);
  }

  /** Where `s` holds a secret value: the union of their whole-token occurrences, as `[start, end)` pairs (src/redact/scan.ts). */
  spans(s: string): readonly number[] {
    return this.scanner ? this.scanner.spans(s) : NO_SPANS;
  }

  /**
   * A copy of plain data (an answer, a diagnostic, a model) with every string, keys included,
   * masked; parts without a secret are returned as they are, not copied. `masked`: the objects
   * earlier calls with the same set returned (each masked part of their answers is added to it),
   * taken as they are, not walked again, when masking twice is known to change nothing (an answer
   * masked whole after its masked parts were put in it). The caller does not change them in between.
   */
  deep<T>(value: T, masked?: Set<object>): T {
    if (!this.scanner) return value;
    return this.walk(value, this.idempotent ? masked : undefined) as T;
  }

  /** the scanner of our own words that hold one of the values or their encoded forms, and how many words there were */
  private own?: { count: number; words?: OwnWords };

  /** Our own words this masker can meet a value in (src/redact/vocabulary.ts), remade when words were added. */
  private ownWords(): OwnWords | undefined {
    if (this.own?.count !== ownPhraseCount()) {
      const forms = this.values.flatMap((v) => (PLAIN.test(v) ? [v] : encodings(v)));
      this.own = { count: ownPhraseCount(), words: ownWordsOf(forms) };
    }
    return this.own.words;
  }

  /** the model paths `path` showed with a secret in a field name of them, their forms, a shown snippet's lines (`snippetShows`) */
  readonly shownPaths = new ShownPaths();

  /**
   * `k`, a model's key that is a field name of the Compose schema there (`restart` of a service, not a
   * service named `restart`: src/redact/schema-path.ts): the model's structure, never the bundle's copy
   * of a secret equal to it. Shown as it is, and so where a rendered answer writes the model (`restart:`,
   * `"restart":`). The bundle's keys (names, variables, labels, `x-` keys) are masked as any text.
   */
  field(k: string): string {
    if (this.scanner) this.shownPaths.add([`${k}:`, `"${k}":`, `\\"${k}\\":`]);
    return k;
  }

  /**
   * A finding's model path (`services.web.restart`), masked but for the segments that are the Compose
   * schema's field names there (src/redact/schema-path.ts): a secret equal to one is our word, and
   * the path is one of ours where a rendered answer shows it (`rendered`). A service's or a key's
   * name is the bundle's, masked. `fields`: the ranges of `s` that are field names, where `s` is no
   * path as `formatPath` writes it (a diff's); `forms`: what a rendered answer writes of the path as
   * shown, where a secret was left in it (registered as ours: `rendered`).
   */
  path(s: string, fields?: readonly number[], forms = pathForms): string {
    if (!this.scanner || s.length === 0) return s;
    const spans = this.scanner.spans(s);
    if (spans.length === 0) return s;
    const kept = outsideFields(spans, fields ?? fieldRanges(s));
    const shown = replaceSpans(s, kept, MASK);
    if (kept.length < spans.length) this.shownPaths.add(forms(shown));
    return shown;
  }

  /**
   * `deep` for findings and the answers made of them: the strings of their fields of ours (OWN_FIELDS:
   * a rule's id, a message, a fix's description) masked as `ours` masks, the others as `text`.
   */
  findings<T>(value: T, masked?: Set<object>): T {
    if (!this.scanner) return value;
    return this.walk(value, this.idempotent ? masked : undefined, true) as T;
  }

  /**
   * `deep` without recursion, so no nesting depth leaves a part unmasked: each object or array is a
   * frame on an explicit stack, copied only when a value or key under it changes. An object met twice
   * (a YAML alias shares one) is masked once and its masked form reused, so shared parts cost their
   * size once; an object met again inside itself (a cycle) is left as it is there. One map holds both
   * (an object's masked form, or OPEN while it is being masked), and arrays are read by index: a
   * review masks some 3,000 strings, and the walk's own allocations were most of the cost.
   */
  private walk(root: unknown, masked?: Set<object>, ours = false): unknown {
    if (typeof root === 'string') return this.text(root);
    if (typeof root !== 'object' || root === null || masked?.has(root)) return root;
    if (this.few && clean(root, this.few, masked)) {
      masked?.add(root);
      return root;
    }
    const seen = new Map<object, unknown>();
    const stack: Frame[] = [frame(root, false, undefined, undefined, this.shownPaths.placeOf(root))];
    seen.set(root, OPEN);
    let result: unknown = root;
    while (stack.length) {
      const f = stack[stack.length - 1];
      if (f.i < f.n) {
        const child: unknown = f.keys ? Reflect.get(f.src, f.keys[f.i]) : (f.src as unknown[])[f.i];
        let m: unknown = child;
        if (typeof child === 'string') {
          m = this.stringAt(f, f.keys?.[f.i] ?? '', child, ours);
        } else if (ours && f.keys?.[f.i] === 'fix' && isFix(child)) m = this.fix(child);
        else if (typeof child === 'object' && child !== null) {
          const known = seen.get(child);
          if (known === undefined && !masked?.has(child)) {
            seen.set(child, OPEN);
            const key = f.keys ? f.keys[f.i] : f.i;
            // (an environment named `model` is no member of ours: its own `model` is)
            const bundle =
              f.bundle || (typeof key === 'string' && BUNDLE_MEMBERS.has(key) && f.under !== 'environments');
            stack.push(frame(child, bundle, f, key, this.shownPaths.placeOf(child)));
            continue;
          }
          if (known === OPEN) f.cyclic = true;
          else if (known !== undefined) m = known;
        }
        this.put(f, f.i++, m);
        continue;
      }
      stack.pop();
      const out = f.out ?? f.src;
      seen.set(f.src, out);
      // a part that holds an object of a cycle as it was is not masked whole
      if (!f.cyclic) masked?.add(out);
      const parent = stack[stack.length - 1];
      if (parent && f.cyclic) parent.cyclic = true;
      if (!parent) result = out;
      else this.put(parent, parent.i++, out);
    }
    return result;
  }

  /** A string of the walk, `key`'s value in `f`: masked as `walk` says (`ours`: the walk of findings). */
  private stringAt(f: Frame, key: string, s: string, ours: boolean): string {
    // one of our identifiers, or one of our enumerated values where an answer of ours holds it
    if (ownIdAt(f.src, key, s, ours) || (!f.bundle && isAnswerValue(key, s))) return s;
    // a model path or a field shown with a field name equal to a secret (`path`, a diff entry's)
    if (!f.bundle && this.shownPaths.keeps(f.src, key, s)) return s;
    // a config answer's model as YAML, written from the masked model: a rendered answer (its field names kept)
    // a model path of ours (a finding's, a diagnostic's), not one a part of the bundle holds
    if (key === 'path' && !f.bundle) return this.path(s);
    if (!ours) return key === 'yaml' && Reflect.has(f.src, 'projectName') ? this.rendered(s) : this.text(s);
    // the review's PR comment, rendered and masked as a rendered answer is (its markup ours)
    if (key === 'markdown') return this.rendered(s);
    // a verdict's reason: our words and environment names
    if (key === 'reason' && isAnswerValue('status', String(Reflect.get(f.src, 'status')))) return this.namesIn(s);
    return OWN_FIELDS.has(key) ? this.ours(s) : this.text(s);
  }

  /**
   * A fix (a finding's, a group's, an environment's hardening override), masked: its description as
   * any text; its snippet and patch, which are applied as they are written, as they are when no secret
   * shows in them (our own words aside: src/audit/vocabulary.ts), else left out (`withheld` says
   * why). A patch with a `********` in it names a service or a volume no file has: it cannot apply.
   */
  fix<T extends object>(fix: T): T {
    if (!this.scanner || !isFix(fix)) return fix;
    const { description, yaml, patch } = fix;
    const shown = typeof description === 'string' ? this.ours(description) : description;
    const shows =
      typeof yaml === 'string' ? this.snippetShows(yaml) : patch !== undefined && this.walk(patch) !== patch;
    if (!shows && shown === description) return fix;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(fix)) if (k !== 'yaml' && k !== 'patch') out[k] = this.walk(Reflect.get(fix, k));
    if (typeof description === 'string') out.description = shown;
    if (!shows) {
      if (yaml !== undefined) out.yaml = yaml;
      if (patch !== undefined) out.patch = patch;
    } else {
      out.withheld = FIX_WITHHELD;
      if (typeof shown === 'string') out.description = `${shown} (${FIX_WITHHELD})`;
    }
    return out as T;
  }

  /** The masked `m` of `f`'s `i`th value (and its key masked) into `f`'s copy, made at the first change. */
  private put(f: Frame, i: number, m: unknown): void {
    const src = f.src;
    if (!f.keys) {
      if (m === (src as unknown[])[i]) return;
      f.out ??= (src as unknown[]).slice();
      (f.out as unknown[])[i] = m;
      return;
    }
    const k = f.keys[i];
    // an answer's `environments` are keyed by the bundle's environment names, whatever word of ours one is
    const names = f.under === 'environments' && !f.bundle;
    let mk = ANSWER_KEYS.has(k) && !names ? k : this.text(k);
    if (mk !== k && fieldAt(f, k)) mk = this.field(k);
    if (m === Reflect.get(src, k) && mk === k) return;
    if (!f.out) {
      const o = emptyLike(src);
      for (const j of f.keys) o[j] = Reflect.get(src, j);
      f.out = o;
    }
    if (mk !== k) Reflect.deleteProperty(f.out, k);
    Reflect.set(f.out, mk, m);
  }

  /** A finished answer in any format: the values and their encoded forms (see `encodings`) masked. */
  rendered(body: string): string {
    if (!this.scanner) return body;
    if (this.renderedScanner === undefined) {
      // the values and their encoded forms; most values have no other form, and when none has the
      // values' own scanner serves
      const [whole, anywhere] = [withEncoded(this.whole), withEncoded(this.anywhere)];
      const same = whole === this.whole && anywhere === this.anywhere;
      this.renderedScanner = same ? this.scanner : (scanner(whole, anywhere) ?? null);
    }
    if (!this.renderedScanner) return body;
    const spans = this.renderedScanner.spans(body);
    if (spans.length === 0) return body;
    const kept = notOurs(body, spans, this.shownPaths.words(), this.ownWords(), answerMembers());
    return replaceSpans(body, kept.length ? notMarkup(body, kept) : kept, MASK);
  }
}

/** The masker of a bundle without a secret value. */
export const NO_MASK = new Masker([]);
