import { serviceRule } from '../rule.js';
import { entries } from '../model.js';
import { isNonSecretValue, isPasswordName, nameTokens } from '../secrets.js';

/** Shorter than this is guessable whatever the characters (NIST SP 800-63B's minimum for a chosen secret). */
export const MIN_PASSWORD_LENGTH = 8;

export const WEAK_PASSWORDS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'secret',
  'root',
  'toor',
  'postgres',
  'mysql',
  'redis',
  'mongo',
  'guest',
  'test',
  'default',
  'example',
  'demo',
  'pass',
  'letmein',
  'qwerty',
  '123456',
  '12345678',
  '123456789',
  '1234',
  'admin123',
  'password123',
  'password1',
  'elastic',
  'kibana',
  'minioadmin',
  'rabbitmq',
]);

export default serviceRule(
  {
    id: 'weak-default-password',
    title: 'Weak or default password',
    severity: 'error',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-1393' },
    description: `A password variable is set to a well-known default (\`admin\`, \`password\`, \`changeme\`, \`postgres\`, \`123456\`…), to the user name, or to fewer than ${MIN_PASSWORD_LENGTH} characters (\`MYSQL_ROOT_PASSWORD: 123\`). Checked on the final value, interpolated or not: a \`\${PW:-admin}\` default deploys \`admin\` too.`,
    fix: 'generate a strong secret (`openssl rand -base64 32`) and pass it as a secret',
    messages: {
      defaultPassword: '{{variable}} of service "{{service}}" is set to a well-known default password',
      sameAsUser: '{{variable}} of service "{{service}}" is set to the same value as the user name',
      tooShort: '{{variable}} of service "{{service}}" is only {{length}} characters long',
    },
  },
  (svc, _name, report) => {
    const env = entries(svc.environment);
    const users = new Set<string>();
    for (const e of env)
      if (/^(USER|USERNAME|LOGIN|USR)$/.test(nameTokens(e.name).at(-1) ?? '') && e.value) users.add(e.value.trim());
    for (const e of env) {
      if (e.value === null || !isPasswordName(e.name)) continue;
      const v = e.value.trim();
      if (WEAK_PASSWORDS.has(v.toLowerCase()))
        report({ path: ['environment', e.key], messageId: 'defaultPassword', data: { variable: e.name } });
      else if (users.has(v) && v !== '')
        report({ path: ['environment', e.key], messageId: 'sameAsUser', data: { variable: e.name } });
      else if (!isNonSecretValue(v) && [...v].length < MIN_PASSWORD_LENGTH)
        report({
          path: ['environment', e.key],
          messageId: 'tooShort',
          data: { variable: e.name, length: [...v].length },
        });
    }
  },
);
