/** Every question and format's answer for one bundle, in-process: where a secret could show. */
import { FINDING_FORMATS } from '../../src/report/render.js';
import { REVIEW_FORMATS } from '../../src/usecases/review.js';
import { runTask, type Task } from '../../src/usecases/task.js';

export function everyAnswer(files: Record<string, string>): [string, string][] {
  const asks = [
    { question: 'validate', format: 'text' },
    { question: 'validate', format: 'json' },
    { question: 'config', format: 'json' },
    { question: 'config', format: 'yaml' },
    ...FINDING_FORMATS.map((format) => ({ question: 'audit', format })),
    ...REVIEW_FORMATS.map((format) => ({ question: 'review', format })),
  ];
  return asks.map(({ question, format }) => [
    `${question} ${format}`,
    String(runTask({ question, input: { files }, options: { format } } as Task).body),
  ]);
}
