// `compose-review config` on every corpus set, byte for byte: the safety net for refactors (issue 13).
// Each set's golden file holds the output of five invocations (yaml, json, --provenance,
// --no-interpolate, --variables), stdout and stderr and the exit code. Regenerate on purpose only:
//   UPDATE_GOLDEN=1 npx tap test/golden-config.test.ts
import t from 'tap';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusSets } from './helpers/corpus.js';
import { FIXTURES } from './helpers/fixtures.js';
import { main } from '../src/cli/main.js';

const MODES: [string, string[]][] = [
  ['yaml', []],
  ['json', ['--format', 'json']],
  ['provenance', ['--provenance']],
  ['no-interpolate', ['--no-interpolate']],
  ['variables', ['--variables']],
];
const update = process.env.UPDATE_GOLDEN === '1';

for (const set of corpusSets()) {
  const key = `${set.id} :: ${set.spec.files.join(',')}`;
  t.test(key, async (t) => {
    const top = set.id.split('/')[0];
    const cwd = join(FIXTURES, 'corpus', top);
    const args = set.spec.files.flatMap((f) => ['-f', f]);
    for (const e of set.spec.envFiles ?? []) args.push('--env-file', e);
    let out = '';
    for (const [mode, extra] of MODES) {
      let stdout = '';
      let stderr = '';
      // --no-redact: compose's own output (secret values printed), which the goldens record
      const code = await main(['config', ...args, ...extra, '--no-redact'], {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
        env: {},
        cwd,
      });
      out += `===== ${mode} (exit ${code})\n${stdout}----- stderr\n${stderr}`;
    }
    const file = join(
      FIXTURES,
      'golden',
      'config',
      `${key.replace(/ :: /, '--').replace(/[^A-Za-z0-9._-]+/g, '_')}.txt`,
    );
    if (update || !existsSync(file)) writeFileSync(file, out);
    t.equal(out, readFileSync(file, 'utf8'), 'config output unchanged');
  });
}
