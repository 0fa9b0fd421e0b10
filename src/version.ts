/**
 * What the package says of itself, read from its package.json (found upwards from here: src/,
 * dist/src/ or a bundle in dist/): the CLI's --version, the OpenAPI document's, SARIF's tool.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRecord } from './records.js';

export interface PackageInfo {
  version: string;
  homepage?: string;
  /** `repository` or `repository.url` */
  repositoryUrl?: string;
}

let info: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (info) return info;
  info = { version: '0.0.0' };
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const p = join(dir, 'package.json');
    if (!existsSync(p)) continue;
    try {
      info = readInfo(JSON.parse(readFileSync(p, 'utf8')));
    } catch {
      // unreadable: the defaults
    }
    break;
  }
  return info;
}

export const packageVersion = (): string => packageInfo().version;

function readInfo(pkg: unknown): PackageInfo {
  if (!isRecord(pkg)) return { version: '0.0.0' };
  const repo = pkg.repository;
  const repositoryUrl =
    typeof repo === 'string' ? repo : isRecord(repo) && typeof repo.url === 'string' ? repo.url : undefined;
  return {
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    ...(typeof pkg.homepage === 'string' ? { homepage: pkg.homepage } : {}),
    ...(repositoryUrl !== undefined ? { repositoryUrl } : {}),
  };
}
