import { serviceRule } from '../rule.js';
import type { Path } from '../model.js';
import { list, obj, valueAt } from '../model.js';
import { commandFollowsEntrypoint, commandPasswords, type CommandPassword } from '../secrets-command.js';
import { oracleCredentials } from '../secrets.js';
import { locationKey, sourceText } from '../source.js';
import { occurring } from '../needles.js';
import type { Location } from '../../diagnostics.js';
import type { Tree, TreeObject } from '../../yaml/located.js';
import { ownText } from '../vocabulary.js';

/**
 * The command lines of a service (paths below it): its own, its healthcheck's, its hooks'. A
 * `command` that starts with an option gives the entrypoint's program its arguments (Docker runs
 * the two as one list: `entrypoint: [mysqladmin]`, `command: [-uroot, -pS3cret, ping]`), so it is
 * read after the entrypoint, `split` telling where the command's items start.
 */
function commandLines(svc: TreeObject): { path: Path; value: Tree | undefined; split?: number }[] {
  const [entrypoint, command] = [list(svc.entrypoint), list(svc.command)];
  const joined = commandFollowsEntrypoint(svc.entrypoint, svc.command);
  const out: { path: Path; value: Tree | undefined; split?: number }[] = [
    joined
      ? { path: ['entrypoint'], value: [...entrypoint, ...command], split: entrypoint.length }
      : { path: ['command'], value: svc.command },
    ...(joined ? [] : [{ path: ['entrypoint'], value: svc.entrypoint }]),
    { path: ['healthcheck', 'test'], value: obj(svc.healthcheck)?.test },
  ];
  for (const hook of ['post_start', 'pre_stop'])
    list(svc[hook]).forEach((h, i) => out.push({ path: [hook, i, 'command'], value: obj(h)?.command }));
  return out;
}

/**
 * Which of `passwords` the raw text at their location writes itself: all when it interpolates nothing
 * (`$$` is a literal `$`), else those it holds, or whose word it holds as a line writes it
 * (`-p'a'"b"`, whose pieces the password is). The words of a command string all stand at the whole
 * scalar: its text is searched once for all of them (a search a word was quadratic).
 */
function writtenIn(raw: string, passwords: readonly CommandPassword[]): Set<CommandPassword> {
  if (!/\$(\{|[A-Za-z_])/.test(raw.replace(/\$\$/g, ''))) return new Set(passwords);
  const found = occurring(
    raw.replace(/\$\$/g, '$'),
    passwords.flatMap((p) => [p.password, ...p.raw]),
  );
  return new Set(passwords.filter((p) => found.has(p.password) || p.raw.some((r) => found.has(r))));
}

export default serviceRule(
  {
    id: 'secret-in-command',
    title: 'Password on a command line',
    severity: 'error',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-214' },
    description:
      "A `command`, `entrypoint`, `healthcheck.test` or hook command gives a program a literal password written in a Compose file: a MySQL or MariaDB client's `-pS3cret` (`-p` alone prompts), `--password=S3cret`, `--password S3cret` (not for the MySQL and PostgreSQL clients, where the next word is no password), redis-server's `--requirepass` / `--masterauth`, an Oracle tool's logon (`sqlplus scott/tiger@XE`; one with its address, `scott/tiger@db:1521/XE`, is `credentials-in-url`), also inside `CMD-SHELL` and `sh -c` lines. A value the container's shell expands (`-p$$MYSQL_ROOT_PASSWORD`, `$(cat /run/secrets/db)`) or one interpolated from the environment is not flagged. Command lines are visible in `docker inspect` and to every process that lists processes.",
    fix: 'let the container read it: `-p$$MYSQL_ROOT_PASSWORD` (its shell expands the variable), a secret file (`$(cat /run/secrets/db_password)`), or interpolate it from the environment (`${DB_PASSWORD:?}`)',
    messages: {
      password: '{{field}} of service "{{service}}" gives {{program}} a password on the command line ({{option}})',
    },
  },
  (svc, name, report, ctx) => {
    const lines = commandLines(svc).map(({ path: line, value, split }) =>
      commandPasswords(value)
        // a connect string with its address is credentials-in-url's (`sqlplus scott/tiger@//db/XE`)
        .filter((p) => !(p.option === 'user/password' && oracleCredentials(p.written).length))
        .map((p) => {
          const inCommand = split !== undefined && p.item !== undefined && p.item >= split;
          const path: Path = inCommand ? ['command'] : line;
          const item = inCommand ? p.item! - split : p.item;
          const at: Path = item === undefined ? path : [...path, item];
          const loc = valueAt(ctx.model, ['services', name, ...at]);
          return { p, path, at, loc, key: locationKey(loc) };
        }),
    );
    // the raw text tells whether the password was written in the file or interpolated into it: read
    // once a location, for every password standing there
    const byKey = new Map<string, { loc: Location; passwords: CommandPassword[] }>();
    for (const { p, loc, key } of lines.flat())
      if (loc && key) {
        const at = byKey.get(key) ?? byKey.set(key, { loc, passwords: [] }).get(key)!;
        at.passwords.push(p);
      }
    const written = new Set<CommandPassword>();
    for (const { loc, passwords } of byKey.values()) {
      const raw = sourceText(ctx.files, loc);
      for (const p of raw === undefined ? passwords : writtenIn(raw, passwords)) written.add(p);
    }
    for (const candidates of lines) {
      const reported = new Set<number | undefined>();
      for (const { p, path, at, loc } of candidates) {
        if (reported.has(p.item) || (loc && !written.has(p))) continue;
        reported.add(p.item);
        report({
          path: at,
          messageId: 'password',
          data: { field: path.join('.'), program: p.program, option: p.option },
          fix: {
            description: ownText(
              'read the password in the container (`-p$$MYSQL_ROOT_PASSWORD`, `$(cat /run/secrets/…)`) or interpolate it from the environment (`${DB_PASSWORD:?}`)',
            ),
          },
        });
      }
    }
  },
);
