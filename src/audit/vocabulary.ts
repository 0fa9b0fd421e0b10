/**
 * Our own words: the fixed texts compose-review writes around what it quotes from a bundle (a rule's
 * id, title, description and fix hint, the literal parts of its message templates, a fix's
 * description, the Compose keys of a fix's snippet). A secret is masked by value wherever it appears
 * (src/redact/mask.ts), and a weak one can be one of our words (`API_TOKEN: restart` in a service's
 * environment): masked inside `restart-policy-missing` or `has no restart policy`, it hid our own
 * vocabulary and told nothing of the bundle. So an occurrence of a secret that lies inside an
 * occurrence of one of these phrases (a whole-token occurrence, longer than the secret) is ours and
 * is left as it is; a secret that is the phrase whole, or stands beside it (`service "restart"`), is
 * masked as before.
 *
 * The phrases are registered where they are written: the rule registry gives its rules' metadata
 * (src/audit/rules/index.ts), a fix's description is written with the `own` tag (its literal parts
 * are ours, what is put between them is not), a fix's constant fragment with `ownFragment`. Each is
 * looked for as written and in the forms the answers write it in (JSON, XML, markdown). Here in
 * audit/, which writes them; the masking reads them (src/redact/vocabulary.ts).
 */
import { mdText, sarifText, textLine, xmlText } from '../escape.js';
import { emitYaml } from '../yaml/emit.js';
import type { TreeObject } from '../yaml/located.js';
import { requestMemo } from '../memo.js';

const phrases = new Set<string>();
/**
 * the phrases by each word in them (a run of `[A-Za-z0-9]`, JSON's escapes read as breaks): a secret
 * that starts or ends inside a word is no whole-token occurrence, so each word of a secret is a whole
 * word of a phrase that holds it, and the phrases a masker needs are found from its values' words
 */
const byWord = new Map<string, string[]>();

/** The phrases with the word `w` in them (none: every phrase, for a value without a word). */
export const phrasesWith = (w: string | undefined): Iterable<string> =>
  w === undefined ? phrases : (byWord.get(w) ?? []);

function addPhrase(p: string): void {
  if (phrases.has(p)) return;
  phrases.add(p);
  for (const w of new Set(p.replace(/\\(?:[nrtbf]|u[0-9a-fA-F]{4})/g, ' ').match(/[A-Za-z0-9]+/g)))
    (byWord.get(w) ?? byWord.set(w, []).get(w)!).push(p);
}

/** How many phrases there are: a masker's scanner of them is remade when this grew (src/redact/vocabulary.ts ownWordsOf). */
export const ownPhraseCount = (): number => phrases.size;

