// A refusal (4xx problem, CLI error) quoting a file or environment name that holds a secret value of
// the bundle masks it, as the answers do: a 422 once the bundle is loaded (Masker.name), and a 400 or
// 422 of a body refused before it became a bundle (a path, a duplicate, a member the schema does not
// take), from the secret values its files' text and `env` make known (src/redact/secrets.ts
// refusalMasker: what only loading makes known, such as a value interpolated from elsewhere, is not).
import t from 'tap';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { taskOf } from '../src/api/request-task.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';
import { tarArchive, tarOf } from './helpers/tar.js';
import { gzipSync } from 'node:zlib';
import { tempDir } from './helpers/temp.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());

const SECRET = 'Zq8hunter2secretvalue';
const env = `API_TOKEN=${SECRET}\n`;
const compose = 'services:\n  web:\n    image: nginx\n    environment:\n      API_TOKEN: ${API_TOKEN}\n';

async function refused(url: string, payload: unknown): Promise<{ status: number; body: string; said: string }> {
  const r = await app.inject({ method: 'POST', url, payload: payload as object });
  const p = JSON.parse(r.body) as { detail: string; pointer?: string };
  return { status: r.statusCode, body: r.body, said: `${p.detail} ${p.pointer ?? ''}` };
}

t.test('a body refused before it is a bundle: the names it quotes are masked', async (t) => {
  const cases: [string, unknown, number, RegExp][] = [
    [
      'a file an environment lists that the bundle lacks',
      {
        files: { '.env': env, 'compose.yaml': compose },
        environments: { prod: { files: ['compose.yaml', `${SECRET}.yaml`] } },
      },
      422,
      /"\*{8}\.yaml" is not a file of the bundle/,
    ],
    [
      'a path that leaves the bundle',
      { files: { '.env': env, 'compose.yaml': compose, [`../${SECRET}.yaml`]: 'x' } },
      400,
      /"\.\.\/\*{8}\.yaml" escapes the bundle/,
    ],
    [
      'two paths naming one file',
      { files: { '.env': env, 'compose.yaml': compose, [`${SECRET}.yaml`]: 'x', [`./${SECRET}.yaml`]: 'x' } },
      400,
      /the file "\*{8}\.yaml" twice/,
    ],
    [
      'a member the schema does not take',
      { files: { '.env': env, 'compose.yaml': compose }, [SECRET]: 1 },
      400,
      /additional properties: "\*{8}"/,
    ],
    [
      'a member of an environment named by the secret (the pointer escapes its `/`)',
      {
        files: { '.env': env, 'compose.yaml': compose },
        environments: { [`a/${SECRET}`]: { files: ['compose.yaml'], x: 1 } },
      },
      400,
      /environments\/a~1\*{8}/,
    ],
    [
      'a secret from an environment `env`',
      {
        files: { 'compose.yaml': compose },
        environments: { prod: { files: ['compose.yaml', `${SECRET}.yaml`], env: { API_TOKEN: SECRET } } },
      },
      422,
      /"\*{8}\.yaml" is not a file/,
    ],
    [
      "a change pair's side",
      {
        base: { files: { 'compose.yaml': compose } },
        head: { files: { '.env': env, 'compose.yaml': compose, [`/${SECRET}.yaml`]: 'x' } },
      },
      400,
      /"\/\*{8}\.yaml" must be relative/,
    ],
  ];
  for (const [what, payload, status, shown] of cases) {
    const url = 'base' in (payload as object) ? '/v1/review' : '/v1/validate';
    const r = await refused(url, payload);
    t.equal(r.status, status, what);
    t.notMatch(r.body, SECRET, `${what}: no secret`);
    t.match(r.said, shown, `${what}: the refusal says which`);
  }
  // two keys of the JSON `files` object: found in the text, before it is parsed
  const text = `{"files":{".env":${JSON.stringify(env)},"compose.yaml":${JSON.stringify(compose)},"${SECRET}.yaml":"x","${SECRET}.yaml":"y"}}`;
  const r = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: text,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(r.statusCode, 400);
  t.notMatch(r.body, SECRET);
  t.match((JSON.parse(r.body) as { detail: string }).detail, /the file "\*{8}\.yaml" twice/);
  // no secret known: the refusal quotes the name as it was
  const plain = await refused('/v1/validate', {
    files: { 'compose.yaml': 'services: {}\n' },
    environments: { p: { files: ['other.yaml'] } },
  });
  t.match(plain.said, /"other\.yaml" is not a file of the bundle/);
});

