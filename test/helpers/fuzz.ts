/**
 * A seeded generator of hostile requests for every POST route: random and mutated Compose YAML,
 * JSON bundles, tar / tar.gz archives and multipart bodies. Shared by test/fuzz.test.ts (a few
 * hundred cases) and bench/fuzz.ts (100,000).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { tarArchive, tarHeader } from './tar.js';

export type Rand = () => number;

/** mulberry32: small, fast, good enough to make runs reproducible from one seed. */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

export interface FuzzRoute {
  url: string;
  /** query parameters and values to draw from (taken from the OpenAPI document) */
  query: { name: string; values: string[] }[];
}

export interface FuzzCase {
  kind: string;
  url: string;
  contentType: string;
  payload: string | Buffer;
}

const SERVICE_KEYS = [
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'volumes',
  'networks',
  'depends_on',
  'healthcheck',
  'deploy',
  'restart',
  'profiles',
  'secrets',
  'configs',
  'extends',
  'labels',
  'cap_add',
  'cap_drop',
  'privileged',
  'user',
  'security_opt',
  'logging',
  'network_mode',
  'container_name',
  'scale',
  'develop',
  'expose',
  'tmpfs',
  'ulimits',
  'devices',
  'pid',
  'ipc',
  'read_only',
  'healtcheck',
  'x-custom',
];
const TOP_KEYS = [
  'services',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'include',
  'name',
  'version',
  'x-common',
  'models',
];
export const INTERPOLATION = [
  '${',
  '$${',
  '${A:?}',
  '${A:?must be set}',
  '${A?}',
  '${A:-}',
  '${A-x}',
  '${A:+set}',
  '${A+x}',
  '$A',
  '$',
  '$$',
  '${}',
  '${:-x}',
  '${A',
  '${A:-${B',
  '${A:-${B:-${C}}}',
  '${A:?${B:?}}',
  '${A:-$${B}}',
  '${ A }',
  '${A.B}',
  '${1A}',
  '${A:-}}',
  '}',
  '$$$$${A}',
  '${A:-\n}',
];
const SCALARS = [
  'nginx:1.27',
  'postgres@sha256:' + 'a'.repeat(64),
  '80:80',
  '8080:80/udp',
  '127.0.0.1:5432:5432',
  '0.0.0.0:2375:2375',
  '/var/run/docker.sock:/var/run/docker.sock',
  './data:/data:ro',
  'true',
  'false',
  'null',
  '~',
  '0x1F',
  '1e9',
  '-1',
  '9999999999999999999999',
  '""',
  "''",
  '1.5g',
  '512m',
  'unless-stopped',
  'always',
  'host',
  'service:db',
  'SYS_ADMIN',
  'ALL',
  'apparmor=unconfined',
  'no-new-privileges:true',
  '__proto__',
  'constructor',
  'prototype',
  'ünïcödé ☃',
  '\u202e',
  'a'.repeat(300),
  ...INTERPOLATION,
];
const NAMES = [
  'web',
  'db',
  'api',
  'cache',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'x',
  'a.b',
  'a/b',
  '',
  ' ',
  '1',
  'UPPER',
  'wörker',
  'default',
  'valueOf',
];
const TOKENS = [
  '${',
  '$${',
  '}',
  '{',
  '[',
  ']',
  ':',
  ': ',
  '- ',
  '&a ',
  '*a',
  '<<: *a',
  '!reset ',
  '!override ',
  '!!binary ',
  '!!str ',
  '!!python/object ',
  '? ',
  '|',
  '>-',
  '"',
  "'",
  '#',
  '\t',
  '\n',
  '\n  ',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '\0',
  '\ufeff',
  '\ud800',
  '\uffff',
  '__proto__',
  'constructor',
  'prototype',
  'services:',
  'extends:',
  'include:',
  'file: ../../etc/passwd',
  '../',
  '/etc/passwd',
  'C:\\x',
  ...INTERPOLATION,
];
const FILE_NAMES = [
  'compose.yaml',
  'compose.override.yaml',
  'compose.prod.yaml',
  'docker-compose.yml',
  'docker-compose.dev.yml',
  '.env',
  '.env.prod',
  'base.yaml',
  'sub/compose.yaml',
  'other.yml',
];

