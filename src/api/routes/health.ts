import type { FastifyInstance } from 'fastify';

export default async function healthRoute(app: FastifyInstance): Promise<void> {
  const schema = {
    response: { 200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } },
  };
  app.get('/healthz', { schema: { summary: 'Liveness', ...schema } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { summary: 'Readiness', ...schema } }, async () => ({ status: 'ready' }));
}