t.test('a diff without its default pair: masked, and says what it needs', async (t) => {
  const files = { '.env': env, 'compose.yaml': compose, [`compose.${SECRET}.yaml`]: 'services: {}\n' };
  const r = await refused('/v1/diff', { files });
  t.equal(r.status, 422);
  t.notMatch(r.body, SECRET);
  const { detail } = JSON.parse(r.body) as { detail: string };
  t.notMatch(detail, /need two environments/, 'it has two: what is missing is a development one');
  t.match(detail, /no development environment/);
  t.match(detail, /default \(production\), \*{8} \(production\)/, 'each with its role');
  t.match(detail, /from and to/, 'and how to name a pair');
  const one = JSON.parse((await refused('/v1/diff', { files: { 'compose.yaml': compose } })).body) as {
    detail: string;
  };
  t.match(one.detail, /need two environments, the bundle has 1 \(default \(production\)\)/);
});

t.test('a query naming a secret value as its environment is masked on every route (attack21)', async (t) => {
  // config and audit load only the environment asked for (loadBundle's `only`): naming one the
  // bundle lacks loaded nothing, so the 422 was masked with no secret known (`no environment
  // "<secret>"`), where diff and review, which load every environment, masked it
  const cases = [
    [
      'a value written in the file',
      { 'compose.yaml': `services:\n  web:\n    image: nginx\n    environment:\n      DB_PASSWORD: ${SECRET}\n` },
    ],
    ['a value interpolated from .env', { '.env': env, 'compose.yaml': compose }],
  ] as const;
  for (const [what, files] of cases)
    for (const url of [
      `/v1/config?environment=${SECRET}`,
      `/v1/config?environment=${SECRET}&format=yaml`,
      `/v1/audit?environment=${SECRET}`,
      `/v1/audit?environment=${SECRET}&format=sarif`,
      `/v1/audit?environment=${SECRET}&format=text`,
      `/v1/diff?from=${SECRET}&to=default`,
      `/v1/review?from=${SECRET}&to=default`,
    ]) {
      const r = await refused(url, { files });
      t.equal(r.status, 422, `${what}: ${url}`);
      t.notMatch(r.body, SECRET, `${what}: ${url}: no secret`);
      t.match(r.said, 'no environment "********" in this bundle (have: default)', `${what}: ${url}`);
    }
  // a name that is no secret is quoted as asked, and a narrowed load still answers
  t.match((await refused('/v1/config?environment=prodution', { files: cases[0][1] })).said, '"prodution"');
  const ok = await app.inject({
    method: 'POST',
    url: '/v1/audit?environment=default',
    payload: { files: cases[0][1] },
  });
  t.equal(ok.statusCode, 200);
});

t.test('the CLI: an environment that cannot be loaded is named masked', async (t) => {
  const dir = join(tempDir('cr-refusal-'), 'p');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.env'), env);
  writeFileSync(join(dir, 'compose.yaml'), `${compose}    depends_on: [nope]\n`);
  writeFileSync(join(dir, `compose.${SECRET}.yaml`), 'services: {}\n');
  for (const argv of [['audit'], ['diff'], ['review']]) {
    let out = '';
    const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s), env: {}, cwd: dir });
    t.equal(code, 2, `${argv[0]}: a load error`);
    t.notMatch(out, SECRET, `${argv[0]}: no secret`);
  }
});

