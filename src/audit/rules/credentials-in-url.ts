import type { Rule } from '../types.js';
import type { Path } from '../model.js';
import { services, entries, list, str, urlCredentials, sourceText, valueAt } from '../model.js';
import type { TreeObject } from '../../yaml/located.js';

/** Every string a service passes to its container or to the engine where a URL may hide. */
function values(svc: TreeObject, name: string): { path: Path; value: string }[] {
  const out: { path: Path; value: string }[] = [];
  for (const key of ['environment', 'labels', 'annotations'])
    for (const e of entries(svc[key]))
      if (e.value !== null) out.push({ path: ['services', name, key, e.key], value: e.value });
  for (const key of ['command', 'entrypoint']) {
    const v = svc[key];
    if (typeof v === 'string') out.push({ path: ['services', name, key], value: v });
    else
      list(v).forEach(
        (x, i) => str(x) !== undefined && out.push({ path: ['services', name, key, i], value: str(x) as string }),
      );
  }
  const test = (svc.healthcheck as TreeObject | null)?.test;
  if (typeof test === 'string') out.push({ path: ['services', name, 'healthcheck', 'test'], value: test });
  else
    list(test).forEach(
      (x, i) =>
        str(x) !== undefined &&
        out.push({ path: ['services', name, 'healthcheck', 'test', i], value: str(x) as string }),
    );
  return out;
}

const rule: Rule = {
  meta: {
    id: 'credentials-in-url',
    title: 'Credentials in a URL',
    severity: 'error',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-798' },
    description:
      'A value in `environment`, `labels`, `command`, `entrypoint` or `healthcheck` contains `scheme://user:password@` with a literal password. A password interpolated from the environment (the raw file has `${…}` there) is not flagged.',
    fix: 'build the URL at runtime from a secret (`*_FILE`), or interpolate the password from the environment',
  },
  check(ctx, report) {
    for (const [name, svc] of services(ctx.model))
      for (const { path, value } of values(svc, name)) {
        const creds = urlCredentials(value);
        if (creds.length === 0) continue;
        const raw = sourceText(ctx.files, valueAt(ctx.model, path));
        // the raw text tells whether the password was written in the file or interpolated into it
        if (raw !== undefined && urlCredentials(raw.replace(/\$\$/g, '')).length === 0) continue;
        const { scheme, user } = creds[0];
        report({
          path,
          message: `${path.slice(2).join('.')} of service "${name}" contains a ${scheme}:// URL with the password of user "${user}"`,
          fix: {
            description:
              'pass the password separately from a secret file and build the URL at startup, or use `${DB_PASSWORD:?}` interpolation',
          },
        });
      }
  },
};
export default rule;
