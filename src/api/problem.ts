/** RFC 9457 problem details: every 4xx/5xx of the API has this body and content type. */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { isRecord } from '../records.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** JSON pointer into the request body, where known */
  pointer?: string;
  instance?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  // not an IANA status: nginx's, for a request whose client left first (only ever in the service's own logs)
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, pointer?: string, type = 'about:blank'): Problem {
  const p: Problem = { type, title: TITLES[status] ?? STATUS_CODES[status] ?? 'Error', status, detail };
  if (pointer !== undefined) p.pointer = pointer;
  return p;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
}

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    pointer: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const;

/**
 * What Node refuses before fastify sees a request (a request not received in time, malformed HTTP,
 * headers too large) is a problem+json too; otherwise as fastify's default handler (and Node's own:
 * nothing is written once an answer has begun).
 */
export function clientErrorAsProblem(timeoutMs: number) {
  return (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, detail] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `the request was not received within ${timeoutMs} ms`]
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'the request headers are too large']
          : [400, 'malformed HTTP request'];
    // the response Node's HTTP server has attached to the socket, if any (a private field)
    const answer = '_httpMessage' in socket ? socket._httpMessage : undefined;
    if (socket.writable && !(isRecord(answer) && answer.headersSent)) {
      const body = JSON.stringify(problem(status, detail));
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  };
}
