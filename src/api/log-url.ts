/**
 * The request target as the service log keeps it. A query may carry what its caller would not see
 * written down: `?environment=` and `?from=`/`?to=` name environments of the bundle (a secret's name
 * may be one: the answers mask it, src/redact/secrets.ts, but the line is written before the body is
 * read), `?linkBase=` is a URL that may hold credentials, and an unknown parameter (refused with a
 * 400) may be anything, a token sent to the wrong place among them. So the line keeps the path and,
 * of the query, what an operator reads to tell requests apart and nothing the caller chose freely:
 * the names the API knows, and the values of those whose values are a fixed set (`format=sarif`,
 * `failOn=warning`, `redact=false`). Every other name or value is written `[redacted]`, as pino's
 * redaction writes a header.
 *
 * A path is the caller's text too where no route fixes it: a path no route serves (a 404:
 * `/v1/config;environment=S`, `/v1/config%3Fenvironment=S`, a token pasted into the path) and the
 * part a route's parameter or wildcard takes (`/docs/rules/:page`, `/ui/*`). So a path is kept as
 * it came only when it is one a route serves as written; otherwise its segments are kept while they
 * begin such a path, the rest written `[redacted]` (`/v1/[redacted]`, `/docs/rules/[redacted]`), so
 * an operator still sees where the caller was going. A served path written otherwise (a
 * percent-escape, a trailing slash) is cut the same way.
 */
import { FINDING_FORMATS, REVIEW_FORMATS } from '../report/formats.js';
import { failOnSchema } from './schemas.js';

const CENSOR = '[redacted]';

const BOOLEAN = new Set(['true', 'false']);
/** Query parameters whose values are a fixed set of words (an enum or a boolean in the routes' schemas), with that set. */
const WORD_VALUED = new Map<string, ReadonlySet<string>>([
  ['format', new Set<string>(['yaml', ...FINDING_FORMATS, ...REVIEW_FORMATS])],
  ['failOn', new Set<string>(failOnSchema.enum)],
  ['redact', BOOLEAN],
  ['provenance', BOOLEAN],
  ['allResources', BOOLEAN],
  ['fix', BOOLEAN],
]);
/** Query parameters whose values the caller writes freely. */
const FREE_VALUED = new Set(['environment', 'from', 'to', 'linkBase']);

/**
 * `url` with its query's free values and unknown names censored; the path as it came, or (`served`
 * given: the paths of the service's routes) the part of it that begins one of them.
 */
export function loggedUrl(url: string | undefined, served?: ReadonlySet<string>): string | undefined {
  if (url === undefined) return url;
  const q = url.indexOf('?');
  if (served) return servedPart(q < 0 ? url : url.slice(0, q), served) + (q < 0 ? '' : loggedQuery(url, q));
  return q < 0 ? url : url.slice(0, q) + loggedQuery(url, q);
}

/** The leading segments of `path` that begin a served path, then `[redacted]` for any rest. */
function servedPart(path: string, served: ReadonlySet<string>): string {
  if (served.has(path)) return path;
  if (!path.startsWith('/')) return CENSOR;
  const segments = path.split('/');
  let kept = 1; // the empty text before the first `/`
  while (kept < segments.length && begins(served, segments.slice(0, kept + 1).join('/') + '/')) kept++;
  const rest = segments.slice(kept);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return path;
  return `${segments.slice(0, kept).join('/')}/${CENSOR}`;
}

const begins = (served: ReadonlySet<string>, prefix: string) => {
  for (const p of served) if (`${p}/`.startsWith(prefix)) return true;
  return false;
};

/** The query (`url` from its `?` at `q`) as the log keeps it. */
function loggedQuery(url: string, q: number): string {
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  if (query === '') return '?';
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? undefined : pair.slice(eq + 1);
    if (!WORD_VALUED.has(name) && !FREE_VALUED.has(name)) return value === undefined ? CENSOR : `${CENSOR}=${CENSOR}`;
    if (value === undefined) return name;
    return `${name}=${WORD_VALUED.get(name)?.has(value) ? value : CENSOR}`;
  });
  return `?${pairs.join('&')}`;
}

/**
 * fastify's own request serializer (fastify/lib/logger-pino.js), its `url` as loggedUrl writes it;
 * `served`: the paths of the routes, filled as they are added.
 */
export const requestSerializer = (served: ReadonlySet<string>) => (req: {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}): Record<string, unknown> => {
  return {
    method: req.method,
    url: loggedUrl(req.url, served),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
};
