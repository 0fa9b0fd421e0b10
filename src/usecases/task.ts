/**
 * A use case as a task: what the API hands to its worker pool (and what a test can run in-process).
 * The task and its reply are plain data, structured-cloned between threads; the reply is the
 * finished HTTP answer, serialized where the work was done.
 */
import { BundleError, type Bundle } from '../bundle/bundle.js';
import { answerJson, tally, UnanswerableError, type Answer, type Tally } from './answer.js';
import { validateBundle, type ValidateOptions } from './validate.js';
import { configBundle, type ConfigOptions } from './config.js';
import { auditBundle, type AuditOptions } from './audit.js';
import { diffBundle, type DiffOptions } from './diff.js';
import { reviewBundle, type BundlePair, type ReviewOptions } from './review.js';
import { forgetRequestMemos } from '../memo.js';
import { goJsonText, wellFormed } from '../utf8.js';
import { jsonText } from '../escape.js';

export type Task =
  | { question: 'validate'; input: Bundle; options: ValidateOptions }
  | { question: 'config'; input: Bundle; options: ConfigOptions }
  | { question: 'audit'; input: Bundle; options: AuditOptions }
  | { question: 'diff'; input: Bundle; options: DiffOptions }
  | { question: 'review'; input: Bundle | BundlePair; options: ReviewOptions };

export type Question = Task['question'];

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  /** audit, review: the `x-compose-review-failed` header */
  failed?: boolean;
  tally: Tally;
}

function ask(task: Task): Answer<unknown> {
  switch (task.question) {
    case 'validate':
      return validateBundle(task.input, task.options);
    case 'config':
      return configBundle(task.input, task.options);
    case 'audit':
      return auditBundle(task.input, task.options);
    case 'diff':
      return diffBundle(task.input, task.options);
    case 'review':
      return reviewBundle(task.input, task.options);
  }
}

/**
 * Answers a task; a question the bundle cannot answer is a problem reply (422), never a throw. A
 * value Go holds as bytes that are not UTF-8 (a `!!binary`: src/utf8.ts) is a lone surrogate
 * here: the body has U+FFFD (`\ufffd` in JSON) for each byte of it, as Go writes such text, and so
 * never a lone surrogate or its escape (strict JSON parsers and UTF-8 encoders refuse them).
 */
export function runTask(task: Task): Reply {
  const stringified = { made: false };
  const reply = answerTask(task, stringified);
  // JSON.stringify (and answerJson, made of its output) writes a lone surrogate as its `\udcXX`
  // escape, never raw: such a body needs goJsonText alone, not goText's second read of it for one
  // (a review's 43 KB body read twice: 2% of a seed review's CPU)
  const json = reply.contentType.includes('json');
  reply.body = stringified.made ? goJsonText(reply.body) : wellFormed(reply.body, json);
  // a JSON reply read in a terminal or a PR: no bidi control or C1 control raw (src/escape.ts jsonText)
  if (json) reply.body = jsonText(reply.body);
  return reply;
}

/** The reply; `stringified.made`: its body is JSON.stringify's (or answerJson's) text, made here. */
function answerTask(task: Task, stringified: { made: boolean }): Reply {
  forgetRequestMemos(); // nothing the last request brought is kept for this one
  let answer: Answer<unknown>;
  try {
    answer = ask(task);
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    const diagnostics = e instanceof UnanswerableError ? e.diagnostics : undefined;
    const problem = {
      type: 'about:blank',
      title: e.status === 422 ? 'Unprocessable Content' : 'Bad Request',
      status: e.status,
      detail: e.message,
      ...(e.pointer ? { pointer: e.pointer } : {}),
      ...(diagnostics ? { diagnostics } : {}),
    };
    stringified.made = true;
    return {
      status: e.status,
      contentType: 'application/problem+json',
      body: JSON.stringify(problem),
      tally: tally([], diagnostics ?? []),
    };
  }
  stringified.made = !answer.rendered;
  const reply: Reply = answer.rendered
    ? { status: 200, contentType: answer.rendered.contentType, body: answer.rendered.body, tally: answer.tally }
    : {
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: answer.bigints ? answerJson(answer.json) : JSON.stringify(answer.json),
        tally: answer.tally,
      };
  if (answer.failed !== undefined) reply.failed = answer.failed;
  return reply;
}
