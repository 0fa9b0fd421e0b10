/**
 * Seeded fuzzing of every POST route (discovered from the OpenAPI document, so routes added later are
 * covered too): never a 5xx, every answer within a bound of CPU time. FUZZ_SEED / FUZZ_CASES to vary a run;
 * bench/fuzz.ts runs the same generator for 100,000 cases.
 */
import t from 'tap';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.js';
import {
  generateCase,
  prng,
  yamlBomb,
  protoJson,
  nestedInterpolation,
  INTERPOLATION,
  fuzzRoutes,
} from './helpers/fuzz.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const CASES = Number(process.env.FUZZ_CASES ?? 600);
const BOUND_MS = 3000;

const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
t.teardown(() => app.close());

t.before(async () => {
  await app.ready();
  // the workers' start-up (the service pays it before it listens) is not the time of an answer
  await app.inject({ method: 'POST', url: '/v1/validate', payload: { files: { 'compose.yaml': 'services: {}\n' } } });
});

/**
 * CPU milliseconds of this process (every thread: the workers' included) since `since`: a bound on
 * what an answer costs that a machine busy with other processes does not stretch, as it stretches
 * wall time (the bounds here catch runaway work, not slowness; the benchmarks time answers).
 */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function send(url: string, payload: string | Buffer, contentType: string) {
  const started = process.cpuUsage();
  const r = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
  return { status: r.statusCode, ms: cpuMs(started), body: r.body };
}

t.test('random and mutated bundles through every POST route: never a 5xx, always in time', async (t) => {
  const routes = fuzzRoutes(app);
  t.ok(routes.length >= 2, routes.map((r) => r.url).join(', '));
  const r = prng(SEED);
  const statuses: Record<number, number> = {};
  const failures: string[] = [];
  // every route gets every kind: cases are drawn per route in turn
  for (let i = 0; i < CASES; i++) {
    const c = generateCase(r, [routes[i % routes.length]]);
    const res = await send(c.url, c.payload, c.contentType);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status >= 500 || res.ms > BOUND_MS)
      failures.push(
        `#${i} ${c.kind} ${c.url} -> ${res.status} in ${res.ms.toFixed(0)} ms of CPU: ${res.body.slice(0, 200)}`,
      );
  }
  t.same(failures, [], `seed ${SEED}: ${JSON.stringify(statuses)}`);
  t.ok(
    statuses[200] > 0 && Object.keys(statuses).some((s) => s.startsWith('4')),
    'both accepted and refused inputs were generated',
  );
});

