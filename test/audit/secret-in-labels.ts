import rule from '../../src/audit/rules/secret-in-labels.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    labels:\n      traefik.http.routers.a.rule: Host(`a.example.com`)\n      com.example.password-policy: strict\n',
    { name: 'URLs are credentials-in-url', code: 'services:\n  a:\n    labels:\n      db: postgres://u:p@db/x\n' },
    {
      name: 'an AWS access key id names a key, it is not the secret',
      code: 'services:\n  a:\n    labels:\n      - deploy.key-id=AKIAIOSFODNN7EXAMPLE\n',
    },
  ],
  invalid: [
    {
      code: y`
        services:
          a:
            labels:
              - "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"
              - com.example.api-token=tok_123456
              - deploy.token=glpat-abcdefghij0123456789
      `,
      errors: [
        { line: 4, column: 9, message: /htpasswd/ },
        { line: 5, column: 9, message: /a credential/ },
        { line: 6, column: 9, message: /GitLab token/ },
      ],
    },
  ],
});
