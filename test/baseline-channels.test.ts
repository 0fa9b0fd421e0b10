// One baseline sent three ways (the JSON body's `baseline` member, the multipart `baseline` part, the
// multipart `bundle` part's member) is refused in the same words at the same pointer (review23 F6:
// "must NOT have more than 16 properties" as JSON, "more than 16 members in one object" as a part).
// The route's schema says what it refuses (the JSON body's words, test/request-refusals.test.ts), the
// baseline's shape check what it says of the same place after it (src/api/request-task.ts checkedBody).
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());

const compose = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
const fp = 'a'.repeat(32);
const members = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, i]));

async function multipart(parts: [string, string][]) {
  const fd = new FormData();
  for (const [name, content] of parts) fd.append(name, new Blob([content]), name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
}

t.test('a baseline is refused in the same words however it is sent', async (t) => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      'an entry of 17 members',
      { findings: [{ fingerprint: fp, ...members(16) }] },
      '/baseline/findings/0',
      /must NOT have more than 16 properties \(.*more than 16 members in one object\)$/,
    ],
    [
      'a baseline of 17 members',
      { findings: [], ...members(16) },
      '/baseline',
      /must NOT have more than 16 properties \(.*more than 16 members/,
    ],
    [
      'an uppercase fingerprint',
      { findings: [{ fingerprint: 'A'.repeat(32) }] },
      '/baseline/findings/0/fingerprint',
      /must match pattern .*\(a baseline entry needs a "fingerprint" \(32 hex digits\)\)$/,
    ],
    [
      'a fingerprint that is a number',
      { findings: [{ fingerprint: 5 }] },
      '/baseline/findings/0/fingerprint',
      /must be string \(a baseline entry needs a "fingerprint"/,
    ],
    [
      'an entry that is a list',
      { findings: [{ fingerprint: fp }, [{ fingerprint: fp }]] },
      '/baseline/findings/1',
      /body\/baseline\/findings\/1 must be object \(.*an entry is a list, not an object\)$/,
    ],
    [
      'an entry without a fingerprint',
      { findings: [{}] },
      '/baseline/findings/0',
      /^invalid request: body\/baseline\/findings\/0 must have required property 'fingerprint'$/,
    ],
    [
      'a rule that is a number',
      { findings: [{ fingerprint: fp, rule: 5 }] },
      '/baseline/findings/0/rule',
      /must be string$/,
    ],
    // what the schema does not say: the shape's words alone
    [
      'an entry holding an object',
      { findings: [{ fingerprint: fp, x: { a: 1 } }] },
      '/baseline/findings/0',
      /^a baseline is an object of scalars and lists of entries: an entry holds a list or an object$/,
    ],
  ];
  for (const [what, baseline, pointer, detail] of cases) {
    const answers = [
      await app.inject({ method: 'POST', url: '/v1/audit', payload: { files: { 'compose.yaml': compose }, baseline } }),
      await multipart([
        ['compose.yaml', compose],
        ['baseline', JSON.stringify(baseline)],
      ]),
      await multipart([
        ['compose.yaml', compose],
        ['bundle', JSON.stringify({ baseline })],
      ]),
    ].map((r) => ({ status: r.statusCode, ...(JSON.parse(r.body) as { detail?: string; pointer?: string }) }));
    const [json, part, bundle] = answers.map(({ status, detail, pointer }) => ({ status, detail, pointer }));
    t.match(json, { status: 400, pointer, detail }, `${what}: the JSON body`);
    t.same(part, json, `${what}: the baseline part says the same`);
    t.same(bundle, json, `${what}: the bundle part says the same`);
  }
});
