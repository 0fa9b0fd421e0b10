/**
 * A throwaway redis-server (Debian package `redis-server`; `valkey-server` works too) on a free port,
 * without persistence. `start` resolves to undefined with the reason when no server can start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startOne(binary: string, port: number): Promise<RedisServer | string> {
  return new Promise((resolve) => {
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`${binary} did not get ready within 10 s: ${out.slice(-500)}`);
    }, 10_000);
    const onData = (c: Buffer) => {
      out += c;
      if (/ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        resolve({
          url: `redis://127.0.0.1:${port}`,
          port,
          process: child,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGKILL');
              await exited;
            }
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code === 'ENOENT' ? `${binary} is not installed` : `${binary}: ${e.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`${binary} exited with ${code}: ${out.slice(-500)}`);
    });
  });
}

/** Starts redis-server (else valkey-server) on `port` (a free one by default). */
export async function startRedis(port?: number): Promise<RedisServer | { reason: string }> {
  const reasons: string[] = [];
  for (const binary of ['redis-server', 'valkey-server']) {
    const r = await startOne(binary, port ?? (await freePort()));
    if (typeof r !== 'string') return r;
    reasons.push(r);
  }
  return { reason: `${reasons.join('; ')} (install the Debian package redis-server)` };
}
