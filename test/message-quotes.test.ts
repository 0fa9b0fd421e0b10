// A value a message template quotes (`cgroup_parent "{{parent}}"`) is written as JSON writes a string's
// inside, as the messages that quote a value with jsonQuote write it: a `"` in the value cannot end the
// quote early, so what follows it cannot read as our words, nor be taken for a service the message names.
import t from 'tap';
import { auditBundle } from '../src/usecases/audit.js';

const findingsOf = (compose: string) => auditBundle({ files: { 'compose.yaml': compose } }).json.findings;

t.test('a quote in a quoted value is escaped, as jsonQuote escapes it', async (t) => {
  const f = findingsOf(
    `services:\n  web:\n    image: nginx:1.27\n    cgroup_parent: 'QQc" has no restart policy "QZ \\ end'\n`,
  ).find((x) => x.rule === 'cgroup-parent-set');
  t.equal(f?.message, 'service "web" sets cgroup_parent "QQc\\" has no restart policy \\"QZ \\\\ end"');
});

t.test('a group names its first service after the service, not inside a value that spells one', async (t) => {
  const audit = auditBundle({
    files: {
      'compose.yaml': `x-base: &b\n  image: 'QQg service "web" QZ'\nservices:\n  web:\n    <<: *b\n  api:\n    <<: *b\n`,
    },
  }).json;
  const g = audit.groups.find((x) => x.rule === 'image-unpinned');
  t.equal(g?.message, 'image "QQg service \\"web\\" QZ" of service "web" (and 1 more) has no tag (means latest)');
});
