// Our answers' own structure is never masked: a weak secret equal to a member name (`version`,
// `driver`, `source`, `services`, `environment`), to one of our enumerated values (`warning`,
// `location`, `changed`), to an XML element or attribute name (`testcase`, `failure`, `severity`),
// a GitHub command or a markdown table's header (`message`) left each answer as it is but for the
// bundle's copies of the secret (found by a review: SARIF's `"********": "2.1.0"`, JUnit's
// `<******** name=…>`, GitHub's `::undefined`, every finding's `"environments": []`). The words are
// read from the answers themselves, so a member, a value or a name added to a renderer is checked
// with no list to keep: each answer with the secret equal to the word is the answer with a secret of
// no meaning of the same length.
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';
import { schemaFieldNames } from '../src/validate/validators.js';
import { deriveEnvironments } from '../src/bundle/bundle.js';
import { rules } from '../src/audit/rules/index.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { bundleTexts } from '../src/audit/vocabulary.js';

type Files = Record<string, string>;

const bundle = (secret: string): Files => ({
  'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    restart: always\n    ports: ["8080:80"]\n    environment:\n      API_TOKEN: ${secret}\n`,
  'compose.override.yaml': 'services:\n  web:\n    image: nginx:1.26\n',
});

/** A secret of no meaning as long as `word`, of its letters' case. */
const neutral = (word: string): string => [...word].map((c, i) => (/[A-Z]/.test(c) ? 'QZ' : 'qz')[i % 2]).join('');

const BUNDLE_MEMBERS = new Set(['model', 'from', 'to', 'patch', 'projectName']);

const WORD = /^[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]$/;

/** The member names, the one-word values, the XML names, the commands and the table cells of `answers`. */
function structureWords(answers: [string, string][]): Set<string> {
  const words = new Set<string>();
  const add = (w: string): void => {
    if (WORD.test(w)) words.add(w);
  };
  // a model, a diff's sides, a fix's patch are the bundle's (as Masker.walk reads them)
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        add(k);
        if (!BUNDLE_MEMBERS.has(k)) walk(x);
      }
    else if (typeof v === 'string') add(v);
  };
  for (const [, body] of answers) {
    try {
      walk(JSON.parse(body));
    } catch {
      // not JSON: its markup
    }
    if (body.startsWith('<?xml')) {
      for (const m of body.matchAll(/<\/?([\w:-]+)|\s([\w:-]+)="([^"]*)"/g)) for (const w of m.slice(1)) if (w) add(w);
    }
    for (const m of body.matchAll(/^::(\w+) (?:(\w+)=[^,:]*,?)*/gm)) add(m[1]);
    for (const m of body.matchAll(/[:,](\w+)=/g)) add(m[1]);
    for (const m of body.matchAll(/\| ([^|\n]+?)(?= \|)/g)) add(m[1]);
  }
  return words;
}

/** The bundle's own names and values (a service's, an image's, a variable's, an environment's): a secret equal to one is masked there. */
function chosenWords(files: Files): Set<string> {
  const fields = schemaFieldNames();
  const chosen = new Set(
    [
      ...Object.values(files)
        .join('\n')
        .matchAll(/[A-Za-z0-9_]+/g),
    ]
      .map((m) => m[0])
      .filter((w) => !fields.has(w)),
  );
  // and the environments the answers diff from (test/helpers/answers.ts: a skeleton of each)
  for (const e of Object.keys(deriveEnvironments({ files }).environments)) chosen.add(e).add(`${e}-skeleton`);
  return chosen.add('skeleton');
}

/** `answers` by question and format, with the secret `secret` (and a secret of no meaning as long, for reference). */
const answersWith = (secret: string): Map<string, string> => new Map(everyAnswer(bundle(secret)));

/** Where `body` first differs from `other`, a little of each around it. */
function firstDifference(other: string, body: string): string {
  let i = 0;
  while (i < body.length && body[i] === other[i]) i++;
  return `…${JSON.stringify(other.slice(Math.max(0, i - 30), i + 20))} became …${JSON.stringify(body.slice(Math.max(0, i - 30), i + 20))}`;
}

/**
 * The words a message template of a rule writes beside the bundle's value it names (`service
 * "{{service}}"`): masked with it, a class of its own (our phrases filled with the bundle's
 * values, src/redact/vocabulary.ts), not our answers' structure.
 */
