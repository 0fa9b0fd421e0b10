// The built service (`node dist/src/cli/main.js serve`, as `npm start` runs it) on a free port of
// 127.0.0.1, for the benchmarks that talk to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** what it printed until it listened */
  out: string;
}

export async function startService(env: Record<string, string> = {}): Promise<Service> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js'), 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', COMPOSE_REVIEW_RATE_LIMIT: '0', ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`the server stopped: ${out}`)));
  });
  return { child, port, exited, out };
}
