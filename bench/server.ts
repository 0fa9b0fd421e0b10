// The service plus two reference routes, for bench/http.ts:
//   GET  /bench/empty  - a whole fastify request that does nothing (the baseline)
//   POST /bench/floor  - JSON-parses the bundle (as the workers do: secure-json-parse, duplicate keys), parses each file with yaml and validates it with the
//                        compiled schema: the least any review must do. /v1/review should cost little more.
//   POST /bench/answer - JSON-parses the bundle and sends the seed review's answer (42 KB, computed once
//                        at start-up) without computing anything: what /v1/review's HTTP side costs
//                        (fastify, the body, writing the answer), the most /v1/review could ever do here.
// BENCH_BUILT=1: the service as built (`npm run build`: tsc's dist/src, its workers running
// dist/src/api/worker.js), the floor's parse and schema too; default: the TypeScript sources under tsx,
// whose workers load them through tsx (its output keeps every function's name with a call per
// definition). Measured on a loaded machine: an in-process seed review 3.3 ms of CPU built against
// 3.8 ms under tsx (one run each); over HTTP 12.0 against 12.6 ms (means of 3, within the noise).
import { parseDocument } from 'yaml';
import type * as App from '../src/api/app.js';
import type * as Schema from '../src/validate/schema.js';
import type * as Parse from '../src/yaml/parse.js';
import type * as Task from '../src/usecases/task.js';
import type * as RequestTask from '../src/api/request-task.js';
import type * as Validation from '../src/api/validation.js';
import { readTree } from '../test/helpers/fixtures.js';

const root = process.env.BENCH_BUILT === '1' ? '../dist/src' : '../src';
const { buildApp } = (await import(`${root}/api/app.js`)) as typeof App;
const { validateSchema } = (await import(`${root}/validate/schema.js`)) as typeof Schema;
const { parseYaml } = (await import(`${root}/yaml/parse.js`)) as typeof Parse;
const { runTask } = (await import(`${root}/usecases/task.js`)) as typeof Task;
const { parseJsonBody } = (await import(`${root}/api/request-task.js`)) as typeof RequestTask;
const { RawJson } = (await import(`${root}/api/validation.js`)) as typeof Validation;
// the service's JSON bodies are read by its workers; these routes read theirs here, as those do
const jsonBody = (body: unknown): unknown => (body instanceof RawJson ? parseJsonBody(body.bytes) : body);
const seedAnswer = Buffer.from(runTask({ question: 'review', input: { files: readTree('seed') }, options: {} }).body);

const app = buildApp({ logger: false, rateLimitPerMinute: 0 });
app.get('/bench/empty', async () => ({}));
app.post('/bench/floor', async (request) => {
  const files = (jsonBody(request.body) as { files: Record<string, string> }).files;
  let problems = 0;
  for (const [name, text] of Object.entries(files)) {
    if (!/\.ya?ml$/.test(name)) continue;
    if (process.env.FLOOR === 'document') {
      const doc = parseDocument(text);
      problems += doc.errors.length;
    } else {
      // the same positioned parse the pipeline uses, then the compiled schema
      for (const d of parseYaml(text, name).documents)
        if (d.tree && typeof d.tree === 'object') problems += validateSchema(d.tree, name).length;
    }
  }
  return { problems };
});
app.post('/bench/answer', async (request, reply) => {
  if (!(jsonBody(request.body) as { files?: unknown }).files) throw new Error('no files');
  return reply.type('application/json; charset=utf-8').send(seedAnswer);
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
// and how many requests the pool admits at once (its workers and its queue): the load a client that
// honours the 503s' Retry-After can put on it
const { workers, queueLimit } = app.work.shape;
process.stdout.write(
  `listening ${typeof address === 'object' && address ? address.port : ''} admits ${workers + queueLimit} workers ${workers}\n`,
);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
