import { asc, eq } from 'drizzle-orm';
import { slaKpiInstances } from '../../db/schema/index.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, officeHours } from '../calendars/support.js';

export { officeHours };

/** New York wall time in the week of Monday 2025-06-09 (EDT, UTC-4), as an epoch ms. */
export const ny = (date: string, time: string) => Date.parse(`${date}T${time}:00-04:00`);
export const nyIso = (date: string, time: string) => new Date(ny(date, time)).toISOString();

export interface PreviewFixture {
  t: TestApp;
  call: ReturnType<typeof api>;
  setNow(ms: number): void;
  calendarId: string;
  slaId: string;
  accountId: string;
  /** Creates a case at New York wall time; returns its id and its resolve clock. */
  caseAt(date: string, time: string, title?: string): Promise<{ caseId: string; instanceId: string }>;
  openInstances(caseId: string): Promise<Array<typeof slaKpiInstances.$inferSelect>>;
  close(): Promise<void>;
}

/**
 * An app whose case changes write KPI instance rows (deadlines computed by the API, no workflow runs),
 * a Mon-Fri 08:00-17:00 New York calendar and a default SLA: resolve in 540 business minutes, warning at 240.
 */
export async function previewFixture(): Promise<PreviewFixture> {
  let nowMs = ny('2025-06-09', '07:00');
  const t = await createTestApp({ caseListeners: [createSlaClockListener(null)], clock: () => new Date(nowMs) });
  const call = api(t);
  const cal = await call('POST', '/v1/calendars', { name: 'New York office', definition: officeHours() });
  const sla = await call('POST', '/v1/slas', {
    name: 'Standard',
    calendarId: cal.body.id,
    isDefault: true,
    items: [{ name: 'Resolve', kpi: 'resolve', warning: { minutes: 240 }, failure: { minutes: 540 } }],
  });
  if (sla.status !== 201) throw new Error(JSON.stringify(sla.body));
  const account = await call('POST', '/v1/accounts', { name: 'Acme' });
  const instancesOf = (caseId: string) =>
    t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.generation));
  return {
    t,
    call,
    setNow: (ms) => (nowMs = ms),
    calendarId: cal.body.id,
    slaId: sla.body.id,
    accountId: account.body.id,
    async caseAt(date, time, title = `Case at ${date} ${time}`) {
      const before = nowMs;
      nowMs = ny(date, time);
      const res = await call('POST', '/v1/cases', { title, accountId: account.body.id, origin: 'phone' });
      nowMs = before;
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      const [inst] = await instancesOf(res.body.id);
      return { caseId: res.body.id, instanceId: inst.id };
    },
    openInstances: async (caseId) => (await instancesOf(caseId)).filter((i) => i.endedAt === null),
    close: () => t.close(),
  };
}
