/**
 * What /healthz says about delivery to Temporal: the SLA commands still waiting, and an answer within
 * 2 s even when Temporal accepts connections but never answers.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase } from '../cases/api-helpers.js';

describe('/healthz and SLA command delivery', () => {
  let silentServer: net.Server;
  let temporal: Client;
  let t: TestApp;

  beforeAll(async () => {
    // A "Temporal" that accepts the connection and never says a word.
    silentServer = net.createServer(() => {});
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const { port } = silentServer.address() as net.AddressInfo;
    temporal = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${port}` }) });
    // Nothing delivers: commands stay in the outbox.
    t = await createTestApp({ temporal, caseListeners: [createSlaClockListener(null)] });
  });
  afterAll(async () => {
    await t?.close();
    await temporal?.connection.close().catch(() => undefined);
    silentServer?.close();
  });

  it('reports no pending SLA commands on an empty outbox', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json().slaCommands).toEqual({ ok: true, pending: 0, oldestPendingSeconds: null });
  });

  it('counts the commands not yet delivered and how long the oldest has waited', async () => {
    const api = client(t);
    expect((await api.post('/v1/slas', { name: '24x7', isDefault: true, items: [
      { name: 'fr', kpi: 'first_response', failure: { minutes: 60 } },
      { name: 'res', kpi: 'resolve', failure: { minutes: 600 } },
    ] })).statusCode).toBe(201);
    await newCase(api);
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    const { slaCommands } = res.json();
    expect(slaCommands.pending).toBe(2);
    expect(slaCommands.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers within 2 s, degraded, when Temporal does not answer', async () => {
    const started = performance.now();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded', database: { ok: true }, temporal: { ok: false }, slaCommands: { ok: true } });
  });
});
