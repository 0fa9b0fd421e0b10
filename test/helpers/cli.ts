/** The CLI run in-process for a test: `compose-review config` in a directory of its own. */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './temp.js';
import { main } from '../../src/cli/main.js';

/** `compose-review config -p p ARGS` in a new directory holding compose.yaml (and `more` files). */
export async function configIn(compose: string, args: string[] = [], more: Record<string, string> = {}) {
  const dir = tempDir('cr-config-');
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(more)) writeFileSync(join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(['config', '-p', 'p', ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {},
    cwd: dir,
  });
  return { code, stdout, stderr };
}
