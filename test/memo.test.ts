// Memos whose keys come from a request (src/memo.ts) keep nothing for the next request: runTask
// empties them before each task, so a service name or a variable's name of one request is not held
// by the worker afterwards, and a bench of repeated requests measures the work, not the memo.
import t from 'tap';
import { runTask } from '../src/usecases/task.js';
import { rememberedKeys } from '../src/memo.js';

const bundle = (service: string, variable: string) => ({
  files: {
    'compose.yaml': `services:\n  ${service}:\n    image: nginx:1.27\n    environment:\n      ${variable}: x\n`,
    'compose.prod.yaml': `services:\n  ${service}:\n    environment:\n      ${variable}: y\n`,
  },
});

t.test("a task's memos hold nothing of the task before", async (t) => {
  runTask({ question: 'review', input: bundle('alphaservice', 'ALPHA_PASSWORD'), options: {} });
  const during = rememberedKeys().map(String);
  t.ok(
    during.some((k) => k.includes('alphaservice') || k.includes('ALPHA_PASSWORD')),
    'a review remembers its paths and names while it runs',
  );
  runTask({ question: 'validate', input: bundle('betaservice', 'BETA_TOKEN'), options: {} });
  const after = rememberedKeys().map(String);
  t.notOk(
    after.some((k) => k.includes('alphaservice') || k.includes('ALPHA_PASSWORD')),
    'the next task starts without them',
  );
});