/** Each of `texts`, trimmed of blanks and quotes, and its written forms, as our own words. */
export function addOwnPhrases(texts: Iterable<string>): void {
  for (const t of texts) {
    const trimmed = t.replace(/^[\s"'`(:,.]+|[\s"'`(:,]+$/g, '');
    // as written, and as plain text (SARIF's `text` drops markdown's backticks)
    for (const p of new Set([trimmed, trimmed.replace(/`/g, '')])) {
      if (!p) continue;
      const json = (s: string): string => JSON.stringify(s).slice(1, -1);
      for (const form of [p, json(p), xmlText(p), mdText(p), textLine(p), sarifText(p), json(sarifText(p))])
        addPhrase(form);
      // a JSON string's line break before it (`\n\nNeither`) is a word character before its start
      if (/^[A-Za-z0-9]/.test(p)) for (const form of [json(p), json(sarifText(p))]) addPhrase(`\\n${form}`);
    }
  }
}

const ids = new Set<string>();

/**
 * Our identifiers (a rule's id, a message's id): the id itself, where an answer's field of ours holds
 * it whole (`isOwnId`), and its forms in the formats, which a secret equal to it does not mask:
 * `"rule":"privileged"`, `[privileged]`, `### \`privileged\``, `compose-review.privileged`... The id
 * alone is no phrase: a service named `privileged` is the bundle's, masked.
 */
export function addOwnIds(list: Iterable<string>): void {
  const forms: string[] = [];
  for (const id of list) {
    ids.add(id);
    for (const key of ['rule', 'code', 'ruleId', 'messageId', 'id', 'check_name', 'value'])
      forms.push(`"${key}":"${id}"`, `"${key}": "${id}"`, `\\"${key}\\":\\"${id}\\"`);
    forms.push(
      `[${id}]`,
      `[${id},`,
      ` ${id}]`,
      `### \`${id}\``,
      `compose-review.${id}`,
      `title=${id}::`,
      `name="${id} at `,
    );
  }
  for (const f of forms) addPhrase(f);
}

/** Whether `s` is one of our identifiers (addOwnIds). */
export const isOwnId = (s: string): boolean => ids.has(s);

const tagged = new WeakSet<TemplateStringsArray>();

/**
 * A text of ours with values of the bundle in it (`` own`wait for "${dep}" to be healthy` ``): its
 * literal parts become our own words (once a call site), the values do not.
 */
export function own(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  if (!tagged.has(strings)) {
    tagged.add(strings);
    addOwnPhrases(strings);
  }
  let s = strings[0];
  for (let i = 0; i < values.length; i++) s += bundleText(String(values[i])) + strings[i + 1];
  return s;
}

/**
 * A fix's fragment that holds nothing of a bundle (a module's constant): its YAML lines and its JSON
 * become our own words (`restart: unless-stopped`, `"restart":"unless-stopped"`), so that a secret
 * equal to a Compose key does not mask the snippet that sets it. Returns the fragment.
 */
export function ownFragment<T extends TreeObject>(fragment: T): T {
  addOwnPhrases(emitYaml(fragment).split('\n'));
  addOwnPhrases([JSON.stringify(fragment).slice(1, -1)]);
  return fragment;
}

/** A text of ours without a value of the bundle in it (a fix's description): our own words. */
export function ownText(text: string): string {
  if (!registered.has(text)) {
    registered.add(text);
    addOwnPhrases([text]);
  }
  return text;
}
const registered = new Set<string>();

/** Whether `text` was given to ownText: a message's value that is ours (src/audit/rule.ts fillMessage). */
export const isOwnText = (text: string): boolean => registered.has(text);

/**
 * The bundle's texts that our words were filled with: a message template's values, an `own` text's,
 * a name or value a fix snippet copies. Our words are spared by what they read (src/redact/vocabulary.ts
 * notOurs), and a value can hold them around a secret (a device `QQ has no restart policy QZ`, the
 * secret `restart`): an occurrence of a secret inside one of these texts is the bundle's, masked
 * whatever words of ours it sits in (src/redact/mask.ts Masker.ours), and a fix that holds one is
 * withheld. Kept for the task (emptied with the request memos, src/memo.ts), BUNDLE_TEXTS_MAX
 * characters at most: past them the sparing stops until the next task (every secret masked in our
 * words too: more masked, never less).
 */
const BUNDLE_TEXTS_MAX = 1 << 22;
/** a memo the request memos empty: when it is empty, the texts are another task's */
const task = requestMemo<0, 0>();
let texts: string[] = [];
const known = new Set<string>();
let chars = 0;
let generation = 0;
let overflow = false;

function thisTask(): void {
  if (task.has(0)) return;
  task.set(0, 0);
  if (texts.length === 0 && !overflow) return;
  texts = [];
  known.clear();
  chars = 0;
  overflow = false;
  generation++;
}

/** `text`, a text of the bundle that our words are filled with (see BUNDLE_TEXTS_MAX): remembered. */
export function bundleText<T extends string>(text: T): T {
  thisTask();
  remember(text);
  // as a single-quoted YAML scalar writes it (a double-quoted one is masked whole: quotedToo)
  if (text.includes("'")) remember(text.replace(/'/g, "''"));
  return text;
}

function remember(text: string): void {
  if (text.length === 0 || known.has(text) || overflow) return;
  if ((chars += text.length) > BUNDLE_TEXTS_MAX) overflow = true;
  else {
    known.add(text);
    texts.push(text);
  }
}

/**
 * The texts bundleText remembered, in the order it did (a reader keeps how many it read), which
 * task's (`generation`), and whether some were past the budget (`overflow`: our words are no
 * longer told from the bundle's).
 */
export function bundleTexts(): { generation: number; texts: readonly string[]; overflow: boolean } {
  thisTask();
  return { generation, texts, overflow };
}
