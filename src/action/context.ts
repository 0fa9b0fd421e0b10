/**
 * What the GitHub Action is asked to do: its inputs (passed by action.yml as `INPUT_*` variables:
 * a composite action does not export them itself) and the run's context (the event payload, the
 * repository, the workspace), read once from the environment.
 */
import { readFileSync } from 'node:fs';
import { FINDING_FORMATS } from '../report/render.js';
import { isRecord } from '../records.js';

export const OUTPUTS = ['comment', 'sarif', 'annotations'] as const;
export type Output = (typeof OUTPUTS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export const COMMENT_MODES = ['update', 'new', 'off'] as const;

export interface Inputs {
  /** project directories relative to the workspace; empty: every directory holding a Compose file */
  directories: string[];
  /** the environments to compare, when given */
  from?: string;
  to?: string;
  failOn: (typeof FAIL_ON)[number];
  outputs: Set<Output>;
  comment: (typeof COMMENT_MODES)[number];
  /** what tells this job's comments from another job's on the same pull request */
  name: string;
  /** a baseline file, relative to each project directory */
  baseline?: string;
}

export interface PullRequest {
  number: number;
  baseSha: string;
  /** the head is in another repository: the token is read-only */
  fork: boolean;
}

export interface Context {
  event: string;
  /** `owner/name` */
  repository: string;
  workspace: string;
  /** the commit the workspace holds (for a pull request, usually its merge commit) */
  sha: string;
  serverUrl: string;
  apiUrl: string;
  token?: string;
  pullRequest?: PullRequest;
  /** where reports, SARIF files and the base's files go */
  temp: string;
  outputFile?: string;
  summaryFile?: string;
  job: string;
}

export class InputError extends Error {}

/** A list input: one item a line, or separated by commas or spaces. */
const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/[\n,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  const v = (value ?? '').trim() || fallback;
  const known = allowed.find((a) => a === v);
  if (known === undefined)
    throw new InputError(`input ${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`);
  return known;
}

export function readInputs(env: Record<string, string | undefined>): Inputs {
  const directories = list(env.INPUT_DIRECTORIES).map((d) => d.replace(/\\/g, '/').replace(/\/+$/, '') || '.');
  for (const d of directories)
    if (d.startsWith('/') || d.split('/').includes('..'))
      throw new InputError(`input directories: ${JSON.stringify(d)} must be a path inside the repository`);
  const envs = list(env.INPUT_ENVIRONMENTS);
  if (envs.length > 2)
    throw new InputError('input environments names at most two environments: FROM,TO (e.g. development,production)');
  const outputs: Output[] = [];
  for (const o of list(env.INPUT_FORMATS)) {
    const output = OUTPUTS.find((x) => x === o);
    if (output === undefined)
      throw new InputError(
        `input formats: ${JSON.stringify(o)} is not one of ${OUTPUTS.join(', ')}${FINDING_FORMATS.some((f) => f === o) ? ' (the action writes the formats each of these needs itself)' : ''}`,
      );
    outputs.push(output);
  }
  const baseline = (env.INPUT_BASELINE ?? '').trim();
  return {
    directories: [...new Set(directories)],
    ...(envs[0] ? { from: envs[0] } : {}),
    ...(envs[1] ? { to: envs[1] } : {}),
    failOn: oneOf('fail-on', env.INPUT_FAIL_ON, FAIL_ON, 'error'),
    outputs: new Set(outputs.length ? outputs : OUTPUTS),
    comment: oneOf('comment', env.INPUT_COMMENT, COMMENT_MODES, 'update'),
    name: (env.INPUT_NAME ?? '').trim(),
    ...(baseline ? { baseline } : {}),
  };
}

/** What the action reads of the event payload's pull request (GitHub's JSON: each field checked). */
interface PayloadPullRequest {
  number?: number;
  baseSha?: string;
  baseRepository?: string;
  /** undefined for a deleted fork */
  headRepository?: string;
}

function pullRequestOf(payload: unknown): PayloadPullRequest | undefined {
  const pr = isRecord(payload) ? payload.pull_request : undefined;
  if (!isRecord(pr)) return undefined;
  const base = isRecord(pr.base) ? pr.base : {};
  const head = isRecord(pr.head) ? pr.head : {};
  const repository = (side: Record<string, unknown>): string | undefined =>
    isRecord(side.repo) && typeof side.repo.full_name === 'string' ? side.repo.full_name : undefined;
  return {
    ...(typeof pr.number === 'number' ? { number: pr.number } : {}),
    ...(typeof base.sha === 'string' ? { baseSha: base.sha } : {}),
    baseRepository: repository(base),
    headRepository: repository(head),
  };
}

export function readContext(env: Record<string, string | undefined>): Context {
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new InputError(`${k} is not set: run this in a GitHub Actions job (or set it)`);
    return v;
  };
  const event = need('GITHUB_EVENT_NAME');
  let payload: unknown = {};
  if (env.GITHUB_EVENT_PATH)
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch {
      throw new InputError(`cannot read the event payload ${env.GITHUB_EVENT_PATH}`);
    }
  const repository = need('GITHUB_REPOSITORY');
  const pr = pullRequestOf(payload);
  const ctx: Context = {
    event,
    repository,
    workspace: need('GITHUB_WORKSPACE'),
    sha: need('GITHUB_SHA'),
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    temp: need('RUNNER_TEMP'),
    job: env.GITHUB_JOB || 'review',
  };
  if (env.GITHUB_TOKEN) ctx.token = env.GITHUB_TOKEN;
  if (env.GITHUB_OUTPUT) ctx.outputFile = env.GITHUB_OUTPUT;
  if (env.GITHUB_STEP_SUMMARY) ctx.summaryFile = env.GITHUB_STEP_SUMMARY;
  if ((event === 'pull_request' || event === 'pull_request_target') && pr?.number && pr.baseSha) {
    const head = pr.headRepository;
    ctx.pullRequest = {
      number: pr.number,
      baseSha: pr.baseSha,
      // a deleted fork has no head repository: read-only as well
      fork: !head || head !== (pr.baseRepository ?? repository),
    };
  }
  return ctx;
}
