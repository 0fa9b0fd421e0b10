// urlCredentials (src/audit/model.ts) reads each `://` outwards: the same occurrences as the regular
// expression it replaces, on random texts over the characters that matter, and linear in a long run.
// tokenKind reads a value with one expression of the patterns' literals first: it finds what the
// patterns find.
import t from 'tap';
import { TOKEN_PATTERNS, tokenKind, urlCredentials } from '../src/audit/secrets.js';
import { growth } from './helpers/growth.js';

// the user may be empty (`redis://:pw@cache`) and the password ends at the authority's last `@`
const PATTERN = /\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/?#'"]*):([^\s/?#'"]+)@/gi;
function reference(text: string): { scheme: string; user: string; password: string }[] {
  const out: { scheme: string; user: string; password: string }[] = [];
  if (!text.includes('://')) return out;
  for (const m of text.matchAll(PATTERN)) {
    const password = m[3];
    if (/^\$|\$\{/.test(password) || /^[*x]+$/i.test(password) || /^<.*>$/.test(password)) continue;
    out.push({ scheme: m[1], user: m[2], password });
  }
  return out;
}

t.test('the same occurrences as the regular expression', async (t) => {
  const alphabet = ['a', 'B', '1', '_', '.', '+', '-', ':', '/', '://', '@', ' ', '$', '*', "'", 'x', '<', '>'];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  let differ = 0;
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    for (let j = rand(24); j >= 0; j--) s += alphabet[rand(alphabet.length)];
    if (JSON.stringify(urlCredentials(s)) !== JSON.stringify(reference(s))) {
      differ++;
      if (differ < 5) t.same(urlCredentials(s), reference(s), JSON.stringify(s));
    }
  }
  t.equal(differ, 0, '20,000 random texts');
  t.same(urlCredentials('DATABASE_URL=postgres://app:hunter2@db/app and redis://:pw@cache'), [
    { scheme: 'postgres', user: 'app', password: 'hunter2' },
    { scheme: 'redis', user: '', password: 'pw' },
  ]);
  t.same(urlCredentials('postgres://app:Zx81p@ss@db:5432/x'), [{ scheme: 'postgres', user: 'app', password: 'Zx81p@ss' }]);
  for (const url of ['http://alertmanager:9093?notify=ops@example.com', 'https://mailer:8025#to=a@b.io', 'http://[::1]:8080?x=y@z'])
    t.same(urlCredentials(url), [], `${url}: a query or fragment is no password`);
});

t.test('linear in a long run of scheme characters before and after one ://', async (t) => {
  const text = (n: number) => `${'a.'.repeat(n)} ${'b'.repeat(n)} x://${'u'.repeat(n)}`;
  // the regular expression took 65-220 ms at 8,000 characters (the square of the run)
  const small = text(250_000);
  const large = text(1_000_000);
  const g = growth(
    () => urlCredentials(small),
    () => urlCredentials(large),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});

t.test('tokenKind: the literals read first keep every pattern and find what the patterns find', (t) => {
  const examples: Record<string, string[]> = {
    'GitHub token': [`ghp_${'a1'.repeat(18)}`, `x ghs_${'Z9'.repeat(18)} y`, `github_pat_${'b_'.repeat(11)}`],
    'GitLab token': [`glpat-${'c_'.repeat(10)}`, `glpat-${'C'.repeat(20)} x`],
    'Slack token': ['xoxb-0123456789-abc', 'token=xoxp-aaaaaaaaaa'],
    'Stripe live key': [`sk_live_${'d'.repeat(16)}`, `rk_live_${'e4'.repeat(8)}`],
    'Google API key': [`AIza${'f_'.repeat(17)}g`],
    'private key': ['-----BEGIN RSA PRIVATE KEY-----\nMIIB', '-----BEGIN PRIVATE KEY-----'],
  };
  t.same(Object.keys(examples), TOKEN_PATTERNS.map(([kind]) => kind), 'an example of every pattern');
  for (const [kind, values] of Object.entries(examples)) for (const v of values) t.equal(tokenKind(v), kind, v);
  // near misses: each pattern's literal without the rest, and the rest without the literal
  const misses = ['ghp_short', 'gh_' + 'a'.repeat(36), 'glpat-short', 'xoxq-0123456789', 'pk_live_' + 'd'.repeat(16)];
  for (const v of [...misses, 'AIza', '----BEGIN PRIVATE KEY-----', 'postgres', ''])
    t.equal(tokenKind(v), TOKEN_PATTERNS.find(([, re]) => re.test(v))?.[0], JSON.stringify(v));
  t.end();
});
