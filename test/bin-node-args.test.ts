// The CLI's own `--env-file` is docker compose's; Node 20 reads `--env-file` anywhere in its argument
// list, a script's arguments included, before any script runs: `node bin/compose-review.js config
// --env-file FIFO` hangs in Node's start-up, and a missing file makes Node exit 9 ("node: X: not
// found"), neither of which the script can stop once Node was started that way. Node stops at `--`:
// every way the project runs its executable passes it (the shebang `env -S node --`, the image's
// ENTRYPOINT, the Action's spawn, the README's commands), so the CLI answers these itself.
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers/temp.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'compose-review.js');

function run(
  cmd: string,
  argv: string[],
  cwd: string,
): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, hung });
    });
  });
}

t.test(
  '--env-file naming a FIFO or a missing file: the CLI answers (exit 2, its message), Node does not',
  async (t) => {
    if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'))) return t.skip('run npm run build first');
    const dir = tempDir('cr-bin-args-');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
    mkdirSync(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'fifo.env')]);
    const ways: [string, string, string[]][] = [
      ['the executable (its shebang)', BIN, []],
      ['node -- bin/compose-review.js (README)', process.execPath, ['--', BIN]],
    ];
    for (const [name, cmd, pre] of ways) {
      const fifo = await run(cmd, [...pre, 'config', '--env-file', 'fifo.env'], dir);
      t.notOk(fifo.hung, `${name}: a FIFO does not hang`);
      t.equal(fifo.code, 2, `${name}: a FIFO is the CLI's usage error`);
      t.match(fifo.stderr, /fifo\.env/, name);
      t.notMatch(fifo.stderr, /^node:/m, name);
      for (const arg of [['--env-file', 'missing.env'], ['--env-file=missing.env']]) {
        const missing = await run(cmd, [...pre, 'config', ...arg], dir);
        t.equal(missing.code, 2, `${name} ${arg.join(' ')}: exit 2, not Node's 9`);
        t.match(missing.stderr, /missing\.env.*\[env-file-missing\]/, name);
        t.notMatch(missing.stderr, /^node:/m, name);
      }
    }
  },
);

t.test('every documented or shipped way of running the executable passes `--` to Node', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  // `node bin/compose-review.js`, `node ./bin/...`, `node /app/bin/...`: Node would parse what follows
  const bare = readme.match(/\bnode +(?!--)[^\s`]*bin\/compose-review\.js/g) ?? [];
  t.same(bare, [], 'the README runs it as `node -- bin/compose-review.js`');
  t.match(readme, /node -- bin\/compose-review\.js/);
  t.match(readFileSync(BIN, 'utf8').split('\n')[0], /^#!\/usr\/bin\/env -S node --$/, 'the shebang');
  t.match(
    readFileSync(join(ROOT, 'Dockerfile'), 'utf8'),
    /ENTRYPOINT \["node", "--", "\/app\/bin\/compose-review\.js"\]/,
  );
  t.match(readFileSync(join(ROOT, 'src', 'action', 'main.ts'), 'utf8'), /process\.execPath, \['--', cli, \.\.\.args\]/);
});