function besidePlaceholders(): Set<string> {
  const words = new Set<string>();
  for (const r of rules)
    for (const m of Object.values(r.meta.messages as Record<string, string>)) {
      for (const x of m.matchAll(/([A-Za-z][\w-]*)["'` ]*\{\{/g)) words.add(x[1]);
      for (const x of m.matchAll(/\}\}["'` ]*([A-Za-z][\w-]*)/g)) words.add(x[1]);
    }
  return words;
}

t.test("a secret equal to each word of our answers' structure leaves every answer as it is", async (t) => {
  const reference = everyAnswer(bundle(neutral('x'.repeat(8))));
  const chosen = chosenWords(bundle(''));
  // the Compose schema's field names are the model's words (config, a diff's sides, a fix's snippet),
  // checked as our answers' members below; a digest (a fingerprint) is made of the bundle's places
  const fields = schemaFieldNames();
  const beside = besidePlaceholders();
  const words = [...structureWords(reference)]
    .filter((w) => !chosen.has(w) && !fields.has(w) && !beside.has(w) && !/^[0-9a-f]{16,}$/.test(w))
    .sort();
  t.ok(words.length > 100, `${words.length} words read from ${reference.length} answers`);
  const differ: string[] = [];
  for (const word of words) {
    const ref = answersWith(neutral(word));
    for (const [ask, body] of answersWith(word)) {
      const other = ref.get(ask) ?? '';
      if (body !== other) differ.push(`${word}: ${ask}: ${firstDifference(other, body)}`);
    }
  }
  t.same(differ, [], 'every answer unchanged');
  if (process.env.MARKUP_WORDS) console.error([...new Set(differ.map((d) => d.slice(0, d.indexOf(':'))))].join(' '));
});

/** The shape of a JSON answer: its members (but under a bundle's part), its lists' lengths, its values' types. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, BUNDLE_MEMBERS.has(k) ? typeof x : shape(x)]));
  return typeof v;
}

t.test('a secret equal to each member name of our answers, a Compose field name too, keeps every member', async (t) => {
  // found by a review: `version` and `driver` renamed SARIF's members, `source` rdjson's, `services`
  // the groups', `environment` every finding's (which then had no environments)
  const reference = everyAnswer(bundle(neutral('x'.repeat(8))));
  const members = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (WORD.test(k)) members.add(k);
        if (!BUNDLE_MEMBERS.has(k)) collect(x);
      }
  };
  for (const [, body] of reference) {
    try {
      collect(JSON.parse(body));
    } catch {
      // not JSON
    }
  }
  const chosen = chosenWords(bundle(''));
  const words = [...members].filter((w) => !chosen.has(w)).sort();
  for (const w of ['version', 'driver', 'source', 'services', 'environment']) t.ok(words.includes(w), `${w} is read`);
  const differ: string[] = [];
  for (const word of words) {
    const ref = answersWith(neutral(word));
    for (const [ask, body] of answersWith(word)) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        continue;
      }
      const [a, b] = [JSON.stringify(shape(JSON.parse(ref.get(ask) ?? 'null'))), JSON.stringify(shape(json))];
      if (a !== b) differ.push(`${word}: ${ask}: ${firstDifference(a, b)}`);
    }
  }
  t.same(differ, [], `${words.length} members kept in every JSON answer`);
});

t.test('a secret equal to a word of our fix snippets withholds no fix of ours', async (t) => {
  // found by a review: with the secret `privileges` our own no-new-privileges fix was withheld (its
  // snippet quotes "no-new-privileges:true", read as a value the bundle's); with `services` or
  // `environment` every fix was (a snippet's Compose keys)
  const audit = (secret: string): { rule: string; fix?: { yaml?: string; withheld?: string } }[] =>
    (
      JSON.parse(runTask({ question: 'audit', input: { files: unprivileged(secret) }, options: {} } as Task).body) as {
        findings: { rule: string; fix?: { yaml?: string; withheld?: string } }[];
      }
    ).findings;
  // a service that is not privileged: every hardening fix is made
  // (the secret quoted: `no`, `true` are a string, as the other secret is)
  const unprivileged = (secret: string): Files => ({
    'compose.yaml': bundle(JSON.stringify(secret))['compose.yaml'].replace('    privileged: true\n', ''),
  });
  // the bundle's parts a snippet copies (src/audit/vocabulary.ts bundleText: a service's name, a
  // variable's, what the fix makes of them) are the bundle's: a secret equal to a word of one withholds it
  const findings = audit(neutral('x'.repeat(8)));
  const parts = bundleTexts().texts.flatMap((text) => text.match(/[A-Za-z0-9]+/g) ?? []);
  const words = new Set<string>();
  for (const f of findings)
    for (const w of f.fix?.yaml?.match(/[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]|[A-Za-z][A-Za-z0-9]*/g) ?? [])
      for (const word of new Set([w, ...w.split(/[-_]/)]))
        if (word.length > 1 && !parts.some((p) => p.toLowerCase() === word.toLowerCase() || w.includes(p)))
          words.add(word);
  t.ok(words.has('privileges') && words.has('services'), `${words.size} words of the snippets`);
  const withheld: string[] = [];
  for (const w of words) for (const f of audit(w)) if (f.fix?.withheld) withheld.push(`${w}: ${f.rule}`);
  t.same(withheld, [], 'no fix withheld');
  // and each snippet is shown as it is where a rendered answer shows it (the markdown's yaml blocks)
  const blocks = (secret: string): string[] => {
    const body = runTask({
      question: 'audit',
      input: { files: unprivileged(secret) },
      options: { format: 'markdown' },
    } as Task).body;
    return [...body.matchAll(/```yaml\n[^`]*```/g)].map((m) => m[0]);
  };
  t.ok(blocks(neutral('x'.repeat(8))).length > 0, 'the markdown shows the snippets');
  const changed: string[] = [];
  const rulesOf = (secret: string): string =>
    audit(secret)
      .map((f) => f.rule)
      .join();
  for (const w of words) {
    // a word the audit reads as no secret (`no`, `true`: a flag's value) finds other things: not compared
    if (rulesOf(w) !== rulesOf(neutral(w))) continue;
    const [mine, other] = [blocks(w).join('\n'), blocks(neutral(w)).join('\n')];
    if (mine !== other) changed.push(`${w}: ${firstDifference(other, mine)}`);
  }
  t.same(changed, [], 'every snippet shown as it is');
});
