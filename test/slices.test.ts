// A large answer is written in slices, the event loop free between two (src/api/slices.ts): the same
// bytes and headers as one write, in slices of at most SLICE_BYTES.
import t from 'tap';
import { Slices, SLICE_BYTES } from '../src/api/slices.js';
import { buildApp } from '../src/api/app.js';
import { runTask } from '../src/usecases/task.js';
import { generatedProject } from '../bench/generate.js';

t.test('slices: every byte once, in order, each slice in a turn of the event loop of its own', async (t) => {
  const bytes = new Uint8Array(2 * SLICE_BYTES + 1234).map((_, i) => i % 251);
  const chunks: Buffer[] = [];
  let turns = 0;
  const turnsAt: number[] = [];
  // counts the event loop's turns: an immediate queued from an immediate runs in the next turn
  let counting = true;
  const count = (): void => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  for await (const c of new Slices(bytes)) {
    chunks.push(c as Buffer);
    turnsAt.push(turns);
  }
  counting = false;
  t.same(
    chunks.map((c) => c.length),
    [SLICE_BYTES, SLICE_BYTES, 1234],
  );
  t.ok(Buffer.concat(chunks).equals(bytes), 'the same bytes');
  // the loop took a turn, with its I/O, between two slices
  for (let i = 1; i < turnsAt.length; i++) t.ok(turnsAt[i] > turnsAt[i - 1], `a turn before slice ${i + 1}`);
});

t.test('a large answer over HTTP: the bytes runTask gives, with its length, not chunked', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, workTimeoutMs: 60_000 });
  t.teardown(() => app.close());
  const input = { files: generatedProject(150) };
  const expected = runTask({ question: 'review', input, options: {} }).body;
  t.ok(Buffer.byteLength(expected) > 2 * SLICE_BYTES, 'an answer of several slices');
  const r = await app.inject({ method: 'POST', url: '/v1/review', payload: input });
  t.equal(r.statusCode, 200);
  t.equal(r.headers['content-length'], String(Buffer.byteLength(expected)));
  t.notOk(r.headers['transfer-encoding']);
  t.equal(r.body, expected);
});
