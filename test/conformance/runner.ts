import { readdirSync, readFileSync } from 'node:fs';
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

export async function loadAdapters(): Promise<Map<string, Adapter>> {
  const byFile = new Map<string, Adapter>();
  for (const name of readdirSync(adaptersDir).sort()) {
    if (!/\.(ts|js)$/.test(name) || name.endsWith('.d.ts')) continue;
    const mod = (await import(pathToFileURL(join(adaptersDir, name)).href)) as { default: Adapter };
    for (const f of mod.default.files) byFile.set(f, mod.default);
  }
  return byFile;
}

export async function runFile(path: string, file: string, adapter: Adapter | undefined): Promise<FileReport> {
  const report: FileReport = { file, passed: 0, failed: 0, skipped: 0, results: [] };
  let vectors: Vector[];
  try {
    vectors = JSON.parse(readFileSync(path, 'utf8')) as Vector[];
  } catch (e) {
    report.failed++;
    report.results.push({ id: file, result: { status: 'fail', message: `cannot read: ${(e as Error).message}` } });
    return report;
  }
  for (const v of vectors) {
    let result: VectorResult;
    if (!adapter) result = { status: 'skip', message: 'no adapter for this file' };
    else {
      try {
        result = await adapter.run(v, file);
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
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const reports: FileReport[] = [];
  for (const f of files) reports.push(await runFile(join(dir, f), f, adapters.get(f)));
  return reports;
}
