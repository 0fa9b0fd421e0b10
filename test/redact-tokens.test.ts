// Where a YAML file's text shows a secret is read from yaml's lexer's tokens (src/redact/source.ts):
// every character of the text must be counted, or every range after the one left out is shifted and
// a mask lands beside the secret. Invariant: the text tokens rebuild the text, whatever it holds.
import t from 'tap';
import { Lexer, parseDocument } from 'yaml';
import { Masker } from '../src/redact/mask.js';
import { decodeBlock } from '../src/redact/scalars.js';
import { tokensOf, secretRanges } from '../src/redact/source.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { corpusSets } from './helpers/corpus.js';
import { readTree } from './helpers/fixtures.js';
import { growth } from './helpers/growth.js';

const rebuilt = (text: string): string => {
  let out = '';
  for (const [token, marker] of tokensOf(text)) if (!marker) out += token;
  return out;
};

t.test('the text tokens rebuild the text', async (t) => {
  const texts: string[] = Object.values(readTree('seed'));
  for (const s of corpusSets()) for (const v of Object.values(s.bundle.files)) if (typeof v === 'string') texts.push(v);
  let bad = 0;
  for (const text of texts) if (rebuilt(text) !== text) bad++;
  t.equal(bad, 0, `${texts.length} seed and corpus files`);
  // random texts of YAML's indicators and the lexer's marker characters, reproducible
  const alphabet = ['\x02', '\x18', '\x1f', '|', '>', '-', ':', ' ', '\n', '[', ']', '{', '}', ',', '"', "'", '#', 'a', '?', '&', '!', '2', '\t', '---', '...'];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const failed: string[] = [];
  for (let i = 0; i < 4000; i++) {
    let text = '';
    for (let k = 2 + next(30); k > 0; k--) text += alphabet[next(alphabet.length)];
    if (rebuilt(text) !== text && failed.length < 5) failed.push(text);
  }
  t.same(failed, [], '4,000 random texts');
});

t.test('a control character after a block scalar header shifts no mask', async (t) => {
  const headers = ['| \x18', '| \x02', '| \x1f', '>- \x18 # c', '|\x18'];
  for (const h of headers) {
    const text = `${'x: ' + h}\n  t\nservices:\n  web:\n    image: nginx\n    environment: {? DB_PASSWORD : Qz9k}\n    privileged: true\n`;
    const r = secretRanges(text);
    t.same(r.length && text.slice(r[0], r[1]), 'Qz9k', `${JSON.stringify(h)}: the range is the value's`);
  }
  // the attacker's file: six such headers, then errors the yaml library places on the secret's line
  const files = {
    'compose.yaml': `${[0, 1, 2, 3, 4, 5].map((i) => `x-${i}: | \x18\n  t\n`).join('')}services:\n  web:\n    image: nginx\n    environment: {? DB_PASSWORD : Qz9k}\n${'    k: v\n'.repeat(12)}`,
  };
  // the source lines the report quotes (a yaml-syntax message may quote a token itself: not these lines)
  for (const question of ['validate', 'audit', 'review'] as const) {
    const body = String(runTask({ question, input: { files }, options: { format: 'text' } } as Task).body);
    const quoted = body.split('\n').filter((l) => l.startsWith('  ') && l.includes('DB_PASSWORD'));
    t.ok(quoted.length, `${question} text: the line is quoted`);
    t.same(quoted.filter((l) => !l.includes('{? DB_PASSWORD : ********}')), [], `${question} text: masked where it stands`);
  }
});

t.test('classing the tokens costs time linear in the text', async (t) => {
  const text = (n: number): string => 'a: \x1f\nb: | \x18\n  t\nc: [\x18, \x02]\n'.repeat(n);
  const g = growth(
    () => [...tokensOf(text(1_000))].length,
    () => [...tokensOf(text(4_000))].length,
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});

t.test('a block scalar is decoded as yaml reads it', async (t) => {
  // leading empty lines, blank lines more indented than the text, folding around them, CRLF, contexts
  let seed = 11;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const headers = ['|', '>', '|-', '>-', '|+', '>+', '| # c', '>- # c'];
  const contexts: [string, number, (d: any) => unknown][] = [
    ['k: ', 0, (d) => d?.k],
    ['p:\n  k: ', 2, (d) => d?.p?.k],
    ['- ', 0, (d) => d?.[0]],
    ['p:\n  - ', 2, (d) => d?.p?.[0]],
    ['k: ', 0, (d) => d?.k],
  ];
  const texts = ['', '', 'a', 'b c', ' x', '\ty', 'a  ', 'a # b'];
  let compared = 0;
  const failed: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const [prefix, base, get] = contexts[next(contexts.length)];
    // an indentation indicator at the top level (it counts from the parent's indentation)
    const header = base === 0 && next(4) === 0 ? `${['|', '>'][next(2)]}${1 + next(3)}` : headers[next(headers.length)];
    const nl = next(4) === 0 ? '\r\n' : '\n';
    let body = '';
    for (let k = 1 + next(6); k > 0; k--) body += ' '.repeat(base + next(6)) + texts[next(texts.length)] + nl;
    const text = `${prefix}${header}${nl}${body}`;
    const doc = parseDocument(text);
    const value = doc.errors.length ? undefined : get(doc.toJS());
    if (typeof value !== 'string') continue;
    const tokens = [...new Lexer().lex(text)];
    const h = tokens.findIndex((x) => x[0] === '|' || x[0] === '>');
    const source = tokens[tokens.indexOf('\x1f', h) + 1];
    compared++;
    // the trailing line breaks are left out (decodeBlock)
    if (decodeBlock(source, tokens[h]).value !== value.replace(/\n+$/, '') && failed.length < 5) failed.push(text);
  }
  t.ok(compared > 2000, `${compared} scalars compared`);
  t.same(failed, []);
  // a multi-line secret found whole where a block scalar writes it
  const secret = 'CanaryA1\n \nCanaryB2';
  const file = 'x-copy: |\n\n  CanaryA1\n   \n  CanaryB2\nx-fold: >-\n\n  CanaryA1\n   \n  CanaryB2\n';
  const r = secretRanges(file, new Masker([secret]));
  const shown = new Set<string>();
  for (let k = 0; k < r.length; k += 2) shown.add(file.slice(r[k], r[k + 1]));
  t.same([...shown], ['CanaryA1\n   \n  CanaryB2'], 'both scalars, from the first line to the last');
});
