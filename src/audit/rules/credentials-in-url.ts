import { serviceRule } from '../rule.js';
import type { Path } from '../model.js';
import { entries, list, obj, str, valueAt } from '../model.js';
import { dsnPasswords, oracleCredentials, urlCredentials } from '../secrets.js';
import { locationKey, sourceText } from '../source.js';
import type { Tree, TreeObject } from '../../yaml/located.js';
import { ownText } from '../vocabulary.js';

/** The items of a list that read as strings, at `path` + their index. */
function listed(v: Tree | undefined, path: Path, out: { path: Path; value: string }[]): void {
  list(v).forEach((x, i) => {
    const value = str(x);
    if (value !== undefined) out.push({ path: [...path, i], value });
  });
}

/** Every string a service passes to its container or to the engine where a URL may hide (paths below the service). */
function values(svc: TreeObject): { path: Path; value: string }[] {
  const out: { path: Path; value: string }[] = [];
  for (const key of ['environment', 'labels', 'annotations'])
    for (const e of entries(svc[key])) if (e.value !== null) out.push({ path: [key, e.key], value: e.value });
  for (const key of ['command', 'entrypoint']) {
    const v = svc[key];
    if (typeof v === 'string') out.push({ path: [key], value: v });
    else listed(v, [key], out);
  }
  const test = obj(svc.healthcheck)?.test;
  if (typeof test === 'string') out.push({ path: ['healthcheck', 'test'], value: test });
  else listed(test, ['healthcheck', 'test'], out);
  return out;
}

export default serviceRule(
  {
    id: 'credentials-in-url',
    title: 'Credentials in a URL',
    severity: 'error',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-798' },
    description:
      'A value in `environment`, `labels`, `command`, `entrypoint` or `healthcheck` contains `scheme://user:password@` (or `scheme://:password@`), an Oracle connect string (`user/password@host:1521/service`, `user/password@//host/service`, `jdbc:oracle:thin:user/password@…`) or a Go MySQL DSN (`user:password@tcp(db:3306)/app`, `user:password@/app`) with a literal password. A password interpolated from the environment (the raw file has `${…}` there) is not flagged.',
    fix: 'build the URL at runtime from a secret (`*_FILE`), or interpolate the password from the environment',
    messages: {
      passwordInUrl:
        '{{field}} of service "{{service}}" contains a {{scheme}}:// URL with the password of user "{{user}}"',
      passwordWithoutUser: '{{field}} of service "{{service}}" contains a {{scheme}}:// URL with a password',
      oracle:
        '{{field}} of service "{{service}}" contains an Oracle connect string with the password of user "{{user}}"',
      dsn: '{{field}} of service "{{service}}" contains a Go MySQL DSN with a password',
    },
  },
  (svc, name, report, ctx) => {
    // whether a raw text writes credentials, once per location and reading: a command string's
    // words all stand at the whole scalar (reading it again for each word was quadratic)
    const written = new Map<string, boolean>();
    for (const { path, value } of values(svc)) {
      const creds = urlCredentials(value);
      const oracle = creds.length || !value.includes('/') ? [] : oracleCredentials(value);
      const dsn = creds.length || oracle.length || !value.includes('@') ? [] : dsnPasswords(value);
      if (creds.length === 0 && oracle.length === 0 && dsn.length === 0) continue;
      const loc = valueAt(ctx.model, ['services', name, ...path]);
      // the raw text tells whether the password was written in the file or interpolated into it
      const read = creds.length ? urlCredentials : oracle.length ? oracleCredentials : dsnPasswords;
      const key = `${locationKey(loc)}\0${creds.length ? 'url' : oracle.length ? 'oracle' : 'dsn'}`;
      let literal = written.get(key);
      if (literal === undefined) {
        const raw = sourceText(ctx.files, loc);
        written.set(key, (literal = raw === undefined || read(raw.replace(/\$\$/g, '')).length > 0));
      }
      if (!literal) continue;
      const field = path.join('.');
      report({
        path,
        // `redis://:password@cache`: Redis's own form, a password and no user
        ...(dsn.length
          ? { messageId: 'dsn', data: { field } }
          : oracle.length
            ? { messageId: 'oracle', data: { field, user: oracle[0].user } }
            : creds[0].user
              ? { messageId: 'passwordInUrl', data: { field, scheme: creds[0].scheme, user: creds[0].user } }
              : { messageId: 'passwordWithoutUser', data: { field, scheme: creds[0].scheme } }),
        fix: {
          description: ownText(
            'pass the password separately from a secret file and build the URL at startup, or use `${DB_PASSWORD:?}` interpolation',
          ),
        },
      });
    }
  },
);
