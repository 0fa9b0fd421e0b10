// Answers a client does not read are held on the main thread (src/api/plugins/intake.ts holdAnswer): a
// 149-byte /v1/config?provenance=true with a port range 1-65535 answers 33 MB, and a client that read only
// each answer's first bytes took the process from 173 MB to 1,042 MB in 60 s (the budget counted request
// bodies only, and the stalled socket was closed by its 32 s idle timeout). An answer's bytes now count in
// the body memory budget until its client has taken them, and a connection whose answer makes no progress
// for the send-stall timeout is closed.
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import t, { type Test } from 'tap';
import { buildApp } from '../src/api/app.js';
import { keepWorkers, TEST_WORKERS } from './helpers/workers.js';

const MB = 2 ** 20;

// the subtests' apps share one worker thread, started once (each app of its own started and stopped one)
await keepWorkers(t);

async function listening(t: Test, options: Parameters<typeof buildApp>[0]) {
  const app = buildApp({ workers: TEST_WORKERS, rateLimitPerMinute: 0, ...options });
  t.teardown(async () => {
    const keep = setInterval(() => {}, 100);
    await app.close();
    clearInterval(keep);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function get(port: number, path: string, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { port, host: '127.0.0.1', path, method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (b += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const heldBytes = async (port: number) =>
  Number(/^compose_review_body_memory_bytes (\d+)/m.exec((await get(port, '/metrics')).body)?.[1]);

async function until(f: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await f())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

// the attack's request: 149 bytes, a 33 MB answer
const ports = JSON.stringify({
  files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["1-65535:1-65535"]\n' },
});

t.test("an answer its client does not read holds the budget, and its connection closes when it stalls", async (t) => {
  const port = await listening(t, { bodyMemoryBytes: 8 * MB, sendStallMs: 1500, workTimeoutMs: 60_000 });
  // read the status line, then nothing more
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.write(
    `POST /v1/config?provenance=true HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${ports.length}\r\n\r\n${ports}`,
  );
  const head = await new Promise<string>((r) => socket.once('data', (c: Buffer) => r(c.toString('latin1', 0, 12))));
  socket.pause();
  t.equal(head, 'HTTP/1.1 200');
  await until(async () => (await heldBytes(port)) > 8 * MB, 10_000);
  t.pass('the unread answer counts in the budget');
  // the same client asks again: its answer holds more than its share, so it is refused until it is read
  const again = await get(port, '/v1/config?provenance=true', 'POST', ports);
  t.equal(again.status, 503);
  t.equal(again.headers['retry-after'], '1');
  t.match(JSON.parse(again.body), { detail: /answers not yet taken/ });
  // the default socket idle timeout is 32 s: the connection closes after the send-stall timeout instead,
  // and the answer's bytes are given back (a paused client sees the close once it reads again)
  await until(async () => (await heldBytes(port)) === 0, 12_000);
  t.pass("the connection is closed, the answer's bytes given back");
  socket.resume();
  await closed;
  t.equal((await get(port, '/v1/config', 'POST', ports)).status, 200, 'then the client is served again');
});

t.test('an answer read slowly but steadily is not cut by the send-stall timeout', async (t) => {
  const port = await listening(t, { sendStallMs: 1000, workTimeoutMs: 60_000 });
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `POST /v1/config?provenance=true HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${ports.length}\r\n\r\n${ports}`,
  );
  let bytes = 0;
  let burst = 0;
  // reads 4 MB at a time with 600 ms pauses (each shorter than the stall timeout): the answer goes through whole
  socket.on('data', (c: Buffer) => {
    bytes += c.length;
    burst += c.length;
    if (burst < 4 * MB) return;
    burst = 0;
    socket.pause();
    setTimeout(() => socket.resume(), 600);
  });
  await new Promise<void>((r) => socket.once('end', () => r()));
  socket.destroy();
  t.ok(bytes > 30 * MB, `the whole answer arrived (${bytes} bytes)`);
});
