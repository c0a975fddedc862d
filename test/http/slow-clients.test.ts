import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * Over real sockets (inject has none): a client that dribbles its body or its headers is cut off once the
 * request timeout has passed. Waits real time by nature (a second or two), bounded by the socket's own end.
 */
describe('slow and oversized requests are cut off at the socket', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ env: { REQUEST_TIMEOUT_SECONDS: '1', HEADERS_TIMEOUT_SECONDS: '1' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t.close());

  /** Sends `head`, then one byte of `drip` every 100 ms; resolves with what the server answered and when it closed. */
  function dribble(head: string, drip: string): Promise<{ answer: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let i = 0;
      const timer = setInterval(() => {
        if (i < drip.length && !socket.destroyed) socket.write(drip[i++]);
      }, 100);
      const guard = setTimeout(() => socket.destroy(new Error('the server kept the slow connection open for 8 s')), 8000);
      socket.on('connect', () => socket.write(head));
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(guard);
        resolve({ answer, closedAfterMs: Date.now() - started });
      });
      socket.on('error', (e) => {
        clearInterval(timer);
        clearTimeout(guard);
        if (e.message.includes('kept the slow connection')) reject(e);
      });
    });
  }

  it('answers 408 and closes a connection whose body trickles in slower than the request timeout', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(200) });
    const head = `POST /v1/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.adminKey}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, closedAfterMs } = await dribble(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('answers headers over 16 KiB with 431 problem+json', async () => {
    const { answer } = await dribble(`GET /v1/cases?cursor=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`, '');
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    expect(answer).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('closes a connection whose headers never end', async () => {
    const { answer, closedAfterMs } = await dribble('GET /healthz HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: ' + 'a'.repeat(200));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(4000);
  });
});
