/**
 * The web page at `/` in a real headless Chromium (Debian's, driven by playwright-core): the seed
 * project's merged production view with origins, the diff, findings linked to their source lines,
 * the token, a shared link, masked secrets; no console error, no CSP violation, no request outside
 * the service, no horizontal scroll at 1366x768, no serious axe-core violation. Screenshots of every
 * view go to test-output/screenshots/ (docs/screenshots/ holds the copies the README shows).
 *
 * Not part of `npm test`: `npm run test:browser` runs it, a step of .ci/run after `npm test` with its
 * own time budget (test/page.test.ts checks how the service serves the page).
 */
import t, { type Test } from 'tap';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildApp, type AppOptions } from '../src/api/app.js';
import { buildWeb } from '../web/build.js';
import { launchChromium } from '../test/helpers/chromium.js';

const ROOT = join(import.meta.dirname, '..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');

const pageDir = mkdtempSync(join(tmpdir(), 'compose-review-web-'));
t.teardown(() => rmSync(pageDir, { recursive: true, force: true }));
await buildWeb(pageDir);

function app(options: AppOptions = {}) {
  const a = buildApp({ pageDir, ...options });
  t.teardown(() => a.close());
  return a;
}

/** Problems the page must not cause: console errors and warnings, page errors, CSP violations. */
async function watch(page: Page, origin: string) {
  const problems: string[] = [];
  const outside: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(`${origin}/`)) outside.push(r.url());
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    ),
  );
  return { problems, outside, requests };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply to it
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
}

const horizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function view(page: Page, name: string, t: Test) {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`.view-${name}`);
  t.equal(await horizontalScroll(page), 0, `${name}: no horizontal scroll at 1366x768`);
  t.same(await axeViolations(page), [], `${name}: no serious axe-core violation`);
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

