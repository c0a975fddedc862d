/**
 * Temporal accepts connections but never answers: /healthz still answers within 2 s and says how many
 * SLA commands wait, and case writes answer at once (they never wait for Temporal).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { SlaCommandDispatcher } from '../../src/sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
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

  it('creates a case and puts it on hold at once while the dispatcher is stuck on the silent Temporal', async () => {
    const gateway = createTemporalKpiGateway(temporal, { taskQueue: 'sla', callTimeoutMs: 5_000 });
    const dispatcher = new SlaCommandDispatcher(t.database.db, gateway).start();
    const live = await createTestApp({ database: t.database, temporal, caseListeners: [createSlaClockListener(dispatcher)] });
    try {
      const api = client(live);
      const started = performance.now();
      const c = await newCase(api);
      const held = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
      expect(held.statusCode).toBe(200);
      // Delivering inside the request waited for the call timeout (5 s here, 10 s by default) per command.
      expect(performance.now() - started).toBeLessThan(4_000);
    } finally {
      await live.close();
      await dispatcher.stop();
    }
  });
});
