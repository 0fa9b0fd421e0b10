import { serviceRule } from '../rule.js';
import { entries, yamlFix } from '../model.js';
import { isSecretName, isNonSecretValue, tokenKind } from '../secrets.js';
import { isInterpolated } from '../source.js';
import { valueLoc } from '../../yaml/located.js';
import { bundleText, ownText } from '../vocabulary.js';

export default serviceRule(
  {
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
    messages: {
      token: 'environment variable {{variable}} of service "{{service}}" holds a {{kind}}',
      plaintext: 'environment variable {{variable}} of service "{{service}}" holds a plaintext secret',
    },
  },
  (svc, name, report, ctx) => {
    for (const e of entries(svc.environment)) {
      if (e.value === null) continue;
      const kind = tokenKind(e.value);
      if (!kind && (!isSecretName(e.name) || isNonSecretValue(e.value))) continue;
      // the raw text read last, for the entries that would be reported (most are no secret)
      if (isInterpolated(ctx, valueLoc(svc.environment, e.key))) continue;
      // the bundle's names, as the snippet writes them: a secret in one withholds the fix
      const secret = bundleText(e.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'));
      const common = {
        path: ['environment', e.key],
        fix: yamlFix(
          ownText(
            'read it from a secret file (if the image supports `*_FILE`), or interpolate it from the deployment environment',
          ),
          {
            services: {
              [bundleText(name)]: {
                environment: { [bundleText(`${e.name}_FILE`)]: `/run/secrets/${secret}` },
                secrets: [secret],
              },
            },
            secrets: { [secret]: { environment: bundleText(e.name) } },
          },
        ),
      };
      if (kind) report({ ...common, messageId: 'token', data: { variable: e.name, kind } });
      else report({ ...common, messageId: 'plaintext', data: { variable: e.name } });
    }
  },
);
