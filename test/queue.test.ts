// The pool's queue (src/api/queue.ts): fairness between clients, deterministic, without workers.
import t from 'tap';
import { ClientGone, FairQueue } from '../src/api/queue.js';

/** A task taken through the queue: when it went, or how it was refused. */
function task(q: FairQueue, owner: string, log: string[], name: string) {
  const p = q.turn(owner).then(
    () => void log.push(`go ${name}`),
    (e: Error) => void log.push(`refused ${name}: ${e.message}`),
  );
  return p;
}

const tick = () => new Promise((r) => setImmediate(r));

t.test('one client alone has the whole queue; another takes the place of its newest waiting task', async (t) => {
  const q = new FairQueue(1);
  const log: string[] = [];
  void task(q, 'a', log, 'a0');
  for (const n of ['a1', 'a2', 'a3']) void task(q, 'a', log, n);
  await tick();
  t.same(log, ['go a0']);
  t.notOk(
    q.displace('a', () => new Error('full')),
    'alone: nobody to displace',
  );
  t.ok(
    q.displace('b', () => new Error('given to b')),
    'b has fewer waiting: a place is made',
  );
  void task(q, 'b', log, 'b0');
  await tick();
  t.same(log, ['go a0', 'refused a3: given to b'], "a's newest waiting task is the one refused");
  // b has 1 waiting, a 2: a third of b's would have 2, not fewer than a's 2
  t.notOk(q.displace('b', () => new Error('x')));
  q.release('a'); // a0 done, still counted for a while the next is chosen: b0 goes before a1
  await tick();
  q.release('b'); // b0 done: a1
  await tick();
  t.same(log.slice(2), ['go b0', 'go a1']);
  q.release('a');
  await tick();
  t.same(log.slice(4), ['go a2']);
});

t.test('the next task is the first of the clients with the fewest computing', async (t) => {
  const q = new FairQueue(2);
  const log: string[] = [];
  for (const n of ['a0', 'a1', 'a2', 'a3']) void task(q, 'a', log, n);
  void task(q, 'b', log, 'b0');
  await tick();
  t.same(log, ['go a0', 'go a1']);
  q.release('a'); // a has 1 computing (2 counting the one done), b none: b0 goes before a2
  await tick();
  t.same(log.slice(2), ['go b0']);
  q.release('a'); // a 1 (the one done), b 1: the first waiting, a2
  await tick();
  t.same(log.slice(3), ['go a2']);
});

t.test('a waiting task whose client has gone leaves the queue', async (t) => {
  const q = new FairQueue(1);
  const log: string[] = [];
  void task(q, 'a', log, 'a0');
  let gone: (() => void) | undefined;
  const left = q.turn('b', { gone: false, onGone: (f) => (gone = f) });
  gone!();
  await t.rejects(left, { message: /closed the connection/ });
  t.ok(await left.catch((e: unknown) => e instanceof ClientGone));
  q.release('a');
  t.notOk(
    q.displace('c', () => new Error('x')),
    'nothing left waiting to displace',
  );
});
