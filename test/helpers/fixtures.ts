import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** Every file under a fixtures directory as a bundle file map (paths relative to it). */
export function readTree(dir: string): Record<string, string> {
  const root = join(FIXTURES, dir);
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p).split(sep).join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

export function seedBundle(): { files: Record<string, string> } {
  return { files: readTree('seed') };
}
