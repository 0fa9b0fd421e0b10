import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Adapter, Vector, VectorResult } from './types.js';

export interface FileReport {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  results: { id: string; result: VectorResult }[];
}

const adaptersDir = join(dirname(fileURLToPath(import.meta.url)), 'adapters');

/**
 * Adapters by vector file name; for vectors that name their compose-go `function`, the adapter that
 * lists it under `function:NAME`, and the one for any function (`['*']`) under '*function'.
 */
export async function loadAdapters(): Promise<Map<string, Adapter>> {
  const byFile = new Map<string, Adapter>();
  for (const name of readdirSync(adaptersDir).sort()) {
    if (!/\.(ts|js)$/.test(name) || name.endsWith('.d.ts')) continue;
    const mod = (await import(pathToFileURL(join(adaptersDir, name)).href)) as { default: Adapter };
    for (const f of mod.default.files) byFile.set(f, mod.default);
    for (const fn of mod.default.functions ?? []) byFile.set(fn === '*' ? '*function' : `function:${fn}`, mod.default);
  }
  return byFile;
}

/** Which adapter runs a vector: the file's, else the one for its compose-go `function`. */
function adapterFor(v: Vector, fileAdapter: Adapter | undefined, adapters: Map<string, Adapter>): Adapter | undefined {
  if (fileAdapter) return fileAdapter;
  if (typeof v.function !== 'string') return undefined;
  return adapters.get(`function:${v.function}`) ?? adapters.get('*function');
}

export async function runFile(
  path: string,
  file: string,
  adapter: Adapter | undefined,
  adapters: Map<string, Adapter> = new Map(),
): Promise<FileReport> {
  const report: FileReport = { file, passed: 0, failed: 0, skipped: 0, results: [] };
  let vectors: Vector[];
  try {
    vectors = JSON.parse(readFileSync(path, 'utf8')) as Vector[];
  } catch (e) {
    report.failed++;
    report.results.push({ id: file, result: { status: 'fail', message: `cannot read: ${(e as Error).message}` } });
    return report;
  }
  if (!Array.isArray(vectors)) vectors = [];
  for (const v of vectors) {
    let result: VectorResult;
    const a = adapterFor(v, adapter, adapters);
    // a vector the extractor could not make checkable says why (out of scope, a Go-only API, ...)
    if (typeof v.skip === 'string') result = { status: 'skip', message: v.skip };
    else if (!a) result = { status: 'skip', message: 'no adapter for this file' };
    else {
      try {
        result = await a.run(v, file);
      } catch (e) {
        result = { status: 'fail', message: `threw: ${(e as Error).stack ?? e}` };
      }
    }
    report.results.push({ id: String(v.id), result });
    if (result.status === 'pass') report.passed++;
    else if (result.status === 'fail') report.failed++;
    else report.skipped++;
  }
  return report;
}

export async function runDirectory(dir: string): Promise<FileReport[]> {
  const adapters = await loadAdapters();
  // source.json and known-failures.json describe a vector folder; they hold no vectors
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'source.json' && f !== 'known-failures.json')
    .sort();
  // a folder made by scripts/extract-compose-go (it has source.json): every vector names its function
  const byFunction = existsSync(join(dir, 'source.json'));
  const reports: FileReport[] = [];
  for (const f of files)
    reports.push(await runFile(join(dir, f), f, byFunction ? undefined : adapters.get(f), adapters));
  return reports;
}
