import type { TestApp } from '../support/app.js';

/** Mon-Fri 08:00-17:00 in New York: the spec's reference calendar (§1.9). */
export const officeHours = (extra: Record<string, unknown> = {}) => ({
  timeZone: 'America/New_York',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]])),
  ...extra,
});

export const twentyFourSeven = { timeZone: 'America/New_York', is24x7: true };

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A small JSON client over `inject` (admin key unless another is given). */
export function api(t: TestApp) {
  return async (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}, key?: string) => {
    const res = await t.app.inject({ method, url, headers: { ...t.auth(key), ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: res.statusCode, headers: res.headers, body: res.body ? res.json() : undefined };
  };
}
