/**
 * The fastify application: one route a file, schemas on every route, problem+json for every error.
 * Cross-cutting parts are plugins (src/api/plugins/). Request bodies and file contents are never
 * logged: fastify's request serializer keeps method/url/host/remote address, and the redaction
 * below covers credentials should a header ever be logged.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Socket } from 'node:net';
import { destination, type DestinationStream } from 'pino';
import { runnerJson } from '../escape-runner.js';
import { BundleError } from '../bundle/bundle.js';
import { AJV_OPTIONS, partValidators, validationProblem } from './validation.js';
import { DEFAULT_CONFIG, fastifyTrustProxy, TIMER_MAX_MS, type ServiceConfig } from './config.js';
import { clientErrorAsProblem, problem, sendProblem, problemSchema } from './problem.js';
import { routes } from './routes/index.js';
import { authGatePlugin, authPlugin } from './plugins/auth.js';
import { corsPlugin } from './plugins/cors.js';
import { securityHeadersPlugin } from './plugins/headers.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import { requestSerializer } from './log-url.js';
import { metricsPlugin } from './plugins/metrics.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { uploadPlugin } from './plugins/upload.js';
import { absoluteFormPath, IntakeFullError, intakePlugin, RequestOver } from './plugins/intake.js';
import { BodyTooSlow } from './plugins/body-rate.js';
import { openApiPlugin } from './openapi.js';
import { PAGE_PATHS, pagePlugin } from './page.js';
import { workPlugin } from './plugins/work.js';
import { readCapacity, type Capacity } from './capacity.js';
import { poolShape, shapeWarnings } from './shape.js';
import { allowedMethods } from './methods.js';

export interface AppLogger {
  level?: string;
  /** where log lines go (stdout by default); tests capture them */
  stream?: DestinationStream;
}

export type AppConfig = Pick<
  ServiceConfig,
  | 'bodyLimit'
  | 'requestTimeoutMs'
  | 'bodyMemoryBytes'
  | 'minBodyRate'
  | 'maxConnections'
  | 'maxConnectionsPerIp'
  | 'tokens'
  | 'authExempt'
  | 'rateLimitPerMinute'
  | 'authFailLimitPerMinute'
  | 'redisUrl'
  | 'publicDocs'
  | 'corsOrigins'
  | 'trustProxy'
  | 'workers'
  | 'workTimeoutMs'
  | 'queueLimit'
  | 'workerHeapMb'
  | 'budgets'
>;

/** What COMPOSE_REVIEW_PUBLIC_DOCS adds to the paths that need no token. */
export const DOCS_PATHS = ['/docs', '/docs/*', '/openapi.json'];

export interface AppOptions extends Partial<AppConfig> {
  /** no logs when absent or false (tests); `true` logs at info to stdout */
  logger?: boolean | AppLogger;
  /** what the pool is sized from; default: this process's cgroup (src/api/capacity.ts) */
  capacity?: Capacity;
  /** the built web page served at / (default: dist/web, src/api/page.ts) */
  pageDir?: string;
  /** the grace and window of the minimum body rate (10 s; src/api/plugins/body-rate.ts) */
  bodyRateWindowMs?: number;
  /** how long an answer may wait for its client to take any byte (10 s; src/api/plugins/intake.ts) */
  sendStallMs?: number;
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
];

// a caller's request id is echoed and logged, so only a short, plain token is taken from it
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** An error as the handler reads it: any value may be thrown; fastify's errors carry these fields. */
type HandledError = Error & { code?: unknown; statusCode?: unknown; validation?: unknown; validationContext?: unknown };

/**
 * A too-large body is not worth reading: the answer says `Connection: close`. Node would then close
 * the socket as soon as the answer is written, and the client, still sending, gets a reset that can
 * discard the 413 before it reads it. So the close lingers (as nginx's lingering_close does): the
 * write side ends after the answer, what still comes in is discarded for at most LINGER_MS.
 */
const LINGER_MS = 2000;
function closeAfter(socket: Socket | null | undefined, reply: FastifyReply): void {
  reply.header('connection', 'close');
  if (!socket) return;
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}

/**
 * The log's lines as a CI runner reads a step's output: a request target, a header or a worker's
 * line holding `##[` makes no GitHub workflow command where the service runs inside a job (its
 * integration tests, a `services:` container's log). `##` occurs in a JSON line only inside a
 * string, where `\u005b` reads back as `[` (src/escape-runner.ts).
 */
