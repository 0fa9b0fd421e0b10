import { serviceRule } from '../rule.js';
import { entries } from '../model.js';
import { isSecretName, isNonSecretValue, tokenKind, urlCredentials } from '../secrets.js';
import { isInterpolated } from '../source.js';
import { valueLoc } from '../../yaml/located.js';
import { ownText } from '../vocabulary.js';

export default serviceRule(
  {
    id: 'secret-in-labels',
    title: 'Credential in a label',
    severity: 'warning',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-200' },
    description:
      'A label holds a credential: a secret-named label with a literal value, a well-known token format, or an htpasswd hash (`basicauth.users`). Labels are readable by anyone with API access. URLs with passwords are `credentials-in-url`.',
    fix: 'remove it; for Traefik basic auth use `usersfile` with a secret',
    messages: {
      token: 'label {{label}} of service "{{service}}" holds a {{kind}}',
      htpasswd: 'label {{label}} of service "{{service}}" holds password hashes (htpasswd)',
      credential: 'label {{label}} of service "{{service}}" holds a credential',
    },
  },
  (svc, _name, report, ctx) => {
    for (const e of entries(svc.labels)) {
      if (e.value === null || urlCredentials(e.value).length > 0) continue;
      const kind = tokenKind(e.value);
      const htpasswd = /\.(basicauth|digestauth)\.users$/i.test(e.name) && /:\$?\S+/.test(e.value);
      const named =
        isSecretName(e.name) && !isNonSecretValue(e.value) && !isInterpolated(ctx, valueLoc(svc.labels, e.key));
      if (!kind && !htpasswd && !named) continue;
      const common = {
        path: ['labels', e.key],
        fix: {
          description: htpasswd
            ? ownText('use `…basicauth.usersfile` pointing at a mounted secret')
            : ownText('remove the credential from the label'),
        },
      };
      if (kind) report({ ...common, messageId: 'token', data: { label: e.name, kind } });
      else report({ ...common, messageId: htpasswd ? 'htpasswd' : 'credential', data: { label: e.name } });
    }
  },
);
