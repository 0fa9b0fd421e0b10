/**
 * What looks secret: names that hold a secret (`DB_PASSWORD`, `apiToken`, not `PASSWORD_FILE`),
 * values that cannot be one, well-known credential formats and `scheme://user:password@` in URLs.
 * The audit's secret rules read them, and so do the masking (src/redact/) and the reports.
 */

import { requestMemo } from '../memo.js';

const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATEKEY',
]);
/** After the secret word, these make the name describe the secret rather than hold it. */
const META_WORDS = new Set(
  (
    'FILE FILES PATH DIR LOCATION LENGTH LEN MIN MAX MINLENGTH POLICY ENABLED ENABLE DISABLED DISABLE REQUIRED REQUIRE ' +
    'EXPIRY EXPIRE EXPIRES EXPIRATION TTL TIMEOUT LIFETIME AGE HEADER NAME TYPE ALGORITHM ALG FORMAT ID USER USERNAME MODE ' +
    'COMMAND CMD PROVIDER METHOD SIZE COUNT RESET ROTATION PREFIX SUFFIX FIELD PARAM ENDPOINT URL URI HOST PORT STRENGTH ' +
    'COMPLEXITY ATTEMPTS RETRIES REGEX PATTERN LEVEL VERSION HASH HASHER ENCODER ROUNDS COST CHARS DIGITS LOGIN AUTH ' +
    // where a command-line option says where the secret comes from (`--password-stdin`, `--db-password-env NAME`)
    'STDIN ENV VAR STORE AUDIENCE ISSUER SCOPE'
  ).split(' '),
);
/** `X_KEY` is a secret except these kinds of keys (an ACCESS_KEY is the id half of an S3 pair; its SECRET_KEY is the secret). */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'ACCESS',
  'PUBLIC',
  'PUB',
  'SORT',
  'PARTITION',
  'PRIMARY',
  'FOREIGN',
  'CACHE',
  'ROUTING',
  'SHARD',
  'HOST',
  'SITE',
]);

export function nameTokens(name: string): string[] {
  // an ASCII name (nearly all) read in one pass: a token ends at a character other than A-Z, a-z and
  // 0-9, and before a capital that follows a small letter or a digit (`apiToken`, `S3Key`), which is
  // what the regexes below find (a replace with groups and a split were most of a cold secret-name test)
  const out: string[] = [];
  let start = -1;
  let prev = 0; // 1: a small letter or a digit, 2: a capital
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128) return nameTokensOf(name);
    const kind = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? 1 : c >= 65 && c <= 90 ? 2 : 0;
    if (kind === 0 || (kind === 2 && prev === 1)) {
      if (start >= 0) out.push(name.slice(start, i).toUpperCase());
      start = kind === 0 ? -1 : i;
    } else if (start < 0) start = i;
    prev = kind;
  }
  if (start >= 0) out.push(name.slice(start).toUpperCase());
  return out;
}

/** nameTokens of any name (toUpperCase makes `ß` two letters, `ı` an I). */
function nameTokensOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

// Names repeat (every environment and rule of a request asks about `POSTGRES_PASSWORD`): answers are
// remembered, in a bounded map so that hostile input cannot grow it without end, for one request
// (src/memo.ts).
const secretNames = requestMemo<string, boolean>();

/** `DB_PASSWORD`, `apiToken`, `AWS_SECRET_ACCESS_KEY` yes; `PASSWORD_MIN_LENGTH`, `DB_PASSWORD_FILE`, `PWD`, `PUBLIC_KEY` no. */
export function isSecretName(name: string): boolean {
  let known = secretNames.get(name);
  if (known === undefined) {
    known = secretName(name);
    if (secretNames.size >= 10_000) secretNames.clear();
    secretNames.set(name, known);
  }
  return known;
}

/** Secret words that also end compound names written without a separator (`WEBPASSWORD`, `CLIENTSECRET`). */
const SECRET_SUFFIX = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY|PRIVATEKEY)$/;

function secretName(name: string): boolean {
  const t = nameTokens(name);
  if (t.length === 1 && t[0] === 'PWD') return false; // the shell's working directory
  let at = -1;
  for (let i = 0; i < t.length; i++) {
    if (
      SECRET_WORDS.has(t[i]) ||
      SECRET_SUFFIX.test(t[i]) ||
      (t[i] === 'KEY' && !NON_SECRET_KEY_QUALIFIERS.has(t[i - 1] ?? ''))
    ) {
      at = i; // the last one: `KEY_STORE_PASSWORD` holds a password, `PASSWORD_FILE` names a file
    }
  }
  if (at < 0) return false;
  return !t.slice(at + 1).some((w) => META_WORDS.has(w));
}

