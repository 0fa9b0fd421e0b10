/**
 * The policy's `ignore` entries read as written, or not at all (src/audit/policy.ts): an entry whose
 * `services` is not a non-empty list of names, or with a member it cannot honour, was left without
 * services and silenced its rule in every service, with no warning. Now each is a positioned
 * `policy-invalid` warning and the entry is ignored whole. A second YAML document of the policy file
 * was read past silently: a warning at its start.
 */
import t from 'tap';
import { runTask } from '../src/usecases/task.js';
import { policyFromText } from '../src/audit/policy.js';

const compose =
  'services:\n  legacy:\n    image: nginx:1.27\n    privileged: true\n  web:\n    image: nginx:1.27\n    privileged: true\n';

interface Answer {
  findings: { rule?: string; path: string }[];
  suppressed: { rule?: string; path: string; suppressed?: { by: string } }[];
  diagnostics: { code: string; file: string; line: number; column: number; path: string; message: string }[];
}

function audit(policy: string): Answer {
  const r = runTask({
    question: 'audit',
    options: {},
    input: { files: { 'compose.yaml': compose, '.compose-review.yaml': policy } },
  });
  return JSON.parse(r.body) as Answer;
}

const privileged = (list: { rule?: string; path: string }[]): string[] =>
  list.filter((f) => f.rule === 'privileged').map((f) => f.path);

t.test('a well-formed entry names its services only (the control)', async (t) => {
  const a = audit('ignore:\n  - rule: privileged\n    services: [legacy]\n    reason: legacy only\n');
  t.same(privileged(a.findings), ['services.web.privileged']);
  t.same(privileged(a.suppressed), ['services.legacy.privileged']);
  t.same(
    a.diagnostics.filter((d) => d.code === 'policy-invalid'),
    [],
  );
});

t.test('services that is not a non-empty list of names: a warning at it, and the entry ignored', async (t) => {
  for (const [what, services] of [
    ['a scalar', ' legacy'],
    ['an empty list', ' []'],
    ['null', ''],
    ['a mapping', ' {legacy: true}'],
    ['a list holding a mapping', ' [legacy, {web: 1}]'],
    ['a list holding null', ' [legacy, ~]'],
  ] as const) {
    const a = audit(`ignore:\n  - rule: privileged\n    services:${services}\n    reason: legacy only\n`);
    t.same(
      privileged(a.findings),
      ['services.legacy.privileged', 'services.web.privileged'],
      `${what}: nothing suppressed`,
    );
    t.same(privileged(a.suppressed), [], `${what}: no service silenced`);
    t.match(
      a.diagnostics.filter((d) => d.code === 'policy-invalid'),
      [
        {
          file: '.compose-review.yaml',
          line: 3,
          column: 5,
          path: 'ignore[0].services',
          message: /services must be a non-empty list of service names; the entry is ignored/,
        },
      ],
      what,
    );
  }
});

t.test('an unknown member of an entry (misspelled services, environments): warned, the entry ignored', async (t) => {
  for (const [member, text] of [
    ['service', 'service: [legacy]'],
    ['environments', 'services: [legacy]\n    environments: [development]'],
  ] as const) {
    const a = audit(`ignore:\n  - rule: privileged\n    ${text}\n`);
    t.same(privileged(a.suppressed), [], `${member}: no service silenced`);
    t.match(
      a.diagnostics.filter((d) => d.code === 'policy-invalid'),
      [
        {
          path: `ignore[0].${member}`,
          line: text.startsWith('service:') ? 3 : 4,
          message: new RegExp(`unknown member "${member}" of an ignore entry: expected rule, services or reason`),
        },
      ],
      member,
    );
  }
});

t.test('a reason that is not a text: warned, the entry ignored', async (t) => {
  const a = audit('ignore:\n  - rule: privileged\n    services: [legacy]\n    reason: [a, b]\n');
  t.same(privileged(a.suppressed), []);
  t.match(
    a.diagnostics.filter((d) => d.code === 'policy-invalid'),
    [{ line: 4, path: 'ignore[0].reason' }],
  );
});

t.test('a second YAML document in the policy file is a warning at its start', async (t) => {
  const text = 'rules:\n  privileged: error\n---\nrules:\n  privileged: off\n';
  const a = audit(text);
  // the first document is the policy: privileged stays on, at error
  t.same(privileged(a.findings), ['services.legacy.privileged', 'services.web.privileged']);
  t.match(
    a.diagnostics.filter((d) => d.code === 'policy-invalid'),
    [{ file: '.compose-review.yaml', line: 3, column: 1, message: /second YAML document in the policy file/ }],
  );
  // the CLI's --policy file is read the same way
  t.match(policyFromText(text, 'p.yaml').diagnostics, [{ code: 'policy-invalid', file: 'p.yaml', line: 3 }]);
  // an empty document after the policy (a trailing ---) holds nothing to ignore
  t.same(policyFromText('rules:\n  privileged: error\n---\n', 'p.yaml').diagnostics, []);
});
