import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './plugins/problem-details.js';

/**
 * Answers the HTTP layer gives before any route runs, as problem+json like every other error (Fastify's
 * defaults are plain JSON in another shape):
 * - on the socket (Node's parser): 408 a request not received within the timeouts, 431 headers and URL
 *   over 16 KiB, 400 malformed HTTP;
 * - in the router: 400 a URL that is not valid percent-encoding, 400 a path parameter longer than any
 *   id (maxParamLength).
 */
const socketProblems: Record<string, { status: number; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', detail: 'The request was not received in time; send headers and body without pausing.' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', detail: 'The request line and headers exceed 16 KiB; shorten the URL or the headers.' },
};

export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = socketProblems[err.code ?? ''] ?? { status: 400, code: 'MALFORMED_REQUEST', detail: 'The request is not valid HTTP/1.1.' };
  const title = http.STATUS_CODES[problem.status] ?? 'Error';
  const body = JSON.stringify({ type: `https://sla-service.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`, title, ...problem });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Longest path parameter the router accepts (ids are UUIDs; the longest other parameter is a channel name). */
export const MAX_PARAM_LENGTH = 200;

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, request, {
      status: 400,
      code: 'PARAMETER_TOO_LONG',
      detail: `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; ids are UUIDs.`,
    });
  }
  return sendProblem(reply, request, { status: 400, code: 'INVALID_URL', detail: 'The URL is not valid: check its percent-encoding.' });
}
