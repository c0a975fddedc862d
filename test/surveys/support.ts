import { eq } from 'drizzle-orm';
import { emailOutbox, surveys } from '../../db/schema/index.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../cases/api-helpers.js';

/** A fixed instant (a Monday in 2027): the tests move their clock from here, never from today. */
export const T0 = Date.parse('2027-03-01T09:00:00Z');
export const DAY = 86_400_000;
export const LINK_BASE = 'https://feedback.example.com/s';

export interface SurveyApp {
  t: TestApp;
  api: Client;
  manager: Client;
  /** The public routes: no Authorization header. */
  anonymous: { get(url: string): Promise<any>; post(url: string, payload: unknown): Promise<any> };
  setNow(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

export const SURVEY_ENV = { SURVEY_LINK_BASE_URL: LINK_BASE, SURVEY_EXPIRY_DAYS: '7', NPS_PERIOD_DAYS: '90' };

/** The API with the production case listeners (CSAT surveys on) on a clock the test moves. */
export async function createSurveyApp(env: Record<string, string> = {}): Promise<SurveyApp> {
  let nowMs = T0;
  const config = loadConfig({ NODE_ENV: 'test', ...SURVEY_ENV, ...env });
  const t = await createTestApp({ env: { ...SURVEY_ENV, ...env }, caseListeners: caseListeners(null, config.surveys), clock: () => new Date(nowMs) });
  return {
    t,
    api: client(t),
    manager: client(t, await t.keyFor('manager')),
    anonymous: {
      get: (url) => t.app.inject({ method: 'GET', url }),
      post: (url, payload) => t.app.inject({ method: 'POST', url, payload: payload as object }),
    },
    setNow: (ms) => (nowMs = ms),
    now: () => nowMs,
    close: () => t.close(),
  };
}

/** The token of a survey, read from the link in its invitation email (the only place it exists). */
export async function tokenOf(t: TestApp, surveyId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ body: emailOutbox.body, to: emailOutbox.to })
    .from(surveys)
    .innerJoin(emailOutbox, eq(emailOutbox.id, surveys.emailOutboxId))
    .where(eq(surveys.id, surveyId));
  const m = new RegExp(`${LINK_BASE.replace(/[.]/g, '\\.')}/([A-Za-z0-9_-]{43})\\b`).exec(row?.body ?? '');
  if (!m) throw new Error(`no survey link in the email: ${row?.body}`);
  return m[1]!;
}
