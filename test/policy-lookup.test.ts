/**
 * The policy a bundle's audit reads (readPolicy, src/audit/project.ts): the nearest one, beside the
 * first Compose file, else in each directory above it up to the bundle's root, as eslint and
 * hadolint find their configuration (the nearest wins, none is merged). It looked beside the file
 * and at the root only: `services/.compose-review.yaml` over `services/shop/` was never read.
 */
import t from 'tap';
import { readPolicy } from '../src/audit/project.js';
import { buildApp } from '../src/api/app.js';

const compose = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
const specs = { default: { files: ['services/shop/compose.yaml'] } };

t.test('nearest first, up to the bundle root', async (t) => {
  const at = (files: Record<string, string>) => {
    const r = readPolicy({ files: { 'services/shop/compose.yaml': compose, ...files } }, specs);
    return { rules: r.policy.rules, diagnostics: r.diagnostics.map((d) => `${d.file} ${d.code}`) };
  };
  const root = { '.compose-review.yaml': 'rules:\n  privileged: info\n' };
  const between = { 'services/.compose-review.yaml': 'rules:\n  privileged: warning\n' };
  const own = { 'services/shop/.compose-review.yml': "rules:\n  privileged: 'off'\n" };
  t.match(at(root), { rules: { privileged: 'info' } }, 'the root');
  t.match(at({ ...root, ...between }), { rules: { privileged: 'warning' } }, 'a directory between is nearer');
  t.match(at({ ...root, ...between, ...own }), { rules: { privileged: 'off' } }, "the project's own is the nearest");
  t.same(at({}), { rules: undefined, diagnostics: [] }, 'none');
  // both names in the directory found: the .yaml one, and a warning at the other
  t.match(at({ ...root, ...between, 'services/.compose-review.yml': 'rules: {}\n' }), {
    rules: { privileged: 'warning' },
    diagnostics: ['services/.compose-review.yml policy-file-ignored'],
  });
});

t.test("the API's bundle: a policy in a directory above the Compose file applies", async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const r = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: {
      files: {
        'services/shop/compose.yaml': compose,
        'services/.compose-review.yaml': 'rules:\n  privileged: warning\n',
      },
    },
  });
  t.equal(r.statusCode, 200);
  const privileged = r.json().findings.filter((f: { rule: string }) => f.rule === 'privileged');
  t.match(privileged, [{ severity: 'warning' }], "the policy's severity");
  t.equal(privileged.length, 1);
});
