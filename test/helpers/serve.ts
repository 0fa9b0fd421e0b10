/** `compose-review serve` from the sources in a child process, for the tests of its lifecycle. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { TS_NODE_ARGS } from './ts-child.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** everything the service printed so far */
  output: () => string;
  request: (path: string, body?: string) => Promise<{ status: number; body: string }>;
}

export async function startService(env: Record<string, string>, startupMs = 60_000): Promise<Service> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, 'src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', COMPOSE_REVIEW_TOKENS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    setTimeout(() => reject(new Error(`server did not start: ${out}`)), startupMs).unref();
  });
  const request = (path: string, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          path,
          method: body ? 'POST' : 'GET',
          agent: false,
          headers: body ? { 'content-type': 'application/json' } : {},
        },
        (res) => {
          let b = '';
          res.on('data', (c) => (b += c)).on('end', () => resolve({ status: res.statusCode!, body: b }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { child, port, exited, output: () => out, request };
}
