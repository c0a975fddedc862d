/**
 * Issue 11, defects 3 and 7: an Idempotency-Key never gets stuck "in progress" when something fails
 * between the effect and its answer (the answer commits with the effect, or neither does), records
 * expire, retries that overlap never create twice, and a replay keeps the answer's content type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { cases, idempotencyRecords } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, type Client } from '../cases/api-helpers.js';
import type { CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';

const start = new Date('2026-03-02T09:00:00Z');

describe('Idempotency-Key when things fail', () => {
  let t: TestApp;
  let api: Client;
  let now = start;
  const seenAtAfterCommit: Array<{ caseId: string; visible: boolean }> = [];
  const afterCommitProbe: CaseLifecycleListener = {
    name: 'after-commit probe',
    afterCommit: async (caseId) => {
      // Read through the database handle itself (not a request's transaction): is the case committed?
      const [row] = await t.database.db.select({ n: count() }).from(cases).where(eq(cases.id, caseId));
      seenAtAfterCommit.push({ caseId, visible: row!.n === 1 });
    },
  };
  beforeAll(async () => {
    t = await createTestApp({ env: { IDEMPOTENCY_KEY_TTL_HOURS: '2' }, clock: () => now, caseListeners: [afterCommitProbe] });
    api = client(t, await t.keyFor('agent'));
    // Stands for the database failing right after the route's own transaction: storing the answer fails
    // (with a connection-failure SQLSTATE) for keys that start with "store-fails".
    await t.database.db.execute(sql`
      create function fail_answer_store() returns trigger language plpgsql as $$
      begin
        if new.key like 'store-fails%' and new.status_code <> 0 then
          raise exception 'simulated connection failure while storing the answer' using errcode = '08006';
        end if;
        return new;
      end $$`);
    await t.database.db.execute(sql`
      create trigger fail_answer_store before insert or update on idempotency_records
      for each row execute function fail_answer_store()`);
  });
  afterAll(async () => t.close());

  const casesOf = async (accountId: string) => (await t.database.db.select({ n: count() }).from(cases).where(eq(cases.accountId, accountId)))[0]!.n;

  it('a case whose answer could not be stored is not saved either: 503 with Retry-After, and the same key then creates it once', async () => {
    const account = await newAccount(api);
    const body = { title: 'Checkout is down', origin: 'web', accountId: account.id };
    const failed = await api.post('/v1/cases', body, { 'idempotency-key': 'store-fails-1' });
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['content-type']).toContain('application/problem+json');
    expect(Number(failed.headers['retry-after'])).toBeGreaterThan(0);
    expect(failed.headers.location).toBeUndefined();
    expect(await casesOf(account.id)).toBe(0);

    await t.database.db.execute(sql`drop trigger fail_answer_store on idempotency_records`);
    const retried = await api.post('/v1/cases', body, { 'idempotency-key': 'store-fails-1' });
    expect(retried.statusCode).toBe(201);
    const again = await api.post('/v1/cases', body, { 'idempotency-key': 'store-fails-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(retried.json().id);
    expect(await casesOf(account.id)).toBe(1);
  });

  it('tells the case listeners after the commit, when the case is visible to everyone', async () => {
    const account = await newAccount(api);
    const created = await api.post('/v1/cases', { title: 'Visible', origin: 'web', accountId: account.id }, { 'idempotency-key': 'visible-1' });
    expect(created.statusCode).toBe(201);
    await expect.poll(() => seenAtAfterCommit.find((s) => s.caseId === created.json().id)).toEqual({ caseId: created.json().id, visible: true });
  });

  it('replays a refusal with its status and application/problem+json', async () => {
    const body = { title: 'x', origin: 'web', accountId: '00000000-0000-4000-8000-000000000000' };
    const first = await api.post('/v1/cases', body, { 'idempotency-key': 'refused-1' });
    const retry = await api.post('/v1/cases', body, { 'idempotency-key': 'refused-1' });
    expect(first.statusCode).toBe(422);
    expect(first.headers['content-type']).toContain('application/problem+json');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.statusCode).toBe(422);
    expect(retry.headers['content-type']).toContain('application/problem+json');
    expect(retry.json()).toEqual(first.json());
  });

  it('forgets a key after IDEMPOTENCY_KEY_TTL_HOURS: the same key is then a new request', async () => {
    const account = await newAccount(api);
    const first = await api.post('/v1/cases', { title: 'First', origin: 'web', accountId: account.id }, { 'idempotency-key': 'expires-1' });
    expect(first.statusCode).toBe(201);
    const [record] = await t.database.db.select().from(idempotencyRecords).where(eq(idempotencyRecords.key, 'expires-1'));
    expect(record!.expiresAt.getTime() - now.getTime()).toBe(2 * 3600_000);

    now = new Date(start.getTime() + 2 * 3600_000 - 1000);
    const stillKnown = await api.post('/v1/cases', { title: 'Second', origin: 'web', accountId: account.id }, { 'idempotency-key': 'expires-1' });
    expect(stillKnown.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    now = new Date(start.getTime() + 2 * 3600_000 + 1000);
    const renewed = await api.post('/v1/cases', { title: 'Second', origin: 'web', accountId: account.id }, { 'idempotency-key': 'expires-1' });
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().id).not.toBe(first.json().id);
    expect(await casesOf(account.id)).toBe(2);
    now = start;
  });

  it('creates once when retries overlap: every answer is the one case or 409 IDEMPOTENCY_KEY_IN_PROGRESS, none stays in progress', async () => {
    const account = await newAccount(api);
    const body = { title: 'Overlapping retries', origin: 'web', accountId: account.id };
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.post('/v1/cases', body, { 'idempotency-key': 'overlap-1' })));
    const created = answers.filter((a) => a.statusCode === 201);
    const busy = answers.filter((a) => a.statusCode === 409);
    expect(created.length + busy.length).toBe(answers.length);
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
    for (const b of busy) expect(b.json().code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await casesOf(account.id)).toBe(1);
    const later = await api.post('/v1/cases', body, { 'idempotency-key': 'overlap-1' });
    expect(later.statusCode).toBe(201);
    expect(later.json().id).toBe(created[0]!.json().id);
  });
});
