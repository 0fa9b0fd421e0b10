/**
 * A baseline sent with a multipart upload applies to the request, one bundle or a change pair of two
 * archives: a `baseline` part (a baseline file, as `--write-baseline` writes it), or the `bundle`
 * part's `baseline` member. A part named `baseline` is never taken for a bundle file.
 */
import t from 'tap';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/api/app.js';
import { auditBundle } from '../src/usecases/audit.js';
import { createBaseline, formatBaseline } from '../src/baseline/baseline.js';
import { tarOf } from './helpers/tar.js';
import { keepWorkers } from './helpers/workers.js';

// the subtests' apps share one worker thread, started once (each app of its own started and stopped one)
await keepWorkers(t);

const BASE = 'services:\n  web:\n    image: nginx:1.25\n';
const HEAD = `${BASE}    privileged: true\n`;
const baselineText = formatBaseline(
  createBaseline(auditBundle({ files: { 'compose.yaml': HEAD } }).json.findings.filter((f) => f.rule === 'privileged')),
);

type Part = { name: string; content: string | Buffer; file?: string };

async function multipart(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  for (const p of parts)
    if (p.file !== undefined) fd.append(p.name, new Blob([p.content]), p.file);
    else fd.append(p.name, String(p.content));
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  };
}

const archives = (): Part[] => [
  { name: 'base', content: gzipSync(tarOf({ 'compose.yaml': BASE })), file: 'base.tgz' },
  { name: 'head', content: gzipSync(tarOf({ 'compose.yaml': HEAD })), file: 'head.tgz' },
];

t.test('a change pair of archives takes its baseline in a `baseline` part or the `bundle` part', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const post = async (parts: Part[]) => app.inject({ method: 'POST', url: '/v1/review', ...(await multipart(parts)) });
  const without = await post(archives());
  t.equal(without.json().verdict.status, 'fail', 'without the baseline the new privileged fails the change');
  for (const [label, extra] of [
    ['a baseline part (a file)', { name: 'baseline', content: baselineText, file: 'baseline.json' }],
    ['a baseline part (a field)', { name: 'baseline', content: baselineText }],
    ['the bundle part', { name: 'bundle', content: JSON.stringify({ baseline: JSON.parse(baselineText) }) }],
  ] as const) {
    const r = await post([...archives(), extra]);
    t.equal(r.statusCode, 200, label);
    t.equal(r.json().verdict.status, 'pass', label);
    t.match(r.json().newSuppressed, [{ rule: 'privileged', suppressed: { by: 'baseline' } }], label);
  }
  const twice = await post([
    ...archives(),
    { name: 'baseline', content: baselineText },
    { name: 'bundle', content: JSON.stringify({ baseline: JSON.parse(baselineText) }) },
  ]);
  t.equal(twice.statusCode, 400);
  t.match(twice.json(), { pointer: '/baseline', detail: /sent twice/ });
  const bad = await post([...archives(), { name: 'baseline', content: 'not json' }]);
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { pointer: '/baseline', detail: /"baseline" part is not valid JSON/ });
});

t.test('one bundle: a `baseline` part is the baseline, not a bundle file called "baseline"', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const parts: Part[] = [
    { name: 'compose.yaml', content: HEAD, file: 'compose.yaml' },
    { name: 'baseline', content: baselineText, file: 'baseline.json' },
  ];
  const audit = await app.inject({ method: 'POST', url: '/v1/audit', ...(await multipart(parts)) });
  t.equal(audit.statusCode, 200);
  t.equal(audit.json().failed, false);
  t.match(audit.json().suppressed, [{ rule: 'privileged', suppressed: { by: 'baseline' } }]);
  const review = await app.inject({ method: 'POST', url: '/v1/review', ...(await multipart(parts)) });
  t.equal(review.json().verdict.status, 'pass');
  // a question that takes no baseline says so, rather than keeping a file called "baseline"
  const validate = await app.inject({ method: 'POST', url: '/v1/validate', ...(await multipart(parts)) });
  t.equal(validate.statusCode, 400);
  t.match(validate.json(), { detail: /baseline/ });
});
