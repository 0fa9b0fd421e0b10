/**
 * The web page with a 57-service, three-file project (bench/generate.ts) in Debian's headless
 * Chromium: the project is picked through the page's file input, the service answers, and the page's
 * own performance marks (web/src/perf.ts) say how long drawing took:
 * - `cr:service`: from the first request to the last answer (the API's time, for context);
 * - `cr:render`: from the last answer to the merged view drawn and painted (the target: under 1 s);
 * - `cr:view:<name>`: each view drawn; the merged one also with every service expanded, the findings
 *   with every rule's section expanded.
 * Each run loads the page afresh. Usage: npm run bench:page [-- RUNS] (default 5).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { buildWeb } from '../web/build.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { generatedProject } from './generate.js';

const SERVICES = 57;
const runs = Number(process.argv[2] ?? 5);

const dir = mkdtempSync(join(tmpdir(), 'compose-review-web-'));
await buildWeb(dir);
const app = buildApp({ pageDir: dir, rateLimitPerMinute: 0 });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
if ('reason' in browser) {
  console.error(`bench:page needs Chromium: ${browser.reason}`);
  await app.close();
  process.exit(1);
}
const files = Object.entries(generatedProject(SERVICES)).map(([name, text]) => ({
  name,
  mimeType: 'application/yaml',
  buffer: Buffer.from(text),
}));
const bytes = files.reduce((n, f) => n + f.buffer.length, 0);

const samples: Record<string, number[]> = {};
const record = (name: string, ms: number) => (samples[name] ??= []).push(ms);
const lastMeasure = (page: import('playwright-core').Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n, 'measure').at(-1)?.duration ?? NaN, name);

/** Polls from here: waitForFunction would compile its predicate in the page, which the page's CSP forbids. */
async function waitMeasure(page: import('playwright-core').Page, name: string, count: number) {
  for (const start = Date.now(); Date.now() - start < 120_000; await new Promise((r) => setTimeout(r, 20)))
    if ((await page.evaluate((n) => performance.getEntriesByName(n, 'measure').length, name)) >= count) return;
  throw new Error(`no ${name} measure within 120 s`);
}

const counts = { findings: 0, diff: 0 };
for (let run = 0; run < runs; run++) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${origin}/`);
  await page.setInputFiles('[data-testid="files-input"]', files);
  await waitMeasure(page, 'cr:render', 1);
  record('service (first request to last answer)', await lastMeasure(page, 'cr:service'));
  record('render: answer to merged view painted', await lastMeasure(page, 'cr:render'));
  await page.click('button:text("Expand all")');
  await waitMeasure(page, 'cr:view:merged', 2);
  record(`merged view, all ${SERVICES} services expanded`, await lastMeasure(page, 'cr:view:merged'));
  for (const view of ['diff', 'findings', 'source'] as const) {
    await page.click(`#tab-${view}`);
    await waitMeasure(page, `cr:view:${view}`, 1);
    record(`${view} view`, await lastMeasure(page, `cr:view:${view}`));
    if (view === 'diff') counts.diff = await page.locator('tr[data-path]').count();
    if (view === 'findings') {
      await page.click('.findings button:text("Expand all")');
      await waitMeasure(page, 'cr:view:findings', 2);
      record('findings view, every rule expanded', await lastMeasure(page, 'cr:view:findings'));
      counts.findings = await page.locator('article.finding').count();
    }
  }
  await page.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `web page, ${SERVICES} services in 3 files (${(bytes / 1024).toFixed(0)} KiB), ${runs} runs, Chromium headless at 1366x768`,
);
console.log(`(${counts.findings} finding groups drawn, ${counts.diff} diff rows; the source view shows the base file)`);
for (const [name, xs] of Object.entries(samples))
  console.log(
    `${name.padEnd(48)} median ${median(xs).toFixed(0).padStart(5)} ms   max ${Math.max(...xs)
      .toFixed(0)
      .padStart(5)} ms`,
  );
await browser.close();
await app.close();
rmSync(dir, { recursive: true, force: true });
