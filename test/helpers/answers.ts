/** Every question and format's answer for one bundle, in-process: where a secret could show. */
import type Tap from 'tap';
import { BundleError, deriveEnvironments, type Bundle, type EnvironmentSpec } from '../../src/bundle/bundle.js';
import { loadBundle } from '../../src/load/bundle.js';
import { forgetRequestMemos } from '../../src/memo.js';
import { isObject } from '../../src/yaml/located.js';
import { FINDING_FORMATS } from '../../src/report/render.js';
import { answerJson, type RenderableAnswer } from '../../src/usecases/answer.js';
import { auditBundle } from '../../src/usecases/audit.js';
import { diffBundle } from '../../src/usecases/diff.js';
import { REVIEW_FORMATS, reviewBundle, type BundlePair } from '../../src/usecases/review.js';
import { runTask, type Task } from '../../src/usecases/task.js';
import { wellFormed } from '../../src/utf8.js';

type Files = Record<string, string>;
type Answers = [string, string][];

/** A file no test bundle has: the other side of the diffs below. */
const SKELETON = '.answers-skeleton/compose.yaml';

/**
 * One analysis rendered in each format, as the CLI's several `--format` outputs are (a use case's
 * `format` only picks what it renders): a third of the time of a task a format. A question the
 * bundle cannot answer is the task's problem reply, in every format.
 */
function inEachFormat(
  ask: string,
  formats: readonly string[],
  task: Task,
  answer: () => RenderableAnswer<unknown, string>,
): Answers {
  forgetRequestMemos(); // as runTask does
  let a: RenderableAnswer<unknown, string>;
  try {
    a = answer();
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    const body = runTask(task).body;
    return formats.map((f) => [`${ask} ${f}`, body]);
  }
  // as the CLI writes each output (src/cli/outputs.ts writeOutputs) and runTask its reply
  return formats.map((f) => {
    if (f === 'json') return [`${ask} ${f}`, wellFormed(a.bigints ? answerJson(a.json) : JSON.stringify(a.json), true)];
    const r = a.render(f);
    return [`${ask} ${f}`, wellFormed(r.body, r.contentType.includes('json'))];
  });
}

/** An environment's services with an image and nothing else: a diff from it shows each other setting as its own entry. */
function skeletonOf(files: Files, spec: EnvironmentSpec): string {
  const model = loadBundle({ files, environments: { e: spec } }).environments.e?.model;
  const services = model && isObject(model.services) ? Object.keys(model.services) : [];
  return services.length
    ? `services:\n${services.map((s) => `  ${JSON.stringify(s)}:\n    image: skeleton\n`).join('')}`
    : 'services: {}\n';
}

/**
 * Every answer for `files` (or a bundle naming its environments): validate, config, audit in each
 * format, the review in each; the diff (each format) to each environment from its skeleton (its
 * services, image only: each other setting an entry); a change review (each format) from an empty
 * project to the bundle (each service one entry, shown whole).
 */
export function everyAnswer(input: Files | Bundle): Answers {
  const bundle: Bundle = isBundle(input) ? input : { files: input };
  const files = bundle.files as Files;
  const answers: Answers = [];
  for (const [question, format] of [
    ['validate', 'text'],
    ['validate', 'json'],
    ['config', 'json'],
    ['config', 'yaml'],
  ] as const)
    answers.push([`${question} ${format}`, runTask({ question, input: bundle, options: { format } } as Task).body]);
  answers.push(
    ...inEachFormat('audit', FINDING_FORMATS, { question: 'audit', input: bundle, options: {} }, () =>
      auditBundle(bundle),
    ),
    ...inEachFormat('review', REVIEW_FORMATS, { question: 'review', input: bundle, options: {} }, () =>
      reviewBundle(bundle),
    ),
  );
  const envs = Object.entries(deriveEnvironments(bundle).environments);
  for (const [to, spec] of envs) {
    const from = `${to}-skeleton`;
    const pair: Bundle = {
      ...bundle,
      files: { ...files, [SKELETON]: skeletonOf(files, spec) },
      environments: { [from]: { files: [SKELETON] }, [to]: spec },
    };
    const options = { from, to };
    answers.push(
      ...inEachFormat(
        `diff ${from} -> ${to}`,
        ['json', 'text', 'markdown'],
        { question: 'diff', input: pair, options },
        () => diffBundle(pair, options),
      ),
    );
  }
  if (envs.length) {
    const base: Bundle = {
      files: { [SKELETON]: 'services: {}\n' },
      environments: Object.fromEntries(envs.map(([name]) => [name, { files: [SKELETON] }])),
    };
    const change: BundlePair = { base, head: bundle };
    answers.push(
      ...inEachFormat('review of a change', REVIEW_FORMATS, { question: 'review', input: change, options: {} }, () =>
        reviewBundle(change),
      ),
    );
  }
  return answers;
}

/** A bundle (its `files` an object), not the files of one. */
function isBundle(input: Files | Bundle): input is Bundle {
  return typeof (input as Bundle).files === 'object' && (input as Bundle).files !== null;
}

/**
 * Asserts that no answer for `files` (everyAnswer) matches `leak`: one assertion, listing each answer
 * that does with the text around its first match. Returns the answers.
 */
export function showsNoSecret(
  t: Tap.Test,
  files: Files | Bundle,
  leak: RegExp,
  what = 'no answer shows a secret',
): Answers {
  const answers = everyAnswer(files);
  const leaks: string[] = [];
  for (const [ask, body] of answers) {
    const at = body.search(leak);
    if (at >= 0) leaks.push(`${ask}: …${body.slice(Math.max(0, at - 40), at + 20)}`);
  }
  t.same(leaks, [], `${what} (${answers.length} answers)`);
  return answers;
}
