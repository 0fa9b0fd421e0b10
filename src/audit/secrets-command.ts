/**
 * Passwords given on a command line: `mysqladmin ping -uroot -pS3cret` (the MySQL and MariaDB
 * clients glue the password to `-p`), `--password=S3cret`, redis-server's `--requirepass S3cret`,
 * an Oracle tool's logon (`sqlplus -s scott/tiger@XE`),
 * in an exec list (`command: [...]`, `["CMD", ...]`, a hook's `command`) or in a shell line
 * (`["CMD-SHELL", "..."]`, `sh -c "..."`, a `command` string read as one). The audit's
 * secret-in-command rule reports them and the masking (src/redact/secrets.ts) hides them.
 *
 * A value the container's shell expands (`-p$$MYSQL_ROOT_PASSWORD`, `"$(cat /run/secrets/db)"`,
 * a backtick) is no plaintext secret, as `$VAR` under a secret name is not (isNonSecretValue).
 * `-p` means a password only for the MySQL family: it is a port for many other programs
 * (`mysqld -p3306` is the server, which has no `-p` password either).
 */
import { isNonSecretValue, isSecretName } from './secrets.js';

/** The shell's builtins that set variables (`export NAME=value`; POSIX's two, and bash's, ksh's and zsh's). */
const ASSIGNING = new Set(['export', 'readonly', 'declare', 'typeset', 'local']);
/** The MySQL and MariaDB clients: `-p` glues the password (`-p` alone prompts), `--password` takes it after `=`. */
const MYSQL_CLIENTS = new Set(
  (
    'mysql mysqladmin mysqldump mysqlcheck mysqlimport mysqlshow mysqlslap mysqlpump mysqlbinlog mysql_upgrade ' +
    'mariadb mariadb-admin mariadb-dump mariadb-check mariadb-import mariadb-show mariadb-slap mariadb-binlog mariadb-upgrade'
  ).split(' '),
);
/** Programs whose `--password` takes no value (PostgreSQL's clients: `-W` / `--password` forces the prompt). */
const FLAG_ONLY_PASSWORD = new Set(
  'psql pg_dump pg_dumpall pg_restore pg_isready pg_basebackup createdb dropdb createuser dropuser vacuumdb reindexdb clusterdb'.split(
    ' ',
  ),
);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** redis-cli and its forks: `-a PASSWORD` (and `--pass PASSWORD`, a secret name) */
const REDIS_CLIENTS = new Set(['redis-cli', 'valkey-cli', 'keydb-cli']);
/** Options whose value is the next word: redis-server's and Valkey's password options. */
const REDIS_AUTH = /^(requirepass|masterauth)$/i;
/** The characters forEachCommand looks at; a run of others is part of the word as it is. */
const SPECIAL = /[\s;&|()<>\\'"`$]/;
/** Oracle's tools: their logon argument is `user/password[@connect]` (`sqlplus -s scott/tiger@XE`, `expdp userid=…`, `rman target …`). */
const ORACLE_TOOLS = new Set(['sqlplus', 'sqlldr', 'expdp', 'impdp', 'rman', 'dgmgrl']);
const ORACLE_LOGON = /^(?:userid=)?[A-Za-z][\w$#]*\/("[^"]*"|[^\s/@"]+)(?:@|$)/i;
/** What a string holds when one of its commands may be a MySQL client or an Oracle tool. */
export const CLIENT_HINT = /mysql|mariadb|sqlplus|sqlldr|expdp|impdp|rman|dgmgrl|redis-cli|valkey-cli|keydb-cli/i;

/** A word of a command line, as the program reads it. */
export interface Word {
  value: string;
  /** the shell expands part of it (`$VAR`, `${…}`, `$(…)`, a backtick): not written literally */
  dynamic: boolean;
  /** the index of the list item it is or came from (`command[3]`, the `sh -c` line's item) */
  item?: number;
  /** the word as its line writes it, quotes and escapes kept (`-p'a'"b"`); none: as its value */
  raw?: string;
  /** where the word starts and ends in its line (`raw` is that slice) */
  start?: number;
  end?: number;
  /** where each character of `value` stands in its line (when forEachCommand is asked for it) */
  at?: number[];
}

/** A password found on a command line. */
export interface CommandPassword {
  program: string;
  /** the option that takes it (`-p`, `--password`, `--requirepass`) */
  option: string;
  password: string;
  /** the word holding it, as the program reads it (`-pS3cret`: the password alone is no whole token there) */
  written: string;
  /** the index of the list item that holds it (see Word.item) */
  item?: number;
  /**
   * the word as each line around it writes it, where that differs from `written`: `-p'a'"b"` in
   * the `sh -c` line, `-p'a'\\"b\\"` in a Compose string that runs `sh -c "…"` (the masking hides them too)
   */
  raw: string[];
  /** where the word holding it stands in the line read last (while an `sh -c` line is mapped to the line around it) */
  span?: [number, number];
}

/** The program's name: the last part of its path (`/usr/bin/mysql`). */
function programName(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1);
}

/**
 * The passwords an argument list (program first) gives on the command line, and those of the shell
 * line it runs (`sh -c "…"`, `bash -ec '…'`). Linear in the words (a shell line is read once).
 */
export function argvPasswords(words: readonly Word[], out: CommandPassword[] = [], shell = false): CommandPassword[] {
  const i = programAt(words, (w) => w.value);
  // a shell's command of assignments alone sets its variables for the commands after it
  // (`PGPASSWORD=x; psql`), and so do its builtins (`export PGPASSWORD=x; psql`, `declare -x`)
  if (shell && (i >= words.length || ASSIGNING.has(words[i].value))) {
    const builtin = i < words.length ? `${words[i].value} ` : '';
    for (let j = 0; j < words.length; j++) if (j !== i) assignment(out, 'the shell', builtin, words[j]);
    return out;
  }
  if (i >= words.length) return out;
  // an option first: the program is elsewhere (the image's entrypoint), the words are its arguments:
  // its long options are read (`--requirepass x`), not a glued `-pX` whose meaning is the program's
  const unknown = words[i].value.startsWith('-');
  const program = unknown ? "the image's entrypoint" : programName(words[i].value);
  // a secret-named variable set for the program, `MYSQL_PWD=x mysql …`, `env PGPASSWORD=x psql …`
  for (let j = 0; j < i; j++) assignment(out, program, '', words[j]);
  if (SHELLS.has(program)) {
    let c = false;
    for (let j = i + 1; j < words.length; j++) {
      const w = words[j].value;
      if (/^-[a-z]*c[a-z]*$/.test(w)) c = true;
      else if (!w.startsWith('-')) {
        if (c) {
          const from = out.length;
          forEachCommand(w, (cmd) => argvPasswords(cmd, out, true));
          const outer = words[j];
          // where the `sh -c` line's characters stand in the word that writes it (its quotes, its escapes)
          const at = from < out.length && outer.raw !== undefined ? wordPositions(outer.raw) : undefined;
          for (let k = from; k < out.length; k++) {
            const p = out[k];
            p.item = outer.item;
            if (!p.span || outer.start === undefined || (outer.raw !== undefined && !at)) p.span = undefined;
            else if (!at)
              p.span = [outer.start + p.span[0], outer.start + p.span[1]]; // written as it reads
            else {
              // the password's word as the line around the `sh -c` line writes it
              const [s, e] = [at[p.span[0]], at[p.span[1] - 1] + 1];
              const raw = outer.raw!.slice(s, e);
              if (raw !== p.written && !p.raw.includes(raw)) p.raw.push(raw);
              p.span = [outer.start + s, outer.start + e];
            }
          }
        }
        break;
      }
    }
    return out;
  }
  const mysql = MYSQL_CLIENTS.has(program);
  const oracle = ORACLE_TOOLS.has(program);
  for (let j = unknown ? i : i + 1; j < words.length; j++) {
    const w = words[j];
    if (w.dynamic || (unknown && !w.value.startsWith('--'))) continue;
    const v = w.value;
    const logon = oracle ? ORACLE_LOGON.exec(v) : null;
    if (logon) {
      found(out, program, 'user/password', logon[1].startsWith('"') ? logon[1].slice(1, -1) : logon[1], w);
      continue;
    }
    if (mysql && /^-p./.test(v)) {
      found(out, program, '-p', v.slice(2), words[j]);
      continue;
    }
    if (v === '-a' && REDIS_CLIENTS.has(program) && j + 1 < words.length) {
      const next = words[j + 1];
      if (!next.dynamic) found(out, program, '-a', next.value, next);
      continue;
    }
    const m = /^--?([A-Za-z][A-Za-z0-9_.-]*)(?:=([\s\S]*))?$/.exec(v);
    if (!m || m[1].startsWith('no-') || !(isSecretName(m[1].replace(/[-.]/g, '_')) || REDIS_AUTH.test(m[1]))) continue;
    const option = v.slice(0, v.length - (m[2] === undefined ? 0 : m[2].length + 1));
    if (m[2] !== undefined) found(out, program, option, m[2], w);
    else if (!mysql && !FLAG_ONLY_PASSWORD.has(program) && j + 1 < words.length) {
      const next = words[j + 1];
      if (!next.dynamic && !next.value.startsWith('-')) found(out, program, option, next.value, next);
    }
  }
  return out;
}

/**
 * Whether a service's `command` is its `entrypoint`'s arguments, read with it as one list, as Docker
 * runs the two: an entrypoint list, and a command list whose first word is an option
 * (`entrypoint: [mysqladmin]`, `command: [-uroot, -pS3cret, ping]`). A command that names its own
 * program is read alone: a wrapper entrypoint (`docker-entrypoint.sh`) usually runs it.
 */
export function commandFollowsEntrypoint(entrypoint: unknown, command: unknown): boolean {
  return (
    Array.isArray(entrypoint) &&
    entrypoint.length > 0 &&
    Array.isArray(command) &&
    typeof command[0] === 'string' &&
    command[0].startsWith('-')
  );
}

/** Where the program of a command is: after `env A=b`, `exec`, a shell line's assignments (`A=b prog`). */
function programAt<T>(words: readonly T[], value: (w: T) => unknown, from = 0): number {
  let i = from;
  for (; i < words.length; i++) {
    const v = value(words[i]);
    // by the program's name: `/usr/bin/env mysql -p…` runs mysql as `env mysql` does
    if (typeof v !== 'string' || !(/^(env|exec|nice|nohup|time)$/.test(programName(v)) || /^\w+=/.test(v))) break;
  }
  return i;
}

/**
 * Whether an exec form (a list, `CMD` first or not) runs a MySQL client or an Oracle tool, whose
 * arguments argvPasswords reads beyond the password options of every program: the masking asks it
 * of every list, so it reads no more than the program's name.
 */
export function runsClient(list: readonly unknown[]): boolean {
  const v = list[programAt(list, (x) => x, list[0] === 'CMD' ? 1 : 0)];
  if (typeof v !== 'string' || !CLIENT_HINT.test(v)) return false;
  const program = programName(v);
  return MYSQL_CLIENTS.has(program) || ORACLE_TOOLS.has(program) || REDIS_CLIENTS.has(program);
}

/** `NAME=value` with a secret name, as a variable set for `program` (`option`: the builtin that sets it, `export `). */
function assignment(out: CommandPassword[], program: string, builtin: string, w: Word): void {
  const m = w.dynamic ? null : /^([A-Za-z_]\w*)=([\s\S]*)$/.exec(w.value);
  if (m && isSecretName(m[1])) found(out, program, `${builtin}${m[1]}=`, m[2], w);
}

function found(out: CommandPassword[], program: string, option: string, password: string, w: Word): void {
  // an exec form's word is literal, but one that starts with `$(…)` or a backtick meant a shell
  // that is not there (`-p$(cat /run/secrets/db)`): no password was written in it
  if (!password || isNonSecretValue(password) || /^(\$\(|`)/.test(password)) return;
  const raw = w.raw !== undefined && w.raw !== w.value ? [w.raw] : [];
  const span: [number, number] | undefined = w.start === undefined ? undefined : [w.start, w.end!];
  out.push({ program, option, password, written: w.value, item: w.item, raw, span });
}

/** Where each character of a shell word's value stands in the word as written (`'a'"b"`: 1, 4). */
function wordPositions(raw: string): number[] | undefined {
  let at: number[] | undefined;
  forEachCommand(raw, (words) => (at ??= words[0]?.at), true);
  return at;
}

/**
 * The simple commands of a shell line, as words: quotes removed (`'…'` literal, `"…"` with its
 * backslash escapes, `\x` outside them), a word marked dynamic where the shell expands part of it.
 * Enough of a shell to find a command's arguments, not a shell: `;`, `&`, `|`, `(`, `)` and a
 * newline end a command, a redirection (`>f`, `2>&1`, `<f`, `&>f`) and its file are left out of it,
 * `#` at a word's start a comment. Linear: each character is read once.
 */
export function forEachCommand(line: string, each: (words: Word[]) => void, positions = false): void {
  let words: Word[] = [];
  let value = '';
  let dynamic = false;
  let inWord = false;
  let target = false; // the next word is a redirection's file, no argument
  let start = 0;
  let at: number[] | undefined;
  const end = (i: number): void => {
    if (inWord && !target) {
      const word: Word = { value, dynamic, start, end: i };
      if (i - start !== value.length || line.slice(start, i) !== value) word.raw = line.slice(start, i);
      if (at) word.at = at;
      words.push(word);
    } else if (inWord) target = false;
    value = '';
    dynamic = false;
    inWord = false;
    at = undefined;
  };
  /** line[from, to) into the word's value, and where its characters stand when asked */
  const add = (from: number, to: number): void => {
    value += line.slice(from, to);
    if (positions) {
      at ??= [];
      for (let k = from; k < to; k++) at.push(k);
    }
  };
  // each command is handed over as it ends: a long line's words are not all kept
  const endCommand = (i: number): void => {
    end(i);
    target = false;
    if (words.length) each(words);
    words = [];
  };
  /** after a `$` at `i`: where the expansion ends (it is dynamic), or `i` when the `$` is literal */
  const expansion = (i: number): number => {
    const c = line[i + 1];
    if (c === '(' || c === '{') {
      const close = c === '(' ? ')' : '}';
      let depth = 0;
      for (let k = i + 1; k < line.length; k++) {
        if (line[k] === c) depth++;
        else if (line[k] === close && --depth === 0) return k;
      }
      return line.length - 1;
    }
    if (c !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(c)) {
      let k = i + 1;
      if (/[A-Za-z_]/.test(c)) while (k + 1 < line.length && /\w/.test(line[k + 1])) k++;
      return k;
    }
    return i;
  };
  // the end of the word being read: after its last character
  let last = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      end(last);
      continue;
    }
    if (c === '<' || c === '>' || (c === '&' && line[i + 1] === '>')) {
      // a redirection, anywhere in the command (`mysqladmin ping >/dev/null 2>&1 -uroot -pX`): its
      // descriptor (`2>`) and its file are no arguments; the command goes on after them
      if (inWord && /^\d+$/.test(value)) inWord = false;
      end(last);
      while (i + 1 < line.length && '<>&|'.includes(line[i + 1])) i++;
      target = true;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand(last);
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if (!inWord) start = i;
    inWord = true;
    if (c === '\\') {
      if (i + 1 < line.length) add(i + 1, i + 2);
      i++;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      const to = close < 0 ? line.length : close;
      add(i + 1, to);
      i = to;
    } else if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) {
        const d = line[i];
        if (d === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1])) {
          add(i + 1, i + 2);
          i++;
        } else if (d === '`' || (d === '$' && expansion(i) !== i)) {
          dynamic = true;
          const to = d === '`' ? line.indexOf('`', i + 1) : expansion(i);
          add(i, to < 0 ? line.length : to + 1);
          i = to < 0 ? line.length : to;
        } else add(i, i + 1);
      }
    } else if (c === '`' || (c === '$' && expansion(i) !== i)) {
      dynamic = true;
      const to = c === '`' ? line.indexOf('`', i + 1) : expansion(i);
      add(i, to < 0 ? line.length : to + 1);
      i = to < 0 ? line.length : to;
    } else {
      // a run of ordinary characters as one slice (one at a time built a long word slowly)
      let k = i + 1;
      while (k < line.length && !SPECIAL.test(line[k])) k++;
      add(i, k);
      i = k - 1;
    }
    last = Math.min(i + 1, line.length);
  }
  endCommand(last);
}

