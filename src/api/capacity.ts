/**
 * What the process may really use: the CPU quota, memory limit and task (pid) limit of its cgroup
 * (v2 `cpu.max`, `memory.max`, `pids.max`; v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`,
 * `memory.limit_in_bytes`, `pids.max`), each the smallest along the cgroup's ancestors, with
 * `os.availableParallelism()` as the cap on CPUs. A container's `cpus: "1.0"` on a 16-core host is
 * one CPU, not sixteen: the worker pool is sized from this, not from the host's count.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Capacity {
  /** CPUs this process may use (fractional under a quota) */
  cpus: number;
  /** memory limit in bytes, when the cgroup sets one */
  memoryBytes?: number;
  /** task (thread) limit, when the cgroup sets one: every worker thread counts */
  pids?: number;
}

type Read = (path: string) => string | undefined;

const readText: Read = (path) => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** `/a/b/c` → `/a/b/c`, `/a/b`, `/a`, `` (the leaf first, the mount root last). */
function ancestors(path: string): string[] {
  const out: string[] = [];
  let p = path === '/' ? '' : path.replace(/\/+$/, '');
  for (;;) {
    out.push(p);
    if (p === '') return out;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The smallest value a file gives along the hierarchy, under `root` (undefined: no limit anywhere). */
function smallest(read: Read, root: string, path: string, file: string, parse: (s: string) => number | undefined) {
  let min: number | undefined;
  for (const dir of ancestors(path)) {
    const raw = read(`${root}${dir}/${file}`);
    const v = raw === undefined ? undefined : parse(raw);
    if (v !== undefined && (min === undefined || v < min)) min = v;
  }
  return min;
}

// v1 reports "no limit" as a huge page-rounded number, v2 as "max"
const NO_LIMIT = 2 ** 60;
const bytes = (s: string) => (/^\d+$/.test(s) && Number(s) < NO_LIMIT ? Number(s) : undefined);

export function readCapacity(read: Read = readText, parallelism = availableParallelism()): Capacity {
  // /proc/self/cgroup: `0::/path` (v2) or `N:controller[,controller]:/path` (v1)
  const lines = (read('/proc/self/cgroup') ?? '').split('\n').map((l) => l.split(':'));
  const v2 = lines
    .find((l) => l[0] === '0' && l[1] === '')
    ?.slice(2)
    .join(':');
  const v1 = (controller: string) => {
    const line = lines.find((l) => l[1]?.split(',').includes(controller));
    return line ? { mount: `/sys/fs/cgroup/${line[1]}`, path: line.slice(2).join(':') } : undefined;
  };
  let quota: number | undefined;
  let memoryBytes: number | undefined;
  let pids: number | undefined;
  if (v2 !== undefined && read('/sys/fs/cgroup/cgroup.controllers') !== undefined) {
    quota = smallest(read, '/sys/fs/cgroup', v2, 'cpu.max', (s) => {
      // `MAX PERIOD`, both whole microseconds; "max" (no quota) or what the kernel never writes is no
      // limit of this level (a NaN made a pool of NaN workers, and hid a parent's smaller quota)
      const m = /^(\d+)\s+(\d+)$/.exec(s);
      return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : undefined;
    });
    memoryBytes = smallest(read, '/sys/fs/cgroup', v2, 'memory.max', bytes);
    pids = smallest(read, '/sys/fs/cgroup', v2, 'pids.max', bytes);
  } else {
    const cpu = v1('cpu');
    if (cpu)
      for (const dir of ancestors(cpu.path)) {
        const q = Number(read(`${cpu.mount}${dir}/cpu.cfs_quota_us`));
        const period = Number(read(`${cpu.mount}${dir}/cpu.cfs_period_us`));
        if (q > 0 && period > 0 && (quota === undefined || q / period < quota)) quota = q / period;
      }
    const memory = v1('memory');
    if (memory) memoryBytes = smallest(read, memory.mount, memory.path, 'memory.limit_in_bytes', bytes);
    const p = v1('pids');
    if (p) pids = smallest(read, p.mount, p.path, 'pids.max', bytes);
  }
  const cap: Capacity = { cpus: Math.min(parallelism, quota ?? parallelism) };
  if (memoryBytes !== undefined) cap.memoryBytes = memoryBytes;
  if (pids !== undefined) cap.pids = pids;
  return cap;
}
