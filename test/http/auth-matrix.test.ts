import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/api-keys.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client } from '../cases/api-helpers.js';

const id = '00000000-0000-4000-8000-000000000000';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Every case, customer, queue and key route with the least role it needs. */
const routes: Array<[Method, string, Role]> = [
  ['POST', '/v1/cases', 'agent'],
  ['POST', '/v1/cases/import', 'admin'],
  ['GET', '/v1/cases', 'agent'],
  ['GET', `/v1/cases/${id}`, 'agent'],
  ['PATCH', `/v1/cases/${id}`, 'agent'],
  ['POST', `/v1/cases/${id}/status`, 'agent'],
  ['POST', `/v1/cases/${id}/first-response`, 'agent'],
  ['POST', `/v1/cases/${id}/resolve`, 'agent'],
  ['POST', `/v1/cases/${id}/cancel`, 'agent'],
  ['POST', `/v1/cases/${id}/reopen`, 'agent'],
  ['POST', `/v1/cases/${id}/activities`, 'agent'],
  ['GET', `/v1/cases/${id}/activities`, 'agent'],
  ['GET', `/v1/cases/${id}/activities/${id}`, 'agent'],
  ['GET', `/v1/cases/${id}/timeline`, 'agent'],
  ['POST', '/v1/accounts', 'agent'],
  ['GET', '/v1/accounts', 'agent'],
  ['GET', `/v1/accounts/${id}`, 'agent'],
  ['PATCH', `/v1/accounts/${id}`, 'agent'],
  ['POST', '/v1/contacts', 'agent'],
  ['GET', '/v1/contacts', 'agent'],
  ['GET', `/v1/contacts/${id}`, 'agent'],
  ['PATCH', `/v1/contacts/${id}`, 'agent'],
  ['POST', '/v1/agents', 'manager'],
  ['GET', '/v1/agents', 'agent'],
  ['GET', `/v1/agents/${id}`, 'agent'],
  ['PATCH', `/v1/agents/${id}`, 'manager'],
  ['POST', '/v1/queues', 'manager'],
  ['GET', '/v1/queues', 'agent'],
  ['GET', `/v1/queues/${id}`, 'agent'],
  ['PATCH', `/v1/queues/${id}`, 'manager'],
  ['GET', `/v1/queues/${id}/items`, 'agent'],
  ['POST', `/v1/queues/${id}/items`, 'agent'],
  ['GET', `/v1/queue-items/${id}`, 'agent'],
  ['POST', `/v1/queue-items/${id}/pick`, 'agent'],
  ['POST', `/v1/queue-items/${id}/release`, 'agent'],
  ['POST', `/v1/queue-items/${id}/route`, 'agent'],
  ['DELETE', `/v1/queue-items/${id}`, 'agent'],
  ['POST', '/v1/api-keys', 'admin'],
  ['GET', '/v1/api-keys', 'admin'],
  ['GET', `/v1/api-keys/${id}`, 'admin'],
  ['POST', `/v1/api-keys/${id}/revoke`, 'admin'],
];

const roles: Role[] = ['agent', 'manager', 'admin'];
const rank = (r: Role) => roles.indexOf(r);

describe('authentication and roles', () => {
  let t: TestApp;
  const keys = {} as Record<Role, string>;
  beforeAll(async () => {
    // Every route is called without a key here: far more failed authentications than a client address may make.
    t = await createTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '100000' } });
    for (const role of roles) keys[role] = await t.keyFor(role);
  });
  afterAll(async () => t.close());

  const send = (method: Method, url: string, headers: Record<string, string>) =>
    t.app.inject({ method, url, headers, ...(method === 'POST' || method === 'PATCH' ? { payload: {} } : {}) });

  it.each(routes)('%s %s answers 401 without a key', async (method, url) => {
    const res = await send(method, url, {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it.each(routes.flatMap(([method, url, required]) => roles.map((role) => ({ method, url, required, role }))))(
    '$method $url with an $role key: allowed unless it needs $required',
    async ({ method, url, required, role }) => {
      const res = await send(method, url, { authorization: `Bearer ${keys[role]}` });
      if (rank(role) < rank(required)) {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', requiredRole: required, role });
      } else {
        expect([401, 403]).not.toContain(res.statusCode);
        expect(res.statusCode).toBeLessThan(500);
      }
    },
  );

  it('answers 401 for an unknown key and for a revoked one', async () => {
    expect((await send('GET', '/v1/cases', { authorization: 'Bearer sla_nope' })).statusCode).toBe(401);
    const admin = client(t);
    const created = (await admin.post('/v1/api-keys', { name: 'short-lived', role: 'agent' })).json();
    const withKey = { authorization: `Bearer ${created.secret}` };
    expect((await send('GET', '/v1/cases', withKey)).statusCode).toBe(200);
    expect((await admin.post(`/v1/api-keys/${created.id}/revoke`)).statusCode).toBe(200);
    const revoked = await send('GET', '/v1/cases', withKey);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().detail).toContain('revoked');
  });
});
