/**
 * The web page at `/` as the service serves it (inject): its CSP, caching, compression, the request
 * budget, the answer without a built page. The page itself in a real headless Chromium is
 * test-browser/page.test.ts (`npm run test:browser`, a step of .ci/run with its own time budget).
 */
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildApp, type AppOptions } from '../src/api/app.js';
import { PAGE_CSP } from '../src/api/page.js';
import { buildWeb } from '../web/build.js';

const pageDir = mkdtempSync(join(tmpdir(), 'compose-review-web-'));
t.teardown(() => rmSync(pageDir, { recursive: true, force: true }));
const built = await buildWeb(pageDir);

function app(options: AppOptions = {}) {
  const a = buildApp({ pageDir, ...options });
  t.teardown(() => a.close());
  return a;
}

const assetPath = (ext: string) =>
  `/${Object.keys(built.files).find((p) => p.startsWith('ui/app-') && p.endsWith(ext))}`;

t.test('the service serves the built page: its CSP, caching, gzip, no token needed', async (t) => {
  const a = app({ tokens: ['secret-token'] });
  const index = await a.inject({ url: '/' });
  t.equal(index.statusCode, 200, 'no token needed for the page');
  t.match(index.headers['content-type'], /^text\/html/);
  t.equal(index.headers['content-security-policy'], PAGE_CSP);
  t.match(PAGE_CSP, /script-src 'self'; style-src 'self'/);
  t.notMatch(PAGE_CSP, /unsafe|https?:|\*/, 'nothing inline, no other origin');
  t.equal(index.headers['cache-control'], 'no-cache');
  t.equal(index.headers['x-frame-options'], 'DENY');
  t.notMatch(index.body, /<script>|<style>|style=/, 'no inline script or style');
  t.match(index.body, new RegExp(`src="${assetPath('.js').slice(1)}"`), 'assets by relative path');

  const js = await a.inject({ url: assetPath('.js'), headers: { 'accept-encoding': 'gzip, br' } });
  t.equal(js.statusCode, 200);
  t.match(js.headers['content-type'], /^text\/javascript/);
  t.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable', 'hashed names are cached for good');
  t.equal(js.headers['content-encoding'], 'gzip');
  t.equal(gunzipSync(js.rawPayload).length, built.files[assetPath('.js').slice(1)]);
  const again = await a.inject({ url: assetPath('.js'), headers: { 'if-none-match': js.headers.etag as string } });
  t.equal(again.statusCode, 304);
  t.equal((await a.inject({ url: assetPath('.css') })).headers['content-encoding'], undefined, 'gzip only when asked');

  t.not((await a.inject({ url: '/ui/../package.json' })).statusCode, 200);
  const missing = await a.inject({ url: '/ui/..%2fpackage.json' });
  t.equal(missing.statusCode, 404, 'only the built files, by their exact path');
  t.match(missing.headers['content-type'], /problem\+json/);
  t.equal(missing.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  t.equal((await a.inject({ url: '/ui/nothing.js' })).statusCode, 404);
  t.equal((await a.inject({ url: '/v1/rules' })).statusCode, 401, 'the API still needs the token');
  t.equal((await a.inject({ url: '/index.html' })).statusCode, 401, 'only / and /ui/ are public');

  const doc = (await a.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
  t.notOk(doc.paths['/'] || doc.paths['/ui/*'], 'the page is not part of the API document');
});

t.test('the page counts against the request budget', async (t) => {
  const a = app({ rateLimitPerMinute: 3 });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await a.inject({ url: '/' })).statusCode);
  t.same(statuses, [200, 200, 200, 429]);
});

t.test('without a built page, / says how to build it', async (t) => {
  const a = app({ pageDir: join(pageDir, 'nowhere') });
  const r = await a.inject({ url: '/' });
  t.equal(r.statusCode, 404);
  t.match(r.json(), { detail: /npm run build/ });
});