t.test('masking a refusal costs time linear in the body', async (t) => {
  // a body refused after its files were read: the masker reads every file's text (textMasker)
  const body = (n: number) => ({
    files: {
      '.env': Array.from({ length: n }, (_, i) => `V${i}_PASSWORD=value${i}xxxxxx`).join('\n'),
      'compose.yaml': `services:\n${'  # a comment line of the file\n'.repeat(n)}  web:\n    image: nginx\n`,
    },
    environments: { prod: { files: ['compose.yaml', 'value1xxxxxx.yaml'] } },
  });
  const refuse = (b: unknown) => () => {
    try {
      taskOf({ question: 'validate', body: b, options: {} });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('not refused');
  };
  t.match(refuse(body(10))(), /"\*{8}\.yaml" is not a file/);
  const g = growth(refuse(body(5_000)), refuse(body(20_000)));
  t.ok(g.ratio <= GROWTH_LIMIT, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});

t.test('an upload refused after its files were read: masked with their secret values', async (t) => {
  const ok = { '.env': env, 'compose.yaml': compose };
  const entries = (files: Record<string, string>) =>
    Object.entries(files).map(([name, content]) => ({ name, content }));
  const post = (url: string, payload: Buffer, contentType: string) =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
  const uploads: [string, string, Buffer, string, RegExp][] = [
    [
      'a tar entry that is a hard link',
      '/v1/validate',
      tarArchive([
        ...Object.entries(ok).map(([name, content]) => ({ name, content })),
        { name: `${SECRET}.yaml`, type: '1', linkname: 'compose.yaml' },
      ]),
      'application/x-tar',
      /tar entry "\*{8}\.yaml" is a hard link/,
    ],
    [
      // the files that make the secret known come after the refused entry (review22: only the files
      // read before it masked the refusal)
      'a tar entry that is a symbolic link, before the files',
      '/v1/validate',
      tarArchive([
        { name: `${SECRET}.yaml`, type: '2', linkname: 'compose.yaml' },
        ...Object.entries(ok).map(([name, content]) => ({ name, content })),
      ]),
      'application/x-tar',
      /tar entry "\*{8}\.yaml" is a symbolic link/,
    ],
    [
      'a tar entry that leaves the bundle',
      '/v1/validate',
      gzipSync(tarOf({ ...ok, [`../${SECRET}.yaml`]: 'x' })),
      'application/gzip',
      /"\.\.\/\*{8}\.yaml" escapes the bundle/,
    ],
  ];
  // a part sent twice (FormData keeps both)
  const fd = new FormData();
  for (const [name, content] of [...Object.entries(ok), [`${SECRET}.yaml`, 'x'], [`${SECRET}.yaml`, 'y']])
    fd.append(name, new Blob([content]), name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  uploads.push([
    'a multipart part sent twice',
    '/v1/validate',
    Buffer.from(await req.arrayBuffer()),
    req.headers.get('content-type')!,
    /the file "\*{8}\.yaml" twice/,
  ]);
  // a change pair's archive
  const pair = new FormData();
  pair.append('base', new Blob([tarOf(ok)]), 'base.tar');
  pair.append(
    'head',
    new Blob([
      tarArchive([
        ...Object.entries(ok).map(([name, content]) => ({ name, content })),
        { name: `${SECRET}.yaml`, type: '2', linkname: '/etc/passwd' },
      ]),
    ]),
    'head.tar',
  );
  const preq = new Request('http://localhost/', { method: 'POST', body: pair });
  uploads.push([
    "a change pair's archive",
    '/v1/review',
    Buffer.from(await preq.arrayBuffer()),
    preq.headers.get('content-type')!,
    /the "head" archive: tar entry "\*{8}\.yaml" is a symbolic link/,
  ]);
  // the refused entry first in its archive: the files that make the secret known come after it, or
  // only in the other archive (read in the worker, the pair's refusal is masked with both archives)
  for (const [what, base, head] of [
    ['the files after it', tarOf(ok), [{ name: `${SECRET}.yaml`, type: '2', linkname: '/etc/passwd' }, ...entries(ok)]],
    ['the files in the other archive', tarOf(ok), [{ name: `${SECRET}.yaml`, type: '2', linkname: '/etc/passwd' }]],
  ] as const) {
    const first = new FormData();
    first.append('base', new Blob([base]), 'base.tar');
    first.append('head', new Blob([gzipSync(tarArchive([...head]))]), 'head.tgz');
    const freq = new Request('http://localhost/', { method: 'POST', body: first });
    uploads.push([
      `a change pair's archive, its refused entry before ${what}`,
      '/v1/review',
      Buffer.from(await freq.arrayBuffer()),
      freq.headers.get('content-type')!,
      /the "head" archive: tar entry "\*{8}\.yaml" is a symbolic link/,
    ]);
  }
  // a file part beside a pair, named by a secret only the (gzip) archives hold: the event loop threw
  // this refusal before any archive was read (review23), the worker masks it with both archives
  const extra = new FormData();
  extra.append('base', new Blob([gzipSync(tarOf(ok))]), 'base.tgz');
  extra.append('head', new Blob([gzipSync(tarOf(ok))]), 'head.tgz');
  extra.append(`${SECRET}.yaml`, new Blob(['services: {}\n']), `${SECRET}.yaml`);
  const ereq = new Request('http://localhost/', { method: 'POST', body: extra });
  uploads.push([
    'a file part beside a change pair',
    '/v1/review',
    Buffer.from(await ereq.arrayBuffer()),
    ereq.headers.get('content-type')!,
    /not the file part "\*{8}\.yaml"/,
  ]);
  for (const [what, url, payload, type, shown] of uploads) {
    const r = await post(url, payload, type);
    t.equal(r.statusCode, 400, `${what}: ${r.body.slice(0, 200)}`);
    t.notMatch(r.body, SECRET, `${what}: no secret`);
    t.match((JSON.parse(r.body) as { detail: string }).detail, shown, `${what}: the refusal says which`);
  }
  // nothing read before it: refused where it was read, as before
  const bad = await post('/v1/validate', Buffer.from('not a tar'), 'application/x-tar');
  t.match(JSON.parse(bad.body), { status: 400, detail: 'the body is not a tar archive' });
});

t.test('an upload past the bundle limits names the part that crossed them masked', async (t) => {
  // the files' total crossed where the body is read (src/api/plugins/upload.ts, src/bundle/tar.ts): the
  // 413's pointer named the part or tar entry as sent, a secret value of the files read before it too
  const big = (n: number) => `# ${'x'.repeat(n)}\n`;
  const wide = buildApp({ workers: TEST_WORKERS, bodyLimit: 40 * 2 ** 20 });
  t.teardown(() => wide.close());
  const post = (payload: Buffer, contentType: string) =>
    wide.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': contentType } });
  const form = async (parts: [string, string][]) => {
    const fd = new FormData();
    for (const [name, content] of parts) fd.append(name, new Blob([content]), name);
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    return [Buffer.from(await req.arrayBuffer()), req.headers.get('content-type')!] as const;
  };
  const ok: [string, string][] = [
    ['.env', env],
    ['compose.yaml', compose],
  ];
  const uploads: [string, Buffer, string][] = [
    [
      'a tar entry past the total',
      gzipSync(tarOf({ ...Object.fromEntries(ok), [`${SECRET}.yaml`]: big(16.5 * 2 ** 20) })),
      'application/gzip',
    ],
    [
      'a multipart part past the total',
      ...(await form([...ok, ['a.yaml', big(10 * 2 ** 20)], [`${SECRET}.yaml`, big(7 * 2 ** 20)]])),
    ],
    ['a multipart part bigger than the total alone', ...(await form([...ok, [`${SECRET}.yaml`, big(17 * 2 ** 20)]]))],
  ];
  for (const [what, payload, type] of uploads) {
    const r = await post(payload, type);
    t.equal(r.statusCode, 413, what);
    t.notMatch(r.body, SECRET, `${what}: no secret`);
    t.match(
      JSON.parse(r.body),
      { detail: 'the files exceed 16777216 bytes in total', pointer: '/files/********.yaml' },
      `${what}: the refusal says which`,
    );
  }
  // no secret known: the part is named as it was sent
  const [plain, type] = await form([
    ['compose.yaml', compose],
    ['other.yaml', big(17 * 2 ** 20)],
  ]);
  t.match(JSON.parse((await post(plain, type)).body), { status: 413, pointer: '/files/other.yaml' });
  // a secret the `bundle` part's environment `env` makes known, as a JSON body's `environments` do
  const settings = JSON.stringify({ environments: { prod: { files: ['compose.yaml'], env: { API_TOKEN: SECRET } } } });
  for (const [what, parts] of [
    [
      'a part past the total',
      [
        ['bundle', settings],
        ['compose.yaml', compose],
        [`${SECRET}.yaml`, big(17 * 2 ** 20)],
      ],
    ],
    [
      'a part sent twice',
      [
        ['bundle', settings],
        ['compose.yaml', compose],
        [`${SECRET}.yaml`, 'x'],
        [`${SECRET}.yaml`, 'y'],
      ],
    ],
  ] as [string, [string, string][]][]) {
    const r = await post(...(await form(parts)));
    t.notMatch(r.body, SECRET, `${what}, the secret in the bundle part: no secret`);
    t.match(JSON.parse(r.body), { pointer: '/files/********.yaml' }, what);
  }
});

t.test('a refusal beside a change pair is masked with both archives, whatever part it names', async (t) => {
  // a lone file part beside the pair was masked with the archives' text (partsRefusal, in the worker);
  // a part sent twice, or past the total, refused while the parts were read (readParts' `failed`),
  // was masked with the file parts alone, the archives not even inflated (attack21
  // multipart-dup-beside-pair: `the bundle holds the file "<secret>.yaml" twice` in clear)
  const wide = buildApp({ workers: TEST_WORKERS, bodyLimit: 40 * 2 ** 20 });
  t.teardown(() => wide.close());
  const ok = { '.env': env, 'compose.yaml': compose };
  const big = `# ${'x'.repeat(17 * 2 ** 20)}\n`;
  const form = async (parts: [string, Blob][]) => {
    const fd = new FormData();
    for (const [name, content] of parts) fd.append(name, content, name);
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    return {
      payload: Buffer.from(await req.arrayBuffer()),
      headers: { 'content-type': req.headers.get('content-type')! },
    };
  };
  for (const [kind, archive] of [
    ['tar.gz', () => new Blob([gzipSync(tarOf(ok))])],
    ['tar', () => new Blob([tarOf(ok)])],
  ] as const) {
    const pair: [string, Blob][] = [
      ['base', archive()],
      ['head', archive()],
    ];
    for (const [what, extra, status, said] of [
      [
        'a file part sent twice',
        [
          [`${SECRET}.yaml`, new Blob([''])],
          [`${SECRET}.yaml`, new Blob([''])],
        ],
        400,
        /the file "\*{8}\.yaml" twice/,
      ],
      ['a file part past the total', [[`${SECRET}.yaml`, new Blob([big])]], 413, /the files exceed/],
      [
        'a file part past the total, after one',
        [
          ['a.yaml', new Blob([''])],
          [`${SECRET}.yaml`, new Blob([big])],
        ],
        413,
        /the files exceed/,
      ],
    ] as [string, [string, Blob][], number, RegExp][]) {
      const r = await wide.inject({ method: 'POST', url: '/v1/review', ...(await form([...pair, ...extra])) });
      t.equal(r.statusCode, status, `${what} beside a ${kind} pair: ${r.body.slice(0, 200)}`);
      t.notMatch(r.body, SECRET, `${what} beside a ${kind} pair: no secret`);
      t.match(JSON.parse(r.body), { detail: said, pointer: '/files/********.yaml' }, `${what}: says which`);
    }
  }
  // the `bundle` part's `env` makes the secret known, and no file part was read before the refusal
  const settings = JSON.stringify({ environments: { prod: { files: ['compose.yaml'], env: { API_TOKEN: SECRET } } } });
  const r = await wide.inject({
    method: 'POST',
    url: '/v1/validate',
    ...(await form([
      ['bundle', new Blob([settings])],
      [`${SECRET}.yaml`, new Blob([big])],
    ])),
  });
  t.equal(r.statusCode, 413);
  t.notMatch(r.body, SECRET, 'the bundle part, then a part past the total: no secret');
  t.match(JSON.parse(r.body), { pointer: '/files/********.yaml' });
});