t.test('the page in a real headless Chromium', { timeout: 120_000 }, async (t) => {
  const browser = await launchChromium();
  if ('reason' in browser) {
    t.skip(`Chromium cannot start, the browser checks are skipped: ${browser.reason}`);
    return;
  }
  t.teardown(() => browser.close());
  mkdirSync(SHOTS, { recursive: true });
  const a = app({ tokens: ['page-token'] });
  const origin = await a.listen({ port: 0, host: '127.0.0.1' });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  const seen = await watch(page, origin);

  await page.goto(`${origin}/`);
  await page.waitForSelector('button[data-example="seed"]');
  t.equal(await horizontalScroll(page), 0, 'input: no horizontal scroll at 1366x768');
  t.same(await axeViolations(page), [], 'input: no serious axe-core violation');
  await shoot(page, 'input');

  await t.test('without the token the service says so; with it the seed project loads', async (t) => {
    await page.click('button[data-example="seed"]');
    await page.waitForSelector('.alert');
    t.match(await page.textContent('.alert'), /needs a token/);
    // the failed call logs a 401 in the console: not one of the page's own problems
    seen.problems.splice(0, seen.problems.length, ...seen.problems.filter((p) => !/401/.test(p)));
    await page.fill('#token', 'page-token');
    await page.click('.alert button');
    await page.waitForSelector('.merged .yaml');
    t.equal(await page.evaluate(() => sessionStorage.getItem('compose-review-token')), 'page-token');
    t.equal(await page.evaluate(() => localStorage.length + document.cookie.length), 0, 'nowhere else');
    t.match(await page.textContent('.verdict'), /Fail.*8 findings at error level/);
  });

  await t.test('merged production view: replicas: 3 and where it came from', async (t) => {
    await page.click('.merged .seg button:text-is("production")');
    const replicas = page.locator('.ln', { has: page.locator('.k', { hasText: /^replicas:$/ }) }).locator('button.val');
    t.equal(await replicas.textContent(), '3');
    t.equal(await replicas.getAttribute('data-origin'), 'docker-compose.prod.yml:5');
    await replicas.focus();
    const tip = page.locator(`#${await replicas.getAttribute('aria-describedby')}`);
    t.ok(await tip.isVisible(), 'keyboard focus shows the origin');
    t.match(await tip.textContent(), /set by docker-compose\.prod\.yml:5/);
    await replicas.blur();
    t.notOk(await tip.isVisible());
    await replicas.hover();
    t.ok(await tip.isVisible(), 'so does hovering');

    // the value a file overrode: production's image, set by the prod file over the base file's
    const image = page
      .locator('details[data-service="api"] > .blk > .ln', { has: page.locator('.k', { hasText: /^image:$/ }) })
      .locator('button.val');
    await image.focus();
    t.match(
      await page.locator(`#${await image.getAttribute('aria-describedby')}`).textContent(),
      /set by docker-compose\.prod\.yml:3.*overrides .*registry\.example\.com\/shop\/api:1\.4\.2.* from docker-compose\.yml:5/,
    );
    t.equal(await page.locator('.k', { hasText: /^DATABASE_URL:$/ }).count(), 1);
    t.notMatch(await page.textContent('.merged'), /s3cr3t-pass/, 'secrets the audit names are masked');

    // the picture: the top of the view, the origin of replicas shown by keyboard focus
    await page.evaluate(() => window.scrollTo(0, 0));
    await replicas.evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
    await shoot(page, 'merged');
    await view(page, 'merged', t);
    await page.click('#tab-merged');
    await page.click('.merged .seg button:text-is("production")');
    await page
      .locator('.ln', { has: page.locator('.k', { hasText: /^replicas:$/ }) })
      .locator('button.val')
      .click();
    await page.waitForSelector('.view-source');
    t.equal(await page.getAttribute('.code', 'data-file'), 'docker-compose.prod.yml', 'a click opens the source');
    t.equal(await page.getAttribute('.line.target', 'data-line'), '5');
    t.match(await page.textContent('.line.target .src'), /replicas: 3/);
  });

  await t.test('diff: development-only values only in development', async (t) => {
    await page.click('#tab-diff');
    await page.waitForSelector('.diff-table');
    t.equal(await page.inputValue('.diff select >> nth=0'), 'development');
    t.equal(await page.inputValue('.diff select >> nth=1'), 'production');
    const row = (path: string) => page.locator(`tr[data-path="${path}"]`);
    for (const path of [
      'services.api.environment.DEBUG',
      'services.api.command',
      'services.api.volumes[/app]',
      'services.api.ports[9229:9229/tcp]',
    ]) {
      t.match(await row(path).locator('.kind').textContent(), 'only in development', path);
      t.ok(await row(path).locator('td >> nth=0').locator('button.val').count(), `${path}: a development value`);
      t.equal(await row(path).locator('td >> nth=1').getAttribute('class'), 'absent', `${path}: none in production`);
    }
    t.equal(await row('services.api.environment.DEBUG').locator('td >> nth=0 >> button.val').textContent(), '"true"');
    const replicas = row('services.api.deploy.replicas');
    t.equal(await replicas.locator('td >> nth=0').getAttribute('class'), 'absent');
    t.equal(
      await replicas.locator('td >> nth=1 >> button.val').getAttribute('data-origin'),
      'docker-compose.prod.yml:5',
    );
    const changed = row('services.api.environment.NODE_ENV');
    t.same(await changed.locator('button.val').allTextContents(), ['development', 'production']);
    const production = (await page.locator('.diff-table td:nth-child(3)').allTextContents()).join(' ');
    t.notMatch(production, /9229|npm|"true"|\/app/, 'no development-only value in the production column');
    await shoot(page, 'diff');
    await view(page, 'diff', t);
  });

  await t.test('findings: grouped, a location opens its source line, a fix can be copied', async (t) => {
    await page.click('#tab-findings');
    // issue 14: depends-on-not-healthy, privileged-port, default-network-only... are off or info by default
    t.match(await page.textContent('.findings .toolbar'), /8 errors.*22 warnings.*5 info/);
    const card = page.locator('article.finding[data-rule="port-all-interfaces"]', {
      has: page.locator('button.loc', { hasText: 'docker-compose.override.yml:10' }),
    });
    t.equal(await card.count(), 1);
    t.equal(await card.locator('a.rule').getAttribute('href'), '#rule-port-all-interfaces');
    t.equal(await page.locator('#rule-port-all-interfaces').count(), 1, 'the rule link has a target');
    // the rule's section links its page on the service (issue 18's rule pages), which answers
    const docs = page.locator('details.rule-section[data-rule="port-all-interfaces"] .rule-docs a');
    t.equal(await docs.getAttribute('href'), '/docs/rules/port-all-interfaces');
    const rulePage = await page.evaluate(async () => {
      const r = await fetch('/docs/rules/port-all-interfaces');
      return { status: r.status, text: await r.text() };
    });
    t.equal(rulePage.status, 200, 'the rule page answers');
    t.match(rulePage.text, /port-all-interfaces/);
    await card.locator('.fix summary').click();
    await card.locator('.fix button').click();
    t.equal(
      await page.evaluate(() => navigator.clipboard.readText()),
      'services:\n  api:\n    ports: !override # every port of the service: an override\'s list adds to the base\'s\n      - "127.0.0.1:8080:8080"\n      - "127.0.0.1:9229:9229"\n',
      'the copy button copies the fix snippet',
    );
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shoot(page, 'findings');
    await view(page, 'findings', t);
    await card.locator('button.loc').click();
    await page.waitForSelector('.view-source');
    t.equal(await page.getAttribute('.code', 'data-file'), 'docker-compose.override.yml');
    const target = page.locator('.line.target');
    t.equal(await target.getAttribute('data-line'), '10');
    t.match(await target.locator('.src').textContent(), /9229:9229/);
    t.match(await target.locator('.marks').textContent(), /port-all-interfaces/, 'the finding is marked on its line');
    t.ok(await target.evaluate((el) => el === document.activeElement), 'the line gets the focus');
    await shoot(page, 'source');
    await view(page, 'source', t);
  });

  await t.test('a link carries the bundle in its fragment, never an env file', async (t) => {
    await page.click('#tab-input');
    await page.click('button:text("Copy a link to these files")');
    await page.waitForSelector('text=Link copied; env files left out: .env.');
    const url = await page.evaluate(() => navigator.clipboard.readText());
    t.match(url, new RegExp(`^${origin}/#b=`));
    const carried = JSON.parse(inflateRawSync(Buffer.from(url.split('#b=')[1], 'base64url')).toString('utf8')) as {
      files: Record<string, string>;
      omitted: string[];
    };
    t.same(Object.keys(carried.files).sort(), [
      'docker-compose.override.yml',
      'docker-compose.prod.yml',
      'docker-compose.yml',
    ]);
    t.same(carried.omitted, ['.env']);
    t.notMatch(url, /TAG/);
    const other = await context.newPage();
    const more = await watch(other, origin);
    await other.goto(url);
    // a new tab has a session storage of its own: the service asks for the token again
    await other.waitForSelector('.alert');
    more.problems.length = 0;
    await other.fill('#token', 'page-token');
    await other.click('.alert button');
    await other.waitForSelector('.merged .yaml');
    await other.click('#tab-input');
    t.match(await other.textContent('.notice'), /never carry env files: add \.env/);
    // an example by name, in the same tab (the token is in its session storage now)
    await other.goto(`${origin}/#example=replicas`);
    await other.reload();
    await other.locator('.merged details.service').first().waitFor();
    t.same(
      await other.locator('.merged details.service').evaluateAll((d) => d.map((x) => x.getAttribute('data-service'))),
      ['compose-review', 'proxy', 'redis'],
    );
    t.same(more.problems, []);
    await other.close();
  });

  await t.test('input: a folder, dropped files, pasted YAML, edited environments', async (t) => {
    await page.click('#tab-input');
    await page.click('button:text-is("Clear")');
    await page.setInputFiles('[data-testid="folder-input"]', join(ROOT, 'fixtures', 'seed'));
    await page.waitForSelector('.merged .yaml');
    await page.click('#tab-input');
    t.same(
      await page.locator('table.files code').allTextContents(),
      ['.env', 'docker-compose.override.yml', 'docker-compose.prod.yml', 'docker-compose.yml'],
      'a folder: its files by their paths inside it',
    );
    t.same(await page.locator('table.envs tbody th').allTextContents(), ['development', 'production']);

    await page.click('button:text-is("Clear")');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['services:\n  web:\n    image: nginx:1.27\n'], 'compose.yaml'));
      data.items.add(new File(['services:\n  web:\n    restart: always\n'], 'compose.prod.yaml'));
      data.items.add(new File(['not a compose file'], 'notes.txt'));
      document.querySelector('.drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }));
    });
    await page.waitForSelector('.merged .yaml');
    await page.click('#tab-input');
    t.same(await page.locator('table.files code').allTextContents(), ['compose.prod.yaml', 'compose.yaml'], 'dropped');

    await page.fill('#paste-name', 'compose.staging.yaml');
    await page.fill('#paste-text', 'services:\n  web:\n    restart: unless-stopped\n');
    await page.click('button:text-is("Add the file")');
    await page.locator('table.envs tbody th', { hasText: 'staging' }).waitFor();
    t.same(await page.locator('table.envs tbody th').allTextContents(), ['development', 'production', 'staging']);

    await page.click('button:text-is("Edit environments")');
    await page.getByRole('button', { name: 'Remove environment staging' }).click();
    await page.fill('input[aria-label="name of environment 1"]', 'local');
    await page.click('button:text-is("Apply")');
    await page.locator('table.envs tbody th', { hasText: 'local' }).waitFor();
    t.match(await page.textContent('#envs-title'), /as you set them/);
    t.same(await page.locator('table.envs tbody th').allTextContents(), ['local', 'production']);
    await page.click('#tab-merged');
    // the merged view is drawn again from the new environments' answer: wait for it
    await page.locator('.merged .seg button', { hasText: 'local' }).waitFor();
    t.same(await page.locator('.merged .seg button').allTextContents(), ['local', 'production']);
  });

  await t.test('secrets stay masked; a reveal uses what the page holds, never redact=false', async (t) => {
    await page.click('#tab-input');
    await page.click('button[data-example="drift"]');
    await page.waitForSelector('.merged .yaml');
    await page.click('#tab-diff');
    const row = page.locator('tr[data-path="services.web.environment.DB_PASSWORD"]');
    await row.waitFor();
    t.same(await row.locator('button.val').allTextContents(), [
      '******** (secret, masked)',
      '******** (secret, masked)',
    ]);
    await row.locator('td >> nth=0 >> button.reveal').click();
    t.equal(await row.locator('td >> nth=0 >> button.val').textContent(), 'dev-password-1234');
    t.match(await page.textContent('.drift'), /drift-source-mount.*drift-debug-setting.*drift-healthcheck-removed/s);
    t.ok(
      await page.locator('tr.drifting[data-path="services.worker.healthcheck.test"]').count(),
      'drift marked on its row',
    );
    t.notOk(
      seen.requests.some((u) => /redact=false/.test(u)),
      'no request asks for unmasked values',
    );
    await shoot(page, 'diff-secrets');
  });

  t.same(seen.problems, [], 'no console error or warning, no CSP violation');
  t.same(seen.outside, [], 'every request goes to the service');
  t.ok(seen.requests.length > 10, `${seen.requests.length} requests`);
});