/** The simple commands of a shell line, as words (see forEachCommand). */
export function shellCommands(line: string): Word[][] {
  const commands: Word[][] = [];
  forEachCommand(line, (words) => commands.push(words));
  return commands;
}

/** An argument list of strings (an exec form) as words: each one literal, as the program reads it. */
export function execWords(list: readonly unknown[], from = 0): Word[] {
  const out: Word[] = [];
  for (let i = from; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'string') break;
    // no shell reads it: `-pa$b` and `-pa$(b)` give the program `a$b` and `a$(b)` (Compose made
    // `$$` one `$`); a password that starts with a reference is none (see found)
    out.push({ value: v, dynamic: false, item: i });
  }
  return out;
}

/**
 * The passwords of a Compose command value: a list (`command`, `entrypoint`, a hook's `command`,
 * `healthcheck.test` with its `CMD` / `CMD-SHELL` head) or a string (a shell line, as `CMD-SHELL`
 * runs it and as the raw file writes `command: mysql -p…`).
 */
export function commandPasswords(v: unknown): CommandPassword[] {
  if (typeof v === 'string') {
    const out: CommandPassword[] = [];
    forEachCommand(v, (cmd) => argvPasswords(cmd, out, true));
    return out;
  }
  if (!Array.isArray(v) || v.length === 0) return [];
  if (v[0] === 'CMD-SHELL') return commandPasswords(v[1]).map((p) => ({ ...p, item: 1 }));
  return argvPasswords(execWords(v, v[0] === 'CMD' ? 1 : 0));
}
