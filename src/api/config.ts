/**
 * The service's configuration: every environment variable is read here, once, and nowhere else
 * (the plugins get plain values, so tests pass options directly instead of mutating process.env).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { BudgetError, budgetsFromEnv, type Budgets } from '../limits.js';
import { errorMessage } from '../errors.js';

export interface ServiceConfig {
  port: number;
  host: string;
  logLevel: string;
  /** request body limit in bytes (JSON, multipart and tar alike) */
  bodyLimit: number;
  /** time to receive a whole request, and socket idle time */
  requestTimeoutMs: number;
  /** bytes of request bodies (received, archives inflated) held at once before new ones get 503 */
  bodyMemoryBytes: number;
  /** bytes a second a request body must average over each 5 s after its first (408 otherwise); 0: no minimum */
  minBodyRate: number;
  /** sockets open at once; the next is closed as it opens */
  maxConnections: number;
  /** sockets open at once from one remote address; 0: no limit; absent: 256, or no limit behind a trusted proxy */
  maxConnectionsPerIp?: number;
  /** bearer tokens; auth is off when empty */
  tokens: string[];
  /** paths that need no token (exact, or a prefix when ending in `*`) */
  authExempt: string[];
  /** requests per minute and client (token, else IP); 0 turns rate limiting off */
  rateLimitPerMinute: number;
  /** failed authentications per minute and client IP; 0 turns that limit off */
  authFailLimitPerMinute: number;
  /** Redis or Valkey holding the rate-limit counts, shared by the replicas; per process when absent */
  redisUrl?: string;
  /** /docs and /openapi.json need no token (they are added to authExempt) */
  publicDocs: boolean;
  /** exact origins allowed by CORS; CORS is off when empty */
  corsOrigins: string[];
  /**
   * which X-Forwarded-For entries to trust (behind a reverse proxy), so the limits see client IPs:
   * none (false), all (true: clients can then choose their IP), the last n hops, or the entries
   * added by the listed proxy addresses / CIDR ranges
   */
  trustProxy: TrustProxy;
  /** after SIGTERM: time /readyz answers 503 before the listener closes (load balancers catch up) */
  shutdownDelayMs: number;
  /** after SIGTERM: exit 1 if in-flight requests have not finished by then */
  shutdownTimeoutMs: number;
  /** worker threads computing the answers; 0: one per CPU the cgroup quota allows (src/api/shape.ts) */
  workers: number;
  /** computing time allowed per request; past it the worker is replaced and the answer is a 422 */
  workTimeoutMs: number;
  /** requests waiting for a worker before new ones get 503; 0: 2 per worker (src/api/shape.ts QUEUE_PER_WORKER) */
  queueLimit: number;
  /** old-generation heap per worker in MB; 0: shared out of the memory limit (src/api/shape.ts) */
  workerHeapMb: number;
  /** work budgets of each request (COMPOSE_REVIEW_MAX_*; src/limits.ts has the defaults) */
  budgets: Partial<Budgets>;
}

export type TrustProxy = boolean | number | string[];