/** A random Compose-like value tree. */
function randomValue(r: Rand, depth: number): unknown {
  const c = int(r, depth > 4 ? 3 : 6);
  if (c <= 1) return pick(r, SCALARS);
  if (c === 2) return pick(r, [0, 1, -1, 3.5, true, false, null, 65536, 1e21]);
  if (c === 3) return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = int(r, 4); i > 0; i--)
    Object.defineProperty(o, pick(r, [...SERVICE_KEYS, ...NAMES]), {
      value: randomValue(r, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return o;
}

/** A random Compose file: mostly the right shape, with wrong types, odd names and edge values. */
export function randomCompose(r: Rand): string {
  const doc: Record<string, unknown> = {};
  const services: Record<string, unknown> = {};
  for (let i = 1 + int(r, 3); i > 0; i--) {
    // half the services are well-formed, so the later stages (merge, audit, diff) get to run too
    const s: Record<string, unknown> = { image: pick(r, ['nginx:1.27', 'postgres:16', 'redis', 'app:${TAG:-1}']) };
    if (r() < 0.5)
      Object.assign(s, {
        ports: [pick(r, ['80:80', '127.0.0.1:5432:5432', '2375:2375'])],
        environment: { A: pick(r, SCALARS) },
        restart: 'always',
      });
    else for (let k = int(r, 6); k > 0; k--) s[pick(r, SERVICE_KEYS)] = randomValue(r, 2);
    Object.defineProperty(services, pick(r, NAMES), { value: s, enumerable: true, writable: true, configurable: true });
  }
  doc.services = services;
  for (let k = int(r, 3); k > 0; k--) doc[pick(r, TOP_KEYS)] = randomValue(r, 1);
  let text = stringify(doc, { aliasDuplicateObjects: false });
  if (r() < 0.2)
    text = `x-base: &base\n  image: nginx\n  restart: always\n${text.replace(/^services:\n(\s+\S+:)\n/m, `services:\n$1\n    <<: *base\n`)}`;
  if (r() < 0.1) text += `\n---\n${stringify({ services: { extra: { image: pick(r, SCALARS) } } })}`;
  return text;
}

/** Random byte-level and token-level mutations of a text. */
export function mutate(r: Rand, text: string, rounds = 1 + int(r, 4)): string {
  let s = text;
  for (let i = 0; i < rounds; i++) {
    const at = int(r, s.length + 1);
    switch (int(r, 6)) {
      case 0:
        s = s.slice(0, at) + pick(r, TOKENS) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + int(r, 20));
        break;
      case 2: {
        const len = int(r, 40);
        s = s.slice(0, at) + s.slice(at, at + len).repeat(1 + int(r, 4)) + s.slice(at);
        break;
      }
      case 3:
        s = s.slice(0, at) + String.fromCharCode(int(r, 0x3000)) + s.slice(at + 1);
        break;
      case 4:
        s = s.slice(0, at) + pick(r, ['\n', '\n  ', '\n    ', ' ']) + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + pick(r, INTERPOLATION) + s.slice(at);
    }
  }
  return s;
}

/** Nested interpolation defaults, `${A:-${A:-...}}`, `levels` deep (optionally unterminated). */
export function nestedInterpolation(levels: number, terminated = true): string {
  return '${A:-'.repeat(levels) + 'x' + (terminated ? '}'.repeat(levels) : '}'.repeat(levels >> 1));
}

/** Billion laughs: `levels` of `width` aliases each. */
export function yamlBomb(levels = 9, width = 10): string {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(',')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\nservices:\n  web:\n    image: nginx\n    command: *a${levels - 1}\n`;
}

/** `__proto__`, `constructor` and `prototype` keys at every level of a JSON document (as raw text). */
export function protoJson(r: Rand, depth: number): string {
  const key = pick(r, ['__proto__', 'constructor', 'prototype']);
  if (depth === 0) return JSON.stringify(pick(r, ['x', 1, null, {}, []]));
  return `{"${key}":${protoJson(r, depth - 1)},"files":{"compose.yaml":"services: {}"}}`;
}

function randomFiles(r: Rand): Record<string, string> {
  const files: Record<string, string> = {};
  const names = r() < 0.7 ? ['compose.yaml', ...(r() < 0.6 ? ['compose.prod.yaml'] : [])] : [];
  for (let i = int(r, 3); i > 0; i--) names.push(pick(r, FILE_NAMES));
  if (names.length === 0) names.push(pick(r, FILE_NAMES));
  for (const name of names) {
    files[name] = name.startsWith('.env')
      ? `TAG=${pick(r, SCALARS)}\n${pick(r, ['A', 'B', 'COMPOSE_PROFILES', 'COMPOSE_PROJECT_NAME'])}=${pick(r, SCALARS)}\n`
      : r() < 0.7
        ? randomCompose(r)
        : mutate(r, randomCompose(r));
  }
  return files;
}

function randomEnvironments(r: Rand, files: string[]): unknown {
  const envs: Record<string, unknown> = {};
  for (let i = int(r, 3); i > 0; i--) {
    const spec: Record<string, unknown> = {
      files: Array.from({ length: 1 + int(r, 2) }, () =>
        r() < 0.9 ? pick(r, files) : pick(r, [...FILE_NAMES, '../x', '/abs', '']),
      ),
    };
    if (r() < 0.3) spec.env = { TAG: pick(r, SCALARS), A: pick(r, INTERPOLATION), B: pick(r, SCALARS) };
    if (r() < 0.2) spec.profiles = [pick(r, NAMES)];
    if (r() < 0.2) spec.envFiles = [pick(r, FILE_NAMES)];
    if (r() < 0.05) spec.extra = 1;
    envs[pick(r, ['development', 'production', 'staging', 'prod', 'dev', ...NAMES])] = spec;
  }
  return envs;
}

function withQuery(r: Rand, route: FuzzRoute): string {
  // mostly valid values (so the handlers run), sometimes hostile ones (so query validation does)
  const value = (q: FuzzRoute['query'][number]) =>
    r() < 0.9 ? pick(r, q.values) : pick(r, ['', 'bogus', '%00', '../x', '__proto__', 'x'.repeat(5000)]);
  const params = route.query
    .filter(() => r() < 0.3)
    .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(value(q))}`);
  return params.length ? `${route.url}?${params.join('&')}` : route.url;
}

