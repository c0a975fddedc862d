/**
 * The whole chain for orchestrator tests through the HTTP API: the SLA harness (time-skipping Temporal,
 * PostgreSQL, SMTP, worker), the API with the real case listeners and a background dispatcher, both on
 * the test's clock, and a Paris Mon-Fri 08:00-17:00 calendar. Time moves only with `sleepTo`.
 */
import { vi } from 'vitest';
import { calendars, calendarVersions } from '../../db/schema/index.js';
import type { CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { SlaCommandDispatcher } from '../../src/sla/command-dispatcher.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
import { createTestApp, type TestApp } from './app.js';
import { ZONE, type TestWeek } from './reference-kpi.js';
import { createSlaHarness, type SlaHarness } from './sla-harness.js';

export type KpiView = Record<string, any>;

export interface ClockApp {
  h: SlaHarness;
  t: TestApp;
  week: TestWeek;
  calendarId: string;
  /** The instant the API reads as now. */
  now(): number;
  /** Delivers the pending clock commands, then moves Temporal's clock and the API's to `ms` (timers due meanwhile fire). */
  sleepTo(ms: number): Promise<void>;
  /** An API call that must succeed (a 4xx/5xx throws with the body). */
  api(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers?: Record<string, string>): Promise<any>;
  /** Creates an SLA on the Paris calendar and makes it the default: cases created next get it. */
  defaultSla(body: object): Promise<string>;
  sla(caseId: string): Promise<KpiView[]>;
  /** Waits (real time) until the case has a `kpi` instance matching `predicate`. */
  waitForKpi(caseId: string, kpi: string, predicate: (i: KpiView) => boolean): Promise<KpiView>;
  /** A case's status command with its current ETag. */
  setStatus(caseId: string, status: string): Promise<void>;
  close(): Promise<void>;
}

/** `extraListeners` hear case changes after the entitlement and SLA listeners (e.g. business processes). */
export async function createClockApp(options: { extraListeners?: CaseLifecycleListener[] } = {}): Promise<ClockApp> {
  const h = await createSlaHarness();
  const week = await h.newWeek();
  let clockMs = await h.env.currentTimeMs();
  const [cal] = await h.db.db.insert(calendars).values({ name: 'Paris office' }).returning();
  await h.db.db.insert(calendarVersions).values({
    calendarId: cal.id,
    version: 1,
    definition: { timeZone: ZONE, weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]])) },
  });
  const dispatcher = new SlaCommandDispatcher(h.db.db, createTemporalKpiGateway(h.env.client, { taskQueue: h.taskQueue }), { clock: () => new Date(clockMs) });
  const t = await createTestApp({
    database: h.db,
    temporal: h.env.client,
    caseListeners: [createEntitlementListener(), createSlaClockListener(dispatcher), ...(options.extraListeners ?? [])],
    clock: () => new Date(clockMs),
  });
  const api: ClockApp['api'] = async (method, url, payload, headers = {}) => {
    const res = await t.app.inject({ method, url, payload, headers: { ...t.auth(), ...headers } });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const sla = async (caseId: string) => (await api('GET', `/v1/cases/${caseId}/sla`)).items as KpiView[];
  return {
    h,
    t,
    week,
    calendarId: cal.id,
    now: () => clockMs,
    async sleepTo(ms) {
      // Commands of the last request reach their workflows at the instant they were made, before time moves.
      await dispatcher.drain();
      await h.sleepUntil(ms);
      // The server may land a few ms past the target; the API reports the instant the test means.
      clockMs = ms;
    },
    api,
    async defaultSla(body) {
      return (await api('POST', '/v1/slas', { calendarId: cal.id, isDefault: true, ...body })).id;
    },
    sla,
    waitForKpi: (caseId, kpi, predicate) =>
      vi.waitFor(
        async () => {
          const items = (await sla(caseId)).filter((i) => i.kpi === kpi);
          const match = items.find(predicate);
          if (!match) throw new Error(`no ${kpi} instance matching yet: ${JSON.stringify(items)}`);
          return match;
        },
        { timeout: 30_000, interval: 50 },
      ),
    async setStatus(caseId, status) {
      const c = await api('GET', `/v1/cases/${caseId}`);
      await api('POST', `/v1/cases/${caseId}/status`, { status }, { 'if-match': `W/"${c.version}"` });
    },
    async close() {
      await dispatcher.stop();
      await t.close();
      await h.close();
    },
  };
}
