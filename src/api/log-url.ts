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

/** `url` with its query's free values and unknown names censored; the path as it came. */
export function loggedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  if (query === '') return url.slice(0, q + 1);
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? undefined : pair.slice(eq + 1);
    if (!WORD_VALUED.has(name) && !FREE_VALUED.has(name)) return value === undefined ? CENSOR : `${CENSOR}=${CENSOR}`;
    if (value === undefined) return name;
    return `${name}=${WORD_VALUED.get(name)?.has(value) ? value : CENSOR}`;
  });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** fastify's own request serializer (fastify/lib/logger-pino.js), its `url` as loggedUrl writes it. */
export function requestSerializer(req: {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}): Record<string, unknown> {
  return {
    method: req.method,
    url: loggedUrl(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}
