// The service plus two reference routes, for bench/http.ts:
//   GET  /bench/empty  - a whole fastify request that does nothing (the baseline)
//   POST /bench/floor  - JSON-parses the bundle, parses each file with yaml and validates it with the
//                        compiled schema: the least any review must do. /v1/review should cost little more.
import { parseDocument } from 'yaml';
import { buildApp } from '../src/api/app.js';
import { validateSchema } from '../src/validate/schema.js';
import { parseYaml } from '../src/yaml/parse.js';

const app = buildApp({ logger: false, rateLimitPerMinute: 0 });
app.get('/bench/empty', async () => ({}));
app.post('/bench/floor', async (request) => {
  const files = (request.body as { files: Record<string, string> }).files;
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
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
