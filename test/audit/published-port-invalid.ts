import rule, { validHostPort } from '../../src/audit/rules/published-port-invalid.js';
import { ruleTester } from './helpers.js';
import t from 'tap';

const long = (published: string) =>
  `services:\n  a:\n    image: nginx\n    ports:\n      - target: 80\n        published: ${published}\n        host_ip: 127.0.0.1\n`;

ruleTester(rule, {
  valid: [
    long('"8080"'),
    long('8080'),
    long('"8000-8010"'),
    long('"65535"'),
    long('""'),
    'services:\n  a:\n    image: nginx\n    ports:\n      - target: 80\n',
    'services:\n  a:\n    image: nginx\n    ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001"]\n',
  ],
  invalid: [
    {
      code: long('"70000"'),
      errors: [{ line: 6, column: 9, severity: 'error', message: /host port "70000" of service "a"/ }],
    },
    { code: long('70000'), errors: [{ line: 6, column: 9 }] },
    { code: long('"8010-8000"'), errors: [{ line: 6, column: 9 }] },
    { code: long('"http"'), errors: [{ line: 6, column: 9 }] },
    { code: long('" 8080"'), errors: [{ line: 6, column: 9 }] },
    { code: long('"9007199254740993"'), errors: [{ line: 6, column: 9 }] },
  ],
});

t.test('the host ports the engine takes', async (t) => {
  for (const ok of ['0', '80', '08080', '65535', '1-65535', '8000-8000']) t.ok(validHostPort(ok), ok);
  for (const bad of ['65536', '-1', '+80', '80-', '-80', '1-2-3', '8080/tcp', '80 ', '2-1', '٨٠'])
    t.notOk(validHostPort(bad), bad);
});