/** A name that holds a password (not a token or key): the ones default passwords go into. */
export function isPasswordName(name: string): boolean {
  return (
    isSecretName(name) &&
    nameTokens(name).some((w) => /^(PASS|PWD)$/.test(w) || /(PASSWORD|PASSWD|PASSPHRASE|SECRET)$/.test(w))
  );
}

/** The name of a key, certificate or keystore file. */
const KEY_FILE = /^[\w.-]+\.(pem|key|crt|cer|der|p12|pfx|jks|keystore|pub|asc|gpg)$/i;

/** Values that are not plaintext secrets even under a secret name. */
export function isNonSecretValue(v: string | null): boolean {
  if (v === null) return true;
  const s = v.trim();
  return (
    s === '' ||
    /^(true|false|yes|no|on|off|none|null)$/i.test(s) ||
    /\$\{|^\$[A-Za-z_]/.test(s) || // a runtime reference left for the container's shell/entrypoint
    /^(\/|\.\.?\/|~\/|file:)/.test(s) || // a path to the secret (a shell expands `~/` in an assignment), not the secret
    KEY_FILE.test(s) // a key or certificate file's name (`--key key.pem`, `SSL_KEY=server.key`)
  );
}

/**
 * Well-known credential formats, whatever the variable is called. An AWS access key id (`AKIA…`)
 * is not one: it names the key, the secret is its AWS_SECRET_ACCESS_KEY pair.
 */
export const TOKEN_PATTERNS: [string, RegExp][] = [
  ['GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/],
  ['GitLab token', /\bglpat-[A-Za-z0-9_-]{20}\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Stripe live key', /\b[sr]k_live_[A-Za-z0-9]{16,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/**
 * What every pattern of TOKEN_PATTERNS has in it, literally: a value without any (most values) is
 * read by this one expression rather than by the six (tokenKind is asked of every environment value,
 * diff value and masked text, and the masking's collector reads every string with it).
 */
export const TOKEN_LITERALS = /gh[pousr]_|github_pat_|glpat-|xox[abprs]-|[sr]k_live_|AIza|-----BEGIN/;

export function tokenKind(v: string): string | undefined {
  if (!TOKEN_LITERALS.test(v)) return undefined;
  for (const [kind, re] of TOKEN_PATTERNS) if (re.test(v)) return kind;
  return undefined;
}

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const WORD_CHAR = /\w/;
const USER_STOP = /[\s:@/?#'"]/;
/** what ends the authority (`user:password@host`), as a URL parser reads it (`/`, `?`, `#`), or a quote or space */
const AUTHORITY_STOP = /[\s/?#'"]/;

/**
 * `scheme://user:password@` occurrences with a literal password (not `$VAR`, not a mask), the user
 * possibly empty (`redis://:password@cache`, Redis's own form) and the password possibly holding an
 * `@` (the userinfo ends at the authority's last `@`, as a URL parser reads it: `app:p@ss@db` is
 * user `app`, password `p@ss`), read from each `://` outwards (a pattern retried its scheme at every
 * letter of a long run: quadratic in the run). The scheme is the run of scheme characters before
 * `://`, from its leftmost letter at a word boundary; `?` and `#` end the authority as a URL parser
 * reads it (`http://am:9093?to=ops@example.com` has no password). Linear: the user and the authority end at a
 * `/`, so no `://` lies inside either, and each character is read for one `://` at most.
 */
export function urlCredentials(text: string): { scheme: string; user: string; password: string }[] {
  const out: { scheme: string; user: string; password: string }[] = [];
  let from = 0;
  for (let at = text.indexOf('://', from); at !== -1; at = text.indexOf('://', from)) {
    from = at + 3;
    let s = at;
    while (s > 0 && SCHEME_CHAR.test(text[s - 1])) s--;
    let p = s;
    while (p < at && !(LETTER.test(text[p]) && (p === 0 || !WORD_CHAR.test(text[p - 1])))) p++;
    if (p === at) continue;
    let u = at + 3;
    while (u < text.length && !USER_STOP.test(text[u])) u++;
    if (text[u] !== ':') continue;
    let w = -1; // the authority's last `@`
    for (let e = u + 1; e < text.length && !AUTHORITY_STOP.test(text[e]); e++) if (text[e] === '@') w = e;
    if (w <= u + 1) continue;
    from = w + 1;
    const password = text.slice(u + 1, w);
    if (/^\$|\$\{/.test(password) || /^[*x]+$/i.test(password) || /^<.*>$/.test(password)) continue;
    out.push({ scheme: text.slice(p, at), user: text.slice(at + 3, u), password });
  }
  return out;
}

/** A connection string's password key and its `=`: libpq and JDBC `password=`, ODBC `PWD=`, ADO.NET `Password =`, a URL's `?pwd=`. */
const PASSWORD_KEY = /(?:^|[?&;\s])(?:password|passwd|pwd)\s*=\s*/gi;
/** an unquoted value ends at the next parameter, a space, a quote or a `#` */
const UNQUOTED = /[^&;\s'"#]+/y;

/** A connection string's password: as written (between its quotes), as read (a quoted one), and its whole `password=value` entry as written. */
export interface ConnectionPassword {
  written: string;
  read?: string;
  entry: string;
}

/**
 * The passwords of the connection strings in `s`, each as written and as the driver reads it. A
 * value may be quoted: libpq `password='a b'` (a backslash escapes a quote or a backslash), ADO.NET
 * `Password="a;b"` or `'a;b'` (a doubled quote is a quote), ODBC `PWD={a;b}` (`}}` is a `}`); the
 * quoted value ends at its closing quote, not at a `;` or a space, and both its forms are returned
 * (the one written between the quotes, which a source line shows, and the one read). An unquoted
 * value ends at `&`, `;`, a space, a quote or `#`, and is returned as written (the caller decodes a
 * URL's `%XX`). Linear: each value is read once and the search goes on after it (an unterminated
 * quote reads to the end).
 */
export function connectionPasswords(s: string): ConnectionPassword[] {
  const out: ConnectionPassword[] = [];
  PASSWORD_KEY.lastIndex = 0;
  for (let m = PASSWORD_KEY.exec(s); m; m = PASSWORD_KEY.exec(s)) {
    const at = m.index + m[0].length;
    const key = m.index + (/[?&;\s]/.test(s[m.index]) ? 1 : 0);
    const open = s[at];
    if (open !== "'" && open !== '"' && open !== '{') {
      UNQUOTED.lastIndex = at;
      const v = UNQUOTED.exec(s);
      if (v) out.push({ written: v[0], entry: s.slice(key, UNQUOTED.lastIndex) });
      PASSWORD_KEY.lastIndex = v ? UNQUOTED.lastIndex : Math.max(at, m.index + 1);
      continue;
    }
    const close = open === '{' ? '}' : open;
    let read = '';
    let i = at + 1;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '\\' && open !== '{' && i + 1 < s.length) read += s[++i];
      else if (c !== close) read += c;
      else if (s[i + 1] === close) read += s[++i];
      else break;
    }
    out.push({ written: s.slice(at + 1, i), read, entry: s.slice(key, i + 1) });
    PASSWORD_KEY.lastIndex = i + 1;
  }
  return out;
}

/** `%XX` decoded, or `s` as it is when it holds a malformed escape. */
export function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The `@protocol(` of a Go MySQL driver DSN, `user:password@tcp(db:3306)/app`, or the `@/` of one
 * without (`user:password@/app`: the default address).
 */
const DSN_PROTOCOL = /@(?:(?:tcp6?|udp6?|unix|pipe|memory)\(|\/(?=[\w$?]|$))/g;
/** the user and password of a DSN without a protocol: `@/` follows many things, so only a plain `user:password` counts */
const DSN_BARE = /^[\w.-]+:[^\s/'"=,;:]+$/;
const DSN_START = /[\s'"=,;]/;
/** the `NAME=` or `--name=` before a value: `DSN=user:pw@tcp(db)/app` as an environment item, a flag */
const DSN_NAME = /-{0,2}[A-Za-z_][\w.-]*=/y;
const BLANK = /\s/g;

/**
 * The passwords of Go MySQL driver DSNs in `s` (`user:password@tcp(db:3306)/app`, no scheme, so
 * urlCredentials does not read them). The driver (go-sql-driver/mysql ParseDSN) reads
 * `[user[:password]@][net[(addr)]]/dbname`: the password is everything between the user's first
 * `:` and the last `@` before the protocol, blanks, `=`, `,`, `;` and quotes included
 * (`root:Kx9vQ2mZ7pL4tR8w=@tcp(...)`, `app:my pass phrase@tcp(...)`). Where the DSN starts is
 * not written: two readings are returned. The value's: from the start of `s` (or from the first
 * blank after the previous DSN's protocol), past a `NAME=` or `--name=`, which is exact when `s`
 * is the DSN or a `KEY=DSN` item; and the word's: back from the `@` to a blank, a quote, `=`, `,`
 * or `;`, for a DSN among other words (`migrate -dsn root:pw@tcp(db)/x`). Linear: each reading
 * goes back to the previous DSN at most, and the blank after a DSN is searched once.
 */
export function dsnPasswords(s: string): string[] {
  const out = new Set<string>();
  let bare = false;
  const push = (info: string): void => {
    if (bare && !DSN_BARE.test(info)) return;
    const colon = info.indexOf(':');
    const password = colon < 0 ? '' : info.slice(colon + 1);
    if (password && !/^\$|\$\{/.test(password)) out.add(password);
  };
  let floor = 0;
  let start = 0;
  let blank = -1;
  DSN_PROTOCOL.lastIndex = 0;
  for (let m = DSN_PROTOCOL.exec(s); m; m = DSN_PROTOCOL.exec(s)) {
    let u = m.index;
    bare = m[0] === '@/';
    while (u > floor && !DSN_START.test(s[u - 1])) u--;
    floor = DSN_PROTOCOL.lastIndex;
    if (start <= u) {
      DSN_NAME.lastIndex = start;
      if (DSN_NAME.test(s) && DSN_NAME.lastIndex <= m.index) start = DSN_NAME.lastIndex;
      push(s.slice(start, m.index));
    }
    push(s.slice(u, m.index));
    // the next DSN's value starts after a blank past this one's protocol (none: it has no value of its own)
    if (blank < floor) {
      BLANK.lastIndex = floor;
      blank = BLANK.test(s) ? BLANK.lastIndex : s.length + 1;
    }
    start = blank;
  }
  return [...out];
}

/**
 * An Oracle connect string with a password: EZConnect `user/password@host:1521/service`,
 * `user/password@//host/service`, `user/password@host:1521:SID`, and JDBC's
 * `jdbc:oracle:thin:user/password@…` (any address). The user starts the value or follows a blank,
 * a quote, `=`, `,`, `;` or `(`, so a path (`/a/b@c:1`) is none. Without `//` or a port after the
 * `@`, `a/b@c` is also how an action (`actions/checkout@v4`), a package version or an image digest
 * (`repo/img@sha256:…`) is written: such a logon counts only as an Oracle tool's argument
 * (`sqlplus scott/tiger@XE`, src/audit/secrets-command.ts). A password may be double-quoted
 * (`scott/"p@ss"@db:1521/XE`); a `$` reference or a placeholder is none. Linear: user and password
 * runs never overlap (a password holds no `/`, a user only word characters). `written`: the password
 * as written, quotes and all.
 */
export function oracleCredentials(s: string): { user: string; password: string; written: string }[] {
  const out: { user: string; password: string; written: string }[] = [];
  ORACLE.lastIndex = 0;
  for (let m = ORACLE.exec(s); m; m = ORACLE.exec(s)) {
    const at = ORACLE.lastIndex;
    if (!m[1] && !s.startsWith('//', at)) {
      ORACLE_ADDRESS.lastIndex = at;
      if (!ORACLE_ADDRESS.test(s)) continue;
    }
    const password = m[3].startsWith('"') ? m[3].slice(1, -1) : m[3];
    if (!password || /^\$|\$\{/.test(password) || /^[*x]+$/i.test(password) || /^<.*>$/.test(password)) continue;
    out.push({ user: m[2], password, written: m[3] });
  }
  return out;
}

const ORACLE = /(?:(jdbc:oracle:\w+:)|(?<=^|[\s'"=,;(]))([A-Za-z][\w$#]*)\/("[^"\n]*"|[^\s/@'"]+)@/g;
/** EZConnect's `host:port` (then a service, a SID or nothing) */
const ORACLE_ADDRESS = /[A-Za-z0-9][\w.-]*:\d{1,5}(?=$|[/:\s'",;)])/y;
