/**
 * Calls to the service's public API, relative to the page (so the page works behind a proxy that
 * mounts the service under a path). At most MAX_IN_FLIGHT at once: the service queues work for a few
 * workers and answers 503 past its queue, which the page should not cause by itself; a 503 or 429
 * with Retry-After is tried again once.
 */
import type { Problem } from './types.js';

const TOKEN_KEY = 'compose-review-token';
const MAX_IN_FLIGHT = 3;

/** The bearer token lives in this tab's session storage only (gone when the tab closes). */
export function savedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (a private mode): the token lives as long as the page
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

let inFlight = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await work();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CallOptions {
  token: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** GET (no body) or POST (JSON body) `path`; the answer's JSON, or an ApiError with its problem. */
export function call<T>(path: string, { token, body, signal }: CallOptions): Promise<T> {
  return slot(async () => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      const retryAfter = Number(response.headers.get('retry-after'));
      if ((response.status === 503 || response.status === 429) && attempt === 0 && retryAfter > 0 && retryAfter <= 5) {
        await sleep(retryAfter * 1000);
        continue;
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (response.ok) return json as T;
      const problem =
        json && typeof json === 'object'
          ? (json as Problem)
          : { status: response.status, detail: `HTTP ${response.status} ${response.statusText}` };
      throw new ApiError(response.status, problem);
    }
  });
}
