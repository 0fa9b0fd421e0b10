// A worker's answer reaches the main thread through its answer slot (src/api/slot.ts), not as an
// ArrayBuffer of its own per answer: the bytes are the answer's, an answer still being sent keeps
// the slot (the next one is moved, and neither is overwritten), and an answer larger than the slot
// is moved as before.
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { answerSlots } from '../src/api/slot.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { generatedProject } from '../bench/generate.js';
import { seedBundle } from './helpers/fixtures.js';
import { keepWorkers } from './helpers/workers.js';

const review = (files: Record<string, string>): Task => ({ question: 'review', input: { files }, options: {} });
const expected = (task: Task) => Buffer.from(runTask(task).body);
// the subtests' apps share one worker thread
await keepWorkers(t);

t.test('answers through the slot: the same bytes, the slot given back once each response is over', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const want = expected(review(seedBundle().files));
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'POST', url: '/v1/review', payload: seedBundle() });
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-length'], String(want.byteLength));
    t.ok(res.rawPayload.equals(want), `answer ${i + 1}: the bytes runTask answers`);
  }
  const mine = answerSlots().filter((s) => s.held);
  t.same(mine, [], 'no slot held once the responses are over');
  t.ok(answerSlots().length >= 1, 'the worker registered its slot');
});

t.test('an answer still held keeps its slot: the next is moved, neither is overwritten', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  await app.ready();
  const seed = review(seedBundle().files);
  const other = review({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  const first = await app.work.run(seed, 'first');
  t.equal(answerSlots().filter((s) => s.held).length, 1, 'the first answer holds the slot');
  const second = await app.work.run(other, 'second');
  t.ok(Buffer.from(first.body).equals(expected(seed)), 'the held answer is intact');
  t.ok(Buffer.from(second.body).equals(expected(other)), 'the next answer, moved, is right');
  t.not(second.body.buffer, first.body.buffer, 'not in the held copy');
  second.written();
  first.written();
  t.equal(answerSlots().filter((s) => s.held).length, 0, 'given back');
  const third = await app.work.run(other, 'third');
  t.equal(third.body.buffer, first.body.buffer, 'the slot (and its copy) serve again once given back');
  t.ok(Buffer.from(third.body).equals(expected(other)));
  third.written();
});

t.test('an answer larger than the slot is moved, and sent whole', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const files = generatedProject(150);
  const want = expected(review(files));
  t.ok(want.byteLength > 256 * 1024, `an answer of ${want.byteLength} bytes`);
  const res = await app.inject({ method: 'POST', url: '/v1/review', payload: { files } });
  t.equal(res.statusCode, 200);
  t.ok(res.rawPayload.equals(want), 'the bytes runTask answers');
  t.same(
    answerSlots().filter((s) => s.held),
    [],
  );
});