const runnerSafe = (to: DestinationStream): DestinationStream => ({ write: (line) => to.write(runnerJson(line)) });

/** How often Node checks the request and headers deadlines: a tenth of the timeout, 100 ms to 1 s. */
const checkingInterval = (timeoutMs: number) => Math.max(100, Math.min(1000, Math.floor(timeoutMs / 10)));

export function buildApp(options: AppOptions = {}): FastifyInstance {
  // an option explicitly set to undefined keeps its default
  const config: AppConfig = {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const log = options.logger === true ? {} : options.logger || undefined;
  /** the paths the routes serve (filled as they are added), for the log's request target */
  const servedPaths = new Set<string>();
  const app = Fastify({
    logger: log
      ? {
          level: log.level ?? 'info',
          // pino's own default: standard output, written synchronously
          stream: runnerSafe(log.stream ?? destination({ dest: 1, sync: true })),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // the request target's query without what its caller wrote freely (src/api/log-url.ts)
          serializers: { req: requestSerializer(servedPaths) },
        }
      : false,
    bodyLimit: config.bodyLimit,
    // the socket's own idle timeout a little after the request's deadline, so a body that stops
    // arriving gets its 408 (checked every connectionsCheckingInterval) before the socket is closed
    // at most the longest timer (each setting is, their sum may not be)
    connectionTimeout: Math.min(TIMER_MAX_MS, config.requestTimeoutMs + 2 * checkingInterval(config.requestTimeoutMs)),
    requestTimeout: config.requestTimeoutMs,
    // an idle kept-alive socket is closed after the same time as any idle socket (fastify's own
    // default is 72 s)
    keepAliveTimeout: Math.min(config.requestTimeoutMs, TIMER_MAX_MS - 1000), // Node's socket timer adds 1 s
    // Node checks the request and headers deadlines every connectionsCheckingInterval (30 s by
    // default), and derives headersTimeout (60 s by default) from requestTimeout when the server is
    // created, before fastify sets requestTimeout: a trickled body then ran for 60 to 90 s. Given at
    // creation, both deadlines are ours, checked often enough to cut a request on time.
    http: {
      // an HTTP/1.1 request without Host is refused by the request-target hook (a problem), not by
      // Node (a bare 400 with no body)
      requireHostHeader: false,
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: checkingInterval(config.requestTimeoutMs),
    },
    clientErrorHandler: clientErrorAsProblem(config.requestTimeoutMs),
    // what fastify's router refuses before any route: problems too, not fastify's own JSON
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(
        reply,
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? problem(414, 'a segment of the path is longer than 100 characters')
          : error.code === 'FST_ERR_BAD_URL'
            ? problem(
                400,
                _request.url.startsWith('/')
                  ? 'the path is not a valid URL: a % must begin the escape of a UTF-8 byte (%2F)'
                  : 'the request target is not a valid path or absolute http(s) URL',
              )
            : problem(400, error.message),
      );
    },
    // RFC 9112 3.2.2: a server must accept a request target in absolute form (`GET http://host/healthz`);
    // routed, exempted and counted by its path, as the origin form is
    rewriteUrl: (req) => absoluteFormPath(req.url ?? '/'),
    trustProxy: fastifyTrustProxy(config.trustProxy),
    genReqId: (req) => {
      const id = req.headers['x-request-id'];
      return typeof id === 'string' && REQUEST_ID.test(id) ? id : randomUUID();
    },
    // a request received while closing is still answered (by the workers, like any other):
    // SIGTERM must not turn requests already sent into 503s (src/api/server.ts)
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: { buildValidator: partValidators } },
  });
  if (config.trustProxy === true)
    app.log.warn(
      'COMPOSE_REVIEW_TRUST_PROXY=true trusts every X-Forwarded-For entry: clients can choose their IP (and so their rate-limit budget); give the number of proxies or their addresses instead',
    );
  else if (typeof config.trustProxy === 'number')
    app.log.info(
      `COMPOSE_REVIEW_TRUST_PROXY=${config.trustProxy}: the client IP is the X-Forwarded-For entry before the last ${config.trustProxy}; a client that reaches the service without the proxy can choose it, which listing the proxy addresses prevents`,
    );
  const allowed = allowedMethods(app); // before any route is registered
  app.addHook('onRoute', (route) => void servedPaths.add(route.url));
  app.addSchema(problemSchema);
  // JSON and the upload formats of plugins/upload.ts only: text/plain gets a 415
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof IntakeFullError) {
      closeAfter(request.raw.socket, reply);
      return sendProblem(reply.header('retry-after', String(err.retryAfterSeconds)), problem(503, err.message));
    }
    // what read a request's body (an archive's inflation) stopped because its client went: nobody to
    // answer, no failure of the service (nginx's "client closed request", as a task dropped from the queue)
    if (err instanceof RequestOver) return sendProblem(reply, problem(499, err.message));
    // the rest of a body arriving too slowly is not waited for
    if (err instanceof BodyTooSlow) {
      closeAfter(request.raw.socket, reply);
      return sendProblem(reply, problem(408, err.message));
    }
    if (err instanceof BundleError) {
      if (err.status === 413) closeAfter(request.raw.socket, reply);
      return sendProblem(reply, problem(err.status, err.message, err.pointer));
    }
    const e: HandledError = err instanceof Error ? err : new Error(String(err));
    if (Array.isArray(e.validation))
      return sendProblem(reply, validationProblem(e.validation, e.message, e.validationContext === 'body'));
    const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const status = statusCode && statusCode >= 400 && statusCode < 500 ? statusCode : statusCode === 503 ? 503 : 500;
    if (status === 500) request.log.error({ err: { message: e.message, code, stack: e.stack } }, 'request failed');
    const detail =
      code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'the request body is not valid JSON'
        : code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `the request body is too large: the limit is ${config.bodyLimit} bytes`
          : code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported content type: send application/json, multipart/form-data, application/gzip (tar.gz) or application/x-tar'
            : status === 500
              ? 'internal error'
              : e.message;
    // the rest of a too-large body is not worth reading: close the connection instead of draining it
    if (status === 413) closeAfter(request.raw.socket, reply);
    return sendProblem(reply, problem(status, detail));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allow = allowed(request.url);
    // a route that takes the method and found nothing (a static file that is not there) is a 404 too
    if (allow.length === 0 || allow.includes(request.method))
      return sendProblem(reply, problem(404, `no route ${request.method} ${path}`));
    reply.header('allow', allow.join(', '));
    return sendProblem(reply, problem(405, `${path} does not take ${request.method}: it takes ${allow.join(', ')}`));
  });

  // order matters: onRequest hooks run in registration order (preflight before auth; who is calling,
  // then the rate limits count the request, then a request without a valid token gets its 401), and
  // swagger must see every route registered after it
  // the web page holds no data (it calls the API with the user's token): public, still rate-limited
  const authExempt = [...config.authExempt, ...(config.publicDocs ? DOCS_PATHS : []), ...PAGE_PATHS];
  app.register(intakePlugin, {
    bodyMemoryBytes: config.bodyMemoryBytes,
    maxConnections: config.maxConnections,
    maxConnectionsPerIp: config.maxConnectionsPerIp ?? (config.trustProxy === false ? 256 : 0),
    minBodyRate: config.minBodyRate,
    bodyRateWindowMs: options.bodyRateWindowMs,
    sendStallMs: options.sendStallMs,
  });
  app.register(lifecyclePlugin);
  app.register(securityHeadersPlugin);
  app.register(corsPlugin, { origins: config.corsOrigins });
  app.register(authPlugin, { tokens: config.tokens, exempt: authExempt });
  app.register(rateLimitPlugin, {
    perMinute: config.rateLimitPerMinute,
    authFailuresPerMinute: config.authFailLimitPerMinute,
    exempt: config.authExempt,
    redisUrl: config.redisUrl,
  });
  app.register(authGatePlugin);
  app.register(uploadPlugin);
  app.register(openApiPlugin, { auth: config.tokens.length > 0, authExempt });
  app.register(metricsPlugin);
  const capacity = options.capacity ?? readCapacity();
  const shape = poolShape(capacity, config);
  // an explicit worker count or heap the container cannot hold is honoured, and said (src/api/shape.ts)
  for (const warning of shapeWarnings(capacity, config, shape)) app.log.warn({ pool: shape, capacity }, warning);
  app.register(workPlugin, {
    shape,
    workerLogLevel: log ? (log.level ?? 'info') : 'silent',
    budgets: config.budgets,
  });
  for (const route of routes) app.register(route);
  app.register(pagePlugin, { dir: options.pageDir });
  return app;
}
