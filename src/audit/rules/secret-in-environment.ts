import type { Rule } from '../types.js';
import { services, entries, isSecretName, isNonSecretValue, isInterpolated, tokenKind, yamlFix } from '../model.js';
import { valueLoc } from '../../yaml/located.js';

const rule: Rule = {
  meta: {
    id: 'secret-in-environment',
    title: 'Secret in environment',
    severity: 'error',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-798' },
    description:
      'An `environment` entry named like a secret (PASSWORD, SECRET, TOKEN, *_KEY, CREDENTIALS…) holds a literal value written in a Compose file, or any entry holds a well-known token format. ' +
      'Values that came from interpolation (`${VAR}` in the file, read from the raw text) and paths (`*_FILE: /run/secrets/…`) are not flagged. Environment values are visible in `docker inspect` and to every process in the container.',
    fix: 'move it to `secrets:` and a `*_FILE` variable, or interpolate it from the environment (`${DB_PASSWORD:?}`)',
  },
  check(ctx, report) {
    for (const [name, svc] of services(ctx.model))
      for (const e of entries(svc.environment)) {
        if (e.value === null || isInterpolated(ctx, valueLoc(svc.environment, e.key))) continue;
        const kind = tokenKind(e.value);
        if (!kind && (!isSecretName(e.name) || isNonSecretValue(e.value))) continue;
        const secret = e.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
        report({
          path: ['services', name, 'environment', e.key],
          message: kind
            ? `environment variable ${e.name} of service "${name}" holds a ${kind}`
            : `environment variable ${e.name} of service "${name}" holds a plaintext secret`,
          fix: yamlFix(
            'read it from a secret file (if the image supports `*_FILE`), or interpolate it from the deployment environment',
            {
              services: {
                [name]: { environment: { [`${e.name}_FILE`]: `/run/secrets/${secret}` }, secrets: [secret] },
              },
              secrets: { [secret]: { environment: e.name } },
            },
          ),
        });
      }
  },
};
export default rule;