export const DEFAULT_CONFIG: ServiceConfig = {
  port: 8080,
  host: '0.0.0.0',
  logLevel: 'info',
  bodyLimit: 16 << 20,
  requestTimeoutMs: 30_000,
  bodyMemoryBytes: 32 << 20,
  minBodyRate: 240,
  maxConnections: 2048,
  tokens: [],
  authExempt: ['/healthz', '/readyz', '/metrics'],
  rateLimitPerMinute: 600,
  authFailLimitPerMinute: 20,
  publicDocs: true,
  corsOrigins: [],
  trustProxy: false,
  shutdownDelayMs: 0,
  shutdownTimeoutMs: 25_000,
  workers: 0,
  workTimeoutMs: 5_000,
  queueLimit: 0,
  workerHeapMb: 0,
  budgets: {},
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms
 * with a TimeoutOverflowWarning, so a deadline of 2^31 ms stopped every request at once.
 */
export const TIMER_MAX_MS = 2 ** 31 - 1;

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

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, not ${JSON.stringify(raw)}`);
}

// proxy-addr's names for ranges (what fastify's trustProxy takes beside addresses and CIDRs)
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

function trustProxy(env: Env): TrustProxy {
  const raw = env.COMPOSE_REVIEW_TRUST_PROXY?.trim() ?? '';
  if (raw === '' || /^false$/i.test(raw)) return false;
  if (/^true$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 16) throw new ConfigError(`COMPOSE_REVIEW_TRUST_PROXY: ${raw} hops is not a proxy chain`);
    return Number(raw) || false;
  }
  const entries = list(raw, /,/);
  const bad = entries.find((e) => !isProxyAddress(e));
  if (bad !== undefined)
    throw new ConfigError(
      `COMPOSE_REVIEW_TRUST_PROXY must be false, true, a hop count or a list of proxy IP addresses / CIDR ranges (or ${PROXY_RANGES.join(', ')}): ${JSON.stringify(bad)} is none of these`,
    );
  return entries;
}

/**
 * The trustProxy option for fastify. A hop count becomes the function its documentation asks for
 * (fastify ignores a bare number since v5.x: the nearest peer is not checked): the last `n` entries
 * are the proxies', the one before them is the client.
 */
export function fastifyTrustProxy(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

function redisUrl(env: Env): string | undefined {
  const raw = env.COMPOSE_REVIEW_REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // never echo the value: it may hold a password
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname)
    throw new ConfigError('COMPOSE_REVIEW_REDIS_URL must be a redis:// or rediss:// URL with a host');
  return raw;
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
        `COMPOSE_REVIEW_TOKENS_FILE: cannot read ${env.COMPOSE_REVIEW_TOKENS_FILE}: ${errorMessage(e)}`,
      );
    }
    // one token a line; `#` comments and blank lines allowed so the file can be annotated
    tokens.push(...list(text, /\r?\n/).filter((l) => !l.startsWith('#')));
    if (tokens.length === 0)
      throw new ConfigError('COMPOSE_REVIEW_TOKENS_FILE holds no token: an empty file would silently turn auth off');
  }
  const exempt = env.COMPOSE_REVIEW_AUTH_EXEMPT;
  const redis = redisUrl(env);
  return {
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: env.HOST?.trim() || DEFAULT_CONFIG.host,
    logLevel: logLevel(env),
    bodyLimit: integer(env, 'COMPOSE_REVIEW_BODY_LIMIT', DEFAULT_CONFIG.bodyLimit, 1),
    requestTimeoutMs: integer(env, 'COMPOSE_REVIEW_REQUEST_TIMEOUT_MS', DEFAULT_CONFIG.requestTimeoutMs, 1, TIMER_MAX_MS),
    bodyMemoryBytes:
      integer(env, 'COMPOSE_REVIEW_BODY_MEMORY_MB', DEFAULT_CONFIG.bodyMemoryBytes / 2 ** 20, 1, 65536) * 2 ** 20,
    minBodyRate: integer(env, 'COMPOSE_REVIEW_MIN_BODY_RATE', DEFAULT_CONFIG.minBodyRate),
    maxConnections: integer(env, 'COMPOSE_REVIEW_MAX_CONNECTIONS', DEFAULT_CONFIG.maxConnections, 1),
    ...(env.COMPOSE_REVIEW_MAX_CONNECTIONS_PER_IP?.trim()
      ? { maxConnectionsPerIp: integer(env, 'COMPOSE_REVIEW_MAX_CONNECTIONS_PER_IP', 0) }
      : {}),
    tokens: [...new Set(tokens)],
    authExempt: exempt === undefined ? DEFAULT_CONFIG.authExempt : list(exempt, /,/),
    rateLimitPerMinute: integer(env, 'COMPOSE_REVIEW_RATE_LIMIT', DEFAULT_CONFIG.rateLimitPerMinute),
    authFailLimitPerMinute: integer(env, 'COMPOSE_REVIEW_AUTH_FAIL_LIMIT', DEFAULT_CONFIG.authFailLimitPerMinute),
    ...(redis ? { redisUrl: redis } : {}),
    publicDocs: flag(env, 'COMPOSE_REVIEW_PUBLIC_DOCS', DEFAULT_CONFIG.publicDocs),
    corsOrigins: list(env.COMPOSE_REVIEW_CORS_ORIGINS, /,/),
    trustProxy: trustProxy(env),
    shutdownDelayMs: integer(env, 'COMPOSE_REVIEW_SHUTDOWN_DELAY_MS', DEFAULT_CONFIG.shutdownDelayMs, 0, TIMER_MAX_MS),
    shutdownTimeoutMs: integer(env, 'COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS', DEFAULT_CONFIG.shutdownTimeoutMs, 1, TIMER_MAX_MS),
    workers: integer(env, 'COMPOSE_REVIEW_WORKERS', DEFAULT_CONFIG.workers, 0, 256),
    workTimeoutMs: integer(env, 'COMPOSE_REVIEW_WORK_TIMEOUT_MS', DEFAULT_CONFIG.workTimeoutMs, 1, TIMER_MAX_MS),
    queueLimit: integer(env, 'COMPOSE_REVIEW_QUEUE_LIMIT', DEFAULT_CONFIG.queueLimit),
    workerHeapMb: integer(env, 'COMPOSE_REVIEW_WORKER_HEAP_MB', DEFAULT_CONFIG.workerHeapMb, 0, 65536),
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