t.test('known hostile inputs through every POST route', async (t) => {
  const r = prng(SEED + 1);
  const cases: [string, string | Buffer, string?][] = [
    ['billion laughs', JSON.stringify({ files: { 'compose.yaml': yamlBomb(10, 10) } })],
    [
      '10,000-level JSON nesting',
      `{"files":{"compose.yaml":"services: {}"},"environments":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    ],
    [
      '10,000-level JSON arrays',
      `{"files":{"compose.yaml":"services: {}"},"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    ],
    [
      '10,000-level YAML flow nesting',
      JSON.stringify({
        files: { 'compose.yaml': 'services:\n  web:\n    labels: ' + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) },
      }),
    ],
    [
      '10,000-level YAML block sequences',
      JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    command: ' + '- '.repeat(10_000) + 'x\n' } }),
    ],
    [
      '10,000-level YAML flow sequences',
      JSON.stringify({ files: { 'compose.yaml': '['.repeat(10_000) + ']'.repeat(10_000) } }),
    ],
    ...[1, 2, 4, 8, 12].map(
      (d) => [`__proto__/constructor/prototype keys, ${d} levels`, protoJson(r, d)] as [string, string],
    ),
    [
      'reserved keys at every YAML level',
      JSON.stringify({
        files: {
          'compose.yaml':
            'services:\n  __proto__:\n    image: x\n    constructor:\n      prototype:\n        __proto__: 1\n  constructor:\n    image: y\n    environment:\n      __proto__: z\n      prototype: w\nx-prototype: &p\n  __proto__: {a: 1}\nnetworks:\n  constructor: {}\n',
        },
      }),
    ],
    [
      'reserved environment names',
      JSON.stringify({
        files: { 'compose.yaml': 'services:\n  w:\n    image: x\n' },
        environments: {
          __proto__: { files: ['compose.yaml'], env: { __proto__: 'x' } },
          constructor: { files: ['compose.yaml'] },
        },
      }),
    ],
    [
      'invalid UTF-8 in JSON',
      Buffer.concat([
        Buffer.from('{"files":{"compose.yaml":"services:\\n  w:\\n    image: '),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from('"}}'),
      ]),
    ],
    ['lone surrogates', '{"files":{"compose.yaml":"services:\\n  w:\\n    image: \\ud800\\udfff\\udc00"}}'],
    [
      'deeply nested interpolation',
      JSON.stringify({ files: { 'compose.yaml': `services:\n  w:\n    image: "${nestedInterpolation(5000)}"\n` } }),
    ],
    [
      'unterminated nested interpolation',
      JSON.stringify({
        files: { 'compose.yaml': `services:\n  w:\n    image: "${nestedInterpolation(5000, false)}"\n` },
      }),
    ],
    ...INTERPOLATION.map(
      (v) =>
        [
          `interpolation ${JSON.stringify(v)}`,
          JSON.stringify({
            files: {
              'compose.yaml': `services:\n  w:\n    image: '${v.replace(/'/g, "''").replace(/\n/g, ' ')}'\n    environment:\n      E: '${v.replace(/'/g, "''").replace(/\n/g, ' ')}'\n`,
              '.env': `A=${v.replace(/\n/g, '')}\n`,
            },
            environments: { dev: { files: ['compose.yaml'], env: { B: v } } },
          }),
        ] as [string, string],
    ),
    [
      'keys named like Object methods in unique lists (fuzz #66395)',
      JSON.stringify({
        files: {
          'compose.yaml':
            'services:\n  web:\n    image: x\n    volumes:\n      - toString: -1\n      - toString: {}\n    ports:\n      - valueOf: 1\n      - valueOf: 1\n      - {target: 80, x-a: {toString: 1}}\n      - {target: 80, x-a: {toString: 1}}\n',
        },
      }),
    ],
    [
      'interpolation in keys',
      JSON.stringify({ files: { 'compose.yaml': 'services:\n  ${A}:\n    image: x\n  w:\n    ${B:-image}: y\n' } }),
    ],
  ];
  for (const route of fuzzRoutes(app)) {
    for (const [name, payload, type] of cases) {
      const res = await send(route.url, payload, type ?? 'application/json');
      t.ok(
        res.status < 500 && res.ms < BOUND_MS,
        `${route.url} ${name}: ${res.status} in ${res.ms.toFixed(0)} ms of CPU`,
      );
    }
  }
});

t.test('a 100 MB body is refused with 413 quickly, without reading it all', async (t) => {
  const routes = fuzzRoutes(app);
  for (const route of routes) {
    const withLength = await send(route.url, Buffer.alloc(100 << 20, 0x20), 'application/json');
    t.equal(withLength.status, 413, `${route.url} with Content-Length`);
    t.ok(withLength.ms < 2000, `refused in ${withLength.ms.toFixed(0)} ms of CPU`);
  }
  // without Content-Length, over a real socket: the limit is enforced while the body streams in,
  // and the connection is closed rather than drained
  const server = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => server.close());
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  for (const type of ['application/json', 'application/gzip', 'multipart/form-data; boundary=x']) {
    const started = process.cpuUsage();
    let written = 0;
    // a raw socket: the server closes the connection after its 413, so writes fail (EPIPE) while the
    // answer has already been read
    const status = await new Promise<string>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      let answer = '';
      socket.on('data', (c) => {
        answer += c;
        const m = /^HTTP\/1\.1 (\d+)/.exec(answer);
        if (m) {
          resolve(m[1]);
          socket.destroy();
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(answer.slice(0, 40) || 'closed without an answer'));
      socket.write(
        `POST ${routes[0].url} HTTP/1.1\r\nhost: localhost\r\ncontent-type: ${type}\r\ntransfer-encoding: chunked\r\n\r\n`,
      );
      const chunk = Buffer.concat([
        Buffer.from(`${(1 << 20).toString(16)}\r\n`),
        Buffer.alloc(1 << 20, 0x20),
        Buffer.from('\r\n'),
      ]);
      const pump = () => {
        while (written < 100 << 20 && !socket.destroyed) {
          written += 1 << 20;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.write('0\r\n\r\n');
      };
      pump();
    });
    t.equal(status, '413', `${type}: ${status}`);
    t.ok(written <= 48 << 20, `${type}: refused after ${written >> 20} MiB sent`);
    const ms = cpuMs(started);
    t.ok(ms < 3000, `${type}: refused in ${ms.toFixed(0)} ms of CPU`);
  }
});
