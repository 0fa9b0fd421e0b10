/**
 * The GitHub REST calls the action makes (who the token is, list a pull request's comments, create
 * one, edit one), with fetch. Written here rather than with @octokit/rest: three endpoints, no retries or
 * pagination beyond the comments list, and the action installs nothing it does not need.
 * `GITHUB_API_URL` says where the API is (GitHub Enterprise Server; the tests' local stand-in).
 */
import { isRecord } from '../records.js';

export interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  /** its author */
  user?: { login?: string } | null;
}

/** Who writes with the token of GitHub Actions (the `GITHUB_TOKEN` secret, an installation token). */
export const ACTIONS_BOT = 'github-actions[bot]';

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

export class GitHub {
  constructor(
    private readonly api: string,
    private readonly token: string,
    private readonly repository: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.api}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'compose-review-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        const problem: unknown = JSON.parse(text);
        if (isRecord(problem) && typeof problem.message === 'string') message = problem.message;
      } catch {
        // not JSON: the start of the body
      }
      throw new GitHubError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every comment of an issue or pull request (100 a page, until a short page). */
  async comments(issue: number): Promise<IssueComment[]> {
    const all: IssueComment[] = [];
    for (let page = 1; page <= 100; page++) {
      const batch = await this.call<IssueComment[]>(
        'GET',
        `/repos/${this.repository}/issues/${issue}/comments?per_page=100&page=${page}`,
      );
      all.push(...batch);
      if (batch.length < 100) break;
    }
    return all;
  }

  /**
   * The login the token writes as, to know its own comments: the user of a personal access token
   * (`GET /user`), else the Actions bot, whose installation token cannot call `GET /user` (403
   * "Resource not accessible by integration"). As marocchino/sticky-pull-request-comment asks for
   * the token's viewer and peter-evans/find-comment matches a comment's author, `github-actions[bot]`
   * by default.
   */
  async login(): Promise<string> {
    try {
      const user = await this.call<unknown>('GET', '/user');
      if (isRecord(user) && typeof user.login === 'string' && user.login) return user.login;
    } catch (e) {
      if (!(e instanceof GitHubError)) throw e;
    }
    return ACTIONS_BOT;
  }

  createComment(issue: number, body: string): Promise<IssueComment> {
    return this.call('POST', `/repos/${this.repository}/issues/${issue}/comments`, { body });
  }

  updateComment(id: number, body: string): Promise<IssueComment> {
    return this.call('PATCH', `/repos/${this.repository}/issues/comments/${id}`, { body });
  }
}
