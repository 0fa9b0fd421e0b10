/**
 * The service's configuration: every environment variable is read here, once, and nowhere else
 * (the plugins get plain values, so tests pass options directly instead of mutating process.env).
 */
import { readFileSync } from 'node:fs';
import { BudgetError, budgetsFromEnv, type Budgets } from '../limits.js';

export interface ServiceConfig {
  port: number;
  host: string;
  logLevel: string;
  /** request body limit in bytes (JSON, multipart and tar alike) */
  bodyLimit: number;
  /** time to receive a whole request, and socket idle time */
  requestTimeoutMs: number;
  /** bearer tokens; auth is off when empty */
  tokens: string[];
  /** paths that need no token (exact, or a prefix when ending in `*`) */
  authExempt: string[];
  /** requests per minute and client (token, else IP); 0 turns rate limiting off */
  rateLimitPerMinute: number;
  /** exact origins allowed by CORS; CORS is off when empty */
  corsOrigins: string[];
  /** trust X-Forwarded-For (behind a reverse proxy), so the rate limit sees client IPs */
  trustProxy: boolean;
  /** after SIGTERM: time /readyz answers 503 before the listener closes (load balancers catch up) */
  shutdownDelayMs: number;
  /** after SIGTERM: exit 1 if in-flight requests have not finished by then */
  shutdownTimeoutMs: number;
  /** work budgets of each request (COMPOSE_REVIEW_MAX_*; src/limits.ts has the defaults) */
  budgets: Partial<Budgets>;
}

export const DEFAULT_CONFIG: ServiceConfig = {
  port: 8080,
  host: '0.0.0.0',
  logLevel: 'info',
  bodyLimit: 16 << 20,
  requestTimeoutMs: 30_000,
  tokens: [],
  authExempt: ['/healthz', '/readyz', '/metrics'],
  rateLimitPerMinute: 600,
  corsOrigins: [],
  trustProxy: false,
  shutdownDelayMs: 0,
  shutdownTimeoutMs: 25_000,
  budgets: {},
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env): string {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return DEFAULT_CONFIG.logLevel;
  if (!LOG_LEVELS.includes(raw))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(raw)}`);
  return raw;
}

function list(raw: string | undefined, separator: RegExp): string[] {
  return (raw ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads the configuration from `env` (process.env in production); throws ConfigError on bad values. */
export function loadConfig(env: Env): ServiceConfig {
  const tokens = list(env.COMPOSE_REVIEW_TOKENS, /,/);
  if (env.COMPOSE_REVIEW_TOKENS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.COMPOSE_REVIEW_TOKENS_FILE, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `COMPOSE_REVIEW_TOKENS_FILE: cannot read ${env.COMPOSE_REVIEW_TOKENS_FILE}: ${(e as Error).message}`,
      );
    }
    // one token a line; `#` comments and blank lines allowed so the file can be annotated
    tokens.push(...list(text, /\r?\n/).filter((l) => !l.startsWith('#')));
    if (tokens.length === 0)
      throw new ConfigError('COMPOSE_REVIEW_TOKENS_FILE holds no token: an empty file would silently turn auth off');
  }
  const exempt = env.COMPOSE_REVIEW_AUTH_EXEMPT;
  const trust = env.COMPOSE_REVIEW_TRUST_PROXY?.trim().toLowerCase();
  if (trust && !['true', 'false', '1', '0'].includes(trust))
    throw new ConfigError('COMPOSE_REVIEW_TRUST_PROXY must be true or false');
  return {
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: env.HOST?.trim() || DEFAULT_CONFIG.host,
    logLevel: logLevel(env),
    bodyLimit: integer(env, 'COMPOSE_REVIEW_BODY_LIMIT', DEFAULT_CONFIG.bodyLimit, 1),
    requestTimeoutMs: integer(env, 'COMPOSE_REVIEW_REQUEST_TIMEOUT_MS', DEFAULT_CONFIG.requestTimeoutMs, 1),
    tokens: [...new Set(tokens)],
    authExempt: exempt === undefined ? DEFAULT_CONFIG.authExempt : list(exempt, /,/),
    rateLimitPerMinute: integer(env, 'COMPOSE_REVIEW_RATE_LIMIT', DEFAULT_CONFIG.rateLimitPerMinute),
    corsOrigins: list(env.COMPOSE_REVIEW_CORS_ORIGINS, /,/),
    trustProxy: trust === 'true' || trust === '1',
    shutdownDelayMs: integer(env, 'COMPOSE_REVIEW_SHUTDOWN_DELAY_MS', DEFAULT_CONFIG.shutdownDelayMs),
    shutdownTimeoutMs: integer(env, 'COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS', DEFAULT_CONFIG.shutdownTimeoutMs, 1),
    budgets: requestBudgets(env),
  };
}

function requestBudgets(env: Env): Partial<Budgets> {
  try {
    return budgetsFromEnv(env);
  } catch (e) {
    if (e instanceof BudgetError) throw new ConfigError(e.message);
    throw e;
  }
}
