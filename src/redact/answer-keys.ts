/**
 * The member names of our answers (JSON, SARIF, GitLab, rdjson; the objects the text formats render):
 * a key the masking walk leaves as it is. A weak secret equal to one (`environments`, `message`)
 * renamed the answer's own member, which broke its schema and made rendering throw (a 500). A
 * bundle's own key (a service, a variable, a label) equal to the secret and to one of these stays
 * visible as a key: its values are masked still. test/redact-answer-keys.test.ts checks every
 * member of every answer for the seed is here.
 */
import { ownWords, type OwnWords } from './vocabulary.js';
import type { FailOn, Severity } from '../diagnostics.js';
import type { DiffKind, Section } from '../diff/diff.js';
import type { Role, RoleSource } from '../bundle/roles.js';
import type { FindingGroup } from '../audit/groups.js';

export const ANSWER_KEYS: ReadonlySet<string> = new Set([
  '$schema',
  'added',
  'artifactLocation',
  'begin',
  'categories',
  'cause',
  'changed',
  'changes',
  'check_name',
  'code',
  'column',
  'columnKind',
  'complete',
  'composeMessage',
  'composeReview/v1',
  'count',
  'counts',
  'defaultConfiguration',
  'description',
  'detail',
  'diagnostics',
  'diff',
  'disabledServices',
  'drift',
  'driver',
  'enabled',
  'end',
  'endColumn',
  'endLine',
  'entries',
  'envFiles',
  'environment',
  'environments',
  'error',
  'failed',
  'failOn',
  'field',
  'file',
  'files',
  'findings',
  'fingerprint',
  'fix',
  'fixedFindings',
  'from',
  'fromLocation',
  'fullDescription',
  'fullyQualifiedName',
  'groups',
  'help',
  'hint',
  'id',
  'info',
  'informationUri',
  'kind',
  'level',
  'line',
  'lines',
  'loaded',
  'location',
  'locations',
  'logicalLocations',
  'markdown',
  'message',
  'messageId',
  'name',
  'newFindings',
  'newSuppressed',
  'noDiff',
  'partial',
  'partialFingerprints',
  'patch',
  'path',
  'physicalLocation',
  'precision',
  'projectName',
  'properties',
  'range',
  'reason',
  'region',
  'related',
  'removed',
  'results',
  'role',
  'roleReason',
  'roleSource',
  'rule',
  'ruleId',
  'ruleIndex',
  'rules',
  'runs',
  'scope',
  'section',
  'security-severity',
  'semanticVersion',
  'services',
  'severity',
  'shortDescription',
  'source',
  'start',
  'startColumn',
  'startLine',
  'status',
  'summary',
  'suppressed',
  'tags',
  'text',
  'title',
  'to',
  'toLocation',
  'tool',
  'type',
  'uri',
  'uriBaseId',
  'valid',
  'value',
  'verdict',
  'version',
  'warning',
  'withheld',
  'yaml',
]);

let members: OwnWords | undefined;

/** The members as a JSON answer writes them (`"message":`): the finished answer's masking spares them too. */
export function answerMembers(): OwnWords {
  return (members ??= ownWords([...ANSWER_KEYS].map((k) => `${JSON.stringify(k)}:`)));
}

/** The values of a type of string values, each once: `Record<T, true>` has every one and no other (the compiler checks it). */
export const every = <T extends string>(values: Record<T, true>): readonly T[] => Object.keys(values) as T[];

const SEVERITY = every<Severity>({ error: true, warning: true, info: true });

/**
 * The enumerated values of our answers' members, by member, from the types the answers are made
 * of: a value of ours, as the member names are (a weak secret `warning` masked a finding's
 * severity, which GitHub's rendering then wrote `::undefined`). The masking walk leaves such a value
 * as it is where it is the value of that member in an object of ours (`Masker.walk`); a bundle's
 * value equal to it elsewhere (a label `role: production` in a model) is masked as ever.
 */
const values = new Map<string, Set<string>>(
  Object.entries({
    severity: SEVERITY,
    failOn: every<FailOn>({ error: true, warning: true, info: true, none: true }),
    kind: every<DiffKind>({ added: true, removed: true, changed: true }),
    section: every<Section>({
      services: true,
      networks: true,
      volumes: true,
      secrets: true,
      configs: true,
      models: true,
    }),
    scope: every<FindingGroup['scope']>({ location: true, project: true }),
    role: every<Role>({ production: true, development: true, other: true }),
    roleSource: every<RoleSource>({
      flag: true,
      bundle: true,
      policy: true,
      name: true,
      'file name': true,
      default: true,
    }),
  }).map(([k, v]) => [k, new Set(v)]),
);

export const ANSWER_VALUES: ReadonlyMap<string, ReadonlySet<string>> = values;

const listeners: ((member: string, added: readonly string[]) => void)[] = [];

/**
 * Adds `added` to the values of `member` (a module whose types src/redact may not import registers
 * its own: the review's verdict, src/report/review-markup.ts), and tells `onAnswerValues`'s listeners.
 */
export function addAnswerValues(member: string, added: readonly string[]): void {
  let set = values.get(member);
  if (!set) values.set(member, (set = new Set()));
  for (const v of added) set.add(v);
  for (const l of listeners) l(member, added);
}

/** `listener` of each member's values, those there already and those added later. */
export function onAnswerValues(listener: (member: string, added: readonly string[]) => void): void {
  listeners.push(listener);
  for (const [member, set] of values) listener(member, [...set]);
}

/** Whether `value` under `key` is one of our enumerated values (ANSWER_VALUES). */
export const isAnswerValue = (key: string, value: string): boolean => ANSWER_VALUES.get(key)?.has(value) === true;
