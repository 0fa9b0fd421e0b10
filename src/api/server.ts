import { buildApp } from './app.js';

export interface ServeOptions {
  port?: number;
  host?: string;
}

/** Starts the service; SIGTERM/SIGINT close it gracefully (in-flight requests finish first). */
export async function serve(options: ServeOptions = {}): Promise<void> {
  const app = buildApp({
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'body'], censor: '[redacted]' },
    },
  });
  const port = options.port ?? Number(process.env.PORT ?? 8080);
  const host = options.host ?? process.env.HOST ?? '0.0.0.0';
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port, host });
}
