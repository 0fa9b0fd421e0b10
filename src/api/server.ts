/**
 * Runs the service. SIGTERM/SIGINT: /readyz turns 503 (load balancers stop routing here), after
 * `shutdownDelayMs` the listener closes and in-flight requests finish (`app.close()`), then exit 0;
 * exit 1 if that takes longer than `shutdownTimeoutMs` (a stuck request must not block a deploy).
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type ServiceConfig } from './config.js';

export type ServeOptions = Partial<ServiceConfig>;

export async function serve(options: ServeOptions = {}): Promise<void> {
  const config: ServiceConfig = { ...loadConfig(process.env), ...options };
  const app = buildApp({ ...config, logger: { level: config.logLevel } });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.lifecycle.ready = false;
    app.log.info({ signal }, 'shutting down: not ready, finishing in-flight requests');
    setTimeout(() => {
      app.log.error('shutdown timed out: in-flight requests abandoned');
      process.exit(1);
    }, config.shutdownDelayMs + config.shutdownTimeoutMs).unref();
    setTimeout(() => {
      app.close().then(
        () => {
          app.log.info('closed');
          process.exit(0);
        },
        (err: Error) => {
          app.log.error({ err: { message: err.message } }, 'close failed');
          process.exit(1);
        },
      );
    }, config.shutdownDelayMs);
  };
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // an unknown HOST, a port in use or not allowed: the operator's setting, said as such
    const code = (e as { code?: string }).code;
    if (code && ['ENOTFOUND', 'EAI_AGAIN', 'EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES'].includes(code)) {
      await app.close();
      throw new ConfigError(`cannot listen on HOST=${config.host} PORT=${config.port}: ${(e as Error).message}`);
    }
    throw e;
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
