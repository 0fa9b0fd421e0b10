/**
 * When a request is over for the service: its response has closed (its answer sent, or its
 * connection gone), or its socket has closed first. The socket's close is needed for a pipelined
 * request: its response, queued behind another's, has no socket yet, and Node's socketOnClose
 * aborts only the requests, so that response never closes (Node 20 lib/_http_server.js). Whatever a
 * request holds (body bytes, a place in the work queue, a worker's answer slot) is given back here.
 */
import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';

/**
 * What to call when a socket closes, with one listener a socket however many requests it carries
 * (a client pipelining hundreds of requests on one socket added a listener each).
 */
const closing = new WeakMap<Socket, Set<() => void>>();

function onClose(socket: Socket, f: () => void): () => void {
  let calls = closing.get(socket);
  if (!calls) {
    const made = new Set<() => void>();
    closing.set(socket, made);
    socket.once('close', () => {
      closing.delete(socket);
      for (const g of made) g();
    });
    calls = made;
  }
  const mine = calls;
  mine.add(f);
  return () => void mine.delete(f);
}

/** Calls `f` once, when the response closes or its request's socket does, whichever comes first. */
export function whenOver(reply: FastifyReply, f: () => void): void {
  const res = reply.raw;
  const socket = reply.request.raw.socket as Socket | null;
  if (res.closed || socket?.destroyed) return f();
  let called = false;
  // a kept-alive socket serves the requests after this one: nothing of this one stays on it
  let forget = () => {};
  const over = () => {
    if (called) return;
    called = true;
    res.off('close', over);
    forget();
    f();
  };
  res.once('close', over);
  if (socket) forget = onClose(socket, over);
}

/** The client of a request not answered yet is gone: its response closed unfinished, or its socket. */
export function clientGone(reply: FastifyReply): boolean {
  const res = reply.raw;
  if (res.writableFinished) return false;
  return res.closed || reply.request.raw.socket?.destroyed === true;
}