function multipart(r: Rand, files: Record<string, string>, meta?: unknown): { payload: Buffer; contentType: string } {
  const boundary = `----fuzz${int(r, 1e9)}`;
  const parts = Object.entries(files).map(([name, content]) =>
    r() < 0.5
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name.split('/').pop()}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${content}\r\n`,
  );
  if (meta !== undefined)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="bundle"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(meta)}\r\n`,
    );
  let body = parts.join('') + `--${boundary}--\r\n`;
  if (r() < 0.3) body = mutate(r, body);
  return { payload: Buffer.from(body, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A change pair as two archive parts `base` / `head` (sometimes broken, halved or with loose files). */
function archivePair(
  r: Rand,
  base: Record<string, string>,
  head: Record<string, string>,
): { payload: Buffer; contentType: string } {
  const boundary = `----fuzz${int(r, 1e9)}`;
  const pack = (files: Record<string, string>) => {
    const tar = randomTar(r, files);
    const gz = r() < 0.6 ? gzipSync(tar) : tar;
    return r() < 0.15 ? gz.subarray(0, int(r, gz.length)) : gz;
  };
  const parts: [string, Buffer][] = [];
  if (r() < 0.9) parts.push(['base', pack(base)]);
  if (r() < 0.9) parts.push(['head', pack(head)]);
  if (r() < 0.1) parts.push(['compose.yaml', Buffer.from('services: {}\n')]);
  const chunks = parts.flatMap(([name, data]) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.tgz"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from('\r\n'),
  ]);
  if (r() < 0.2)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="bundle"\r\n\r\n${JSON.stringify({ environments: randomEnvironments(r, Object.keys(base)) })}\r\n`,
      ),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function randomTar(r: Rand, files: Record<string, string>): Buffer {
  const entries = Object.entries(files).map(([name, content]) => ({ name, content, type: '0' }));
  if (r() < 0.2)
    entries.push({
      name: pick(r, ['../evil', '/etc/passwd', 'a/../../b', 'link', 'dev']),
      content: '',
      type: pick(r, ['0', '1', '2', '3', '5', '6', 'L', 'x', 'Z']),
    });
  let tar = tarArchive(entries, r() < 0.9);
  if (r() < 0.3) {
    tar = Buffer.from(tar);
    for (let i = 1 + int(r, 8); i > 0; i--) tar[int(r, tar.length)] = int(r, 256);
  }
  if (r() < 0.1) tar = Buffer.concat([tarHeader({ name: 'huge' }, 1 << 30), tar]);
  return tar;
}

const json = (payload: unknown) => ({ payload: JSON.stringify(payload), contentType: 'application/json' });

/** POST routes and their query parameters' interesting values, from the OpenAPI document. */
export function fuzzRoutes(app: FastifyInstance): FuzzRoute[] {
  type Param = { name: string; in: string; schema?: { enum?: unknown[]; type?: string } };
  const paths = (app.swagger() as { paths: Record<string, Record<string, { parameters?: Param[] }>> }).paths;
  return Object.entries(paths)
    .filter(([, ops]) => ops.post)
    .map(([url, ops]) => ({
      url,
      query: (ops.post.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({
          name: p.name,
          values: p.schema?.enum
            ? p.schema.enum.map(String)
            : p.schema?.type === 'boolean'
              ? ['true', 'false']
              : ['production', 'development', 'https://example.com/blob/main/'],
        })),
    }));
}

/** One random request for one of `routes`. */
export function generateCase(r: Rand, routes: FuzzRoute[]): FuzzCase {
  const route = pick(r, routes);
  const url = withQuery(r, route);
  const files = randomFiles(r);
  const names = Object.keys(files);
  const kinds = [
    'yaml',
    'yaml-mutated',
    'interpolation',
    'json-bundle',
    'json-mutated',
    'proto',
    'tar',
    'tar.gz',
    'multipart',
    'archive-pair',
    'bomb',
    'deep',
    'utf8',
    'change',
  ] as const;
  const kind = pick(r, kinds);
  const c = (x: { payload: string | Buffer; contentType: string }): FuzzCase => ({ kind, url, ...x });
  switch (kind) {
    case 'yaml':
      return c(
        json({
          files,
          ...(r() < 0.5 ? { environments: randomEnvironments(r, names) } : {}),
          ...(r() < 0.2 ? { projectName: pick(r, [...NAMES, 'My Project', '-x']) } : {}),
        }),
      );
    case 'yaml-mutated':
      return c(
        json({ files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, mutate(r, v, 5 + int(r, 20))])) }),
      );
    case 'interpolation': {
      const value = pick(r, [
        nestedInterpolation(1 + int(r, 300), r() < 0.7),
        pick(r, INTERPOLATION).repeat(1 + int(r, 50)),
        INTERPOLATION.join(' '),
        mutate(r, nestedInterpolation(20)),
      ]);
      const compose = `services:\n  web:\n    image: "nginx:${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"\n    environment:\n      X: '${value.replace(/'/g, "''").replace(/\n/g, ' ')}'\n`;
      return c(
        json({
          files: { 'compose.yaml': compose, '.env': `A=${pick(r, INTERPOLATION)}\nB=\${A}\n` },
          environments: { development: { files: ['compose.yaml'], env: { C: value } } },
        }),
      );
    }
    case 'json-bundle':
      return c(
        json(
          pick(r, [
            { files },
            { files: randomValue(r, 0) },
            randomValue(r, 0),
            { files, environments: randomValue(r, 0) },
            { files, projectName: randomValue(r, 3) },
            { base: { files }, head: { files: randomFiles(r) } },
            { base: { files } },
            [files],
            'files',
            null,
          ]),
        ),
      );
    case 'json-mutated':
      return c({
        payload: mutate(r, JSON.stringify({ files, environments: randomEnvironments(r, names) }), 1 + int(r, 6)),
        contentType: 'application/json',
      });
    case 'proto':
      return c({
        payload: pick(r, [
          protoJson(r, 1 + int(r, 8)),
          JSON.stringify({
            files: {
              'compose.yaml': `services:\n  ${pick(r, ['__proto__', 'constructor', 'prototype'])}:\n    ${pick(r, ['__proto__', 'constructor', 'prototype'])}:\n      ${pick(r, ['__proto__', 'polluted'])}: 1\n`,
            },
          }),
          `{"files":{"__proto__":"services: {}","compose.yaml":"services: {}"}}`,
          `{"files":{"compose.yaml":"services: {}"},"environments":{"__proto__":{"files":["compose.yaml"]},"constructor":{"files":["compose.yaml"],"env":{"__proto__":"x","prototype":"y"}}}}`,
        ]),
        contentType: 'application/json',
      });
    case 'tar':
      return c({ payload: randomTar(r, files), contentType: 'application/x-tar' });
    case 'tar.gz': {
      const tar = randomTar(r, files);
      const gz = gzipSync(tar);
      return c({
        payload: r() < 0.2 ? gz.subarray(0, int(r, gz.length)) : gz,
        contentType: pick(r, ['application/gzip', 'application/x-gzip']),
      });
    }
    case 'multipart':
      return c(
        multipart(
          r,
          files,
          r() < 0.3 ? { environments: randomEnvironments(r, names), projectName: pick(r, NAMES) } : undefined,
        ),
      );
    case 'archive-pair':
      return c(archivePair(r, files, r() < 0.5 ? files : randomFiles(r)));
    case 'bomb':
      return c(
        json({
          files: {
            'compose.yaml': pick(r, [
              yamlBomb(),
              yamlBomb(6, 20),
              mutate(r, yamlBomb()),
              `x: &x\n  a: 1\nservices:\n  web:\n    <<: [${Array(200).fill('*x').join(',')}]\n    image: nginx\n`,
            ]),
          },
        }),
      );
    case 'deep': {
      const n = pick(r, [1000, 10_000]);
      return c(
        pick(r, [
          json({ files: { 'compose.yaml': '['.repeat(n) + ']'.repeat(n) } }),
          json({ files: { 'compose.yaml': 'services:\n  web:\n    command: ' + '- '.repeat(n) + 'x\n' } }),
          json({
            files: {
              'compose.yaml': 'services:\n  web:\n    labels: ' + '{a: '.repeat(n) + '1' + '}'.repeat(n) + '\n',
            },
          }),
          json({
            files: { 'compose.yaml': Array.from({ length: 300 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n' },
          }),
          {
            payload: `{"files":{"compose.yaml":"services: {}"},"environments":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`,
            contentType: 'application/json',
          },
          {
            payload: `{"files":{"compose.yaml":"services: {}"},"x":${'['.repeat(n)}${']'.repeat(n)}}`,
            contentType: 'application/json',
          },
        ]),
      );
    }
    case 'utf8': {
      const bad = Buffer.from([
        0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80, 0xc0, 0xaf,
      ]);
      const head = Buffer.from('{"files":{"compose.yaml":"services:\\n  web:\\n    image: ');
      return c(
        pick(r, [
          {
            payload: Buffer.concat([head, bad.subarray(0, 1 + int(r, bad.length)), Buffer.from('"}}')]),
            contentType: 'application/json',
          },
          {
            payload: Buffer.concat([Buffer.from('{"files":{"'), bad, Buffer.from('":"x"}}')]),
            contentType: 'application/json',
          },
          {
            payload: tarArchive([
              { name: 'compose.yaml', content: Buffer.concat([Buffer.from('services:\n  w:\n    image: '), bad]) },
              { name: Buffer.from([0x61, 0xff, 0x2e, 0x79]).toString('latin1'), content: 'x' },
            ]),
            contentType: 'application/x-tar',
          },
        ]),
      );
    }
    default:
      return c(
        json({
          base: { files },
          head: { files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, r() < 0.5 ? mutate(r, v) : v])) },
        }),
      );
  }
}
