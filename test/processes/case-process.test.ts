import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';
import { officeHours } from '../calendars/support.js';
import { hardwareFault, processClient, stageKeys } from './support.js';

/** Wednesday 10 March 2027, 10:00 in New York; the tests move it by hand. */
let now = new Date('2027-03-10T15:00:00Z');
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

describe('a case’s business process', () => {
  let t: TestApp;
  let api: Client;
  let pc: ReturnType<typeof processClient>;
  let processId: string;
  let surface: { id: string };
  let xbox: { id: string };
  let accountId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now, caseListeners: caseListeners(null) });
    api = client(t);
    pc = processClient(api);
    const cal = (await api.post('/v1/calendars', { name: 'NY office', definition: officeHours() })).json();
    expect((await api.post('/v1/slas', { name: 'Office', isDefault: true, calendarId: cal.id, items: [{ name: 'res', kpi: 'resolve', failure: { hours: 40 } }] })).statusCode).toBe(201);
    processId = (await api.post('/v1/processes', hardwareFault())).json().id;
    surface = (await api.post('/v1/products', { name: 'Surface Pro' })).json();
    xbox = (await api.post('/v1/products', { name: 'Xbox' })).json();
    accountId = (await newAccount(api)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts the first applicable process when a case is created, at its first stage', async () => {
    const c = await newCase(api, { accountId, origin: 'phone' });
    const p = await pc.state(c.id);
    expect(p).toMatchObject({ processId, processName: 'Hardware fault', processVersion: 1, status: 'active', version: 1 });
    expect(p.activeStage).toMatchObject({ key: 'identify', missingRequired: ['product', 'serial'] });
    expect(p.etag).toBe('W/"1"');
    const email = await newCase(api, { accountId, origin: 'email' });
    expect((await api.get(`/v1/cases/${email.id}/process`)).statusCode).toBe(404);
  });

  it('refuses to move on while required steps are missing, naming them', async () => {
    const c = await newCase(api, { accountId, origin: 'phone' });
    const res = await pc.next(c.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'REQUIRED_STEPS_MISSING', stage: 'identify' });
    expect(res.json().missing.map((m: { key: string }) => m.key)).toEqual(['product', 'serial']);
    await api.patch(`/v1/cases/${c.id}`, { productId: xbox.id }, { 'if-match': 'W/"1"' });
    const still = await pc.next(c.id);
    expect(still.json().missing.map((m: { key: string }) => m.key)).toEqual(['serial']);
    expect((await pc.check(c.id, 'serial')).statusCode).toBe(200);
    const moved = await pc.next(c.id);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().activeStage.key).toBe('research');
  });

  it('branches on product and priority, and re-evaluates the branch ahead after a PATCH', async () => {
    const c = await newCase(api, { accountId, origin: 'phone', productId: surface.id });
    await pc.check(c.id, 'serial');
    await pc.next(c.id);
    let p = await pc.state(c.id);
    expect(stageKeys(p.path)).toEqual(['identify', 'research', 'return', 'resolve']);
    expect(p.path[2]).toMatchObject({ state: 'ahead', branch: 'Hardware' });
    expect(p.stages.find((s: { key: string }) => s.key === 'escalate').state).toBe('not_taken');

    await api.patch(`/v1/cases/${c.id}`, { productId: xbox.id }, { 'if-match': '*' });
    p = await pc.state(c.id);
    expect(stageKeys(p.path)).toEqual(['identify', 'research', 'resolve']);
    expect(p.activeStage.next).toEqual({ key: 'resolve', name: 'Resolve', branch: null });

    await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': '*' });
    p = await pc.state(c.id);
    expect(stageKeys(p.path)).toEqual(['identify', 'research', 'escalate', 'resolve']);

    const timeline = (await api.get(`/v1/cases/${c.id}/timeline?limit=100`)).json().items;
    const changes = timeline.filter((e: { kind: string }) => e.kind === 'process.path_changed').map((e: { summary: string }) => e.summary);
    expect(changes).toEqual([
      'After stage Research the process now goes to Resolve (was Return)',
      'After stage Research the process now goes to Escalate (was Resolve): branch Urgent',
    ]);
  });

  it('moves back along the path taken, puts every move on the timeline with who did it', async () => {
    const c = await newCase(api, { accountId, origin: 'phone', productId: surface.id });
    await pc.check(c.id, 'serial');
    await pc.next(c.id);
    await pc.check(c.id, 'repro');
    await pc.next(c.id);
    expect((await pc.state(c.id)).activeStage.key).toBe('return');
    const back = await pc.back(c.id);
    expect(back.json().activeStage.key).toBe('research');
    expect(back.json().history.map((h: { stage: string; exit: string | null }) => [h.stage, h.exit])).toEqual([
      ['identify', 'next'],
      ['research', 'next'],
      ['return', 'back'],
      ['research', null],
    ]);
    const moves = (await api.get(`/v1/cases/${c.id}/timeline?limit=100`)).json().items.filter((e: { kind: string }) => e.kind.startsWith('process.'));
    expect(moves.map((e: { kind: string }) => e.kind)).toEqual([
      'process.started',
      'process.step_completed',
      'process.stage_changed',
      'process.step_completed',
      'process.stage_changed',
      'process.stage_changed',
    ]);
    expect(moves.every((e: { actor: { name: string } }) => e.actor.name.length > 0)).toBe(true);
    expect(moves[5].summary).toBe('Moved back from stage Return to Research');
    expect((await pc.back(c.id)).statusCode).toBe(200);
    expect((await pc.back(c.id)).json().code).toBe('NO_PREVIOUS_STAGE');
  });

  it('counts the time in each stage in calendar and business minutes on the SLA’s calendar', async () => {
    now = new Date('2027-03-12T20:00:00Z'); // Friday 15:00 in New York, two business hours before closing
    const c = await newCase(api, { accountId, origin: 'phone', productId: xbox.id });
    await pc.check(c.id, 'serial');
    advance(3 * 24 * 60); // Monday 16:00 (daylight saving time began on Sunday)
    await pc.next(c.id);
    advance(30);
    const p = await pc.state(c.id);
    expect(p.calendar).not.toBeNull();
    expect(p.history[0]).toMatchObject({ stage: 'identify', calendarMinutes: 3 * 24 * 60, businessMinutes: 2 * 60 + 8 * 60 });
    // Fri 15:00-17:00 EST, then Mon 08:00-16:00 EDT: New York moved its clocks on Sunday 14 March.
    expect(p.history[1]).toMatchObject({ stage: 'research', calendarMinutes: 30, businessMinutes: 30, leftAt: null });
  });

  it('finishes at the last stage only', async () => {
    const c = await newCase(api, { accountId, origin: 'phone', productId: xbox.id });
    await pc.check(c.id, 'serial');
    expect((await pc.finish(c.id)).json().code).toBe('PROCESS_NOT_AT_END');
    await pc.next(c.id);
    await pc.check(c.id, 'repro');
    await pc.next(c.id);
    const done = await pc.finish(c.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'finished', activeStage: null });
    expect(stageKeys(done.json().path)).toEqual(['identify', 'research', 'resolve']);
    expect((await pc.next(c.id)).json().code).toBe('NO_ACTIVE_PROCESS');
  });

  it('of two concurrent moves with the same ETag one wins and the other gets 412; the stage never skips', async () => {
    const c = await newCase(api, { accountId, origin: 'phone', productId: xbox.id });
    await pc.check(c.id, 'serial');
    const { etag } = await pc.state(c.id);
    const answers = await Promise.all([pc.next(c.id, etag), pc.next(c.id, etag)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412]);
    const p = await pc.state(c.id);
    expect(p.activeStage.key).toBe('research');
    expect(p.history).toHaveLength(2);
  });

  it('switches to another applicable process and keeps the earlier run as history', async () => {
    const quick = (await api.post('/v1/processes', { name: 'Quick question', rank: 200, stages: [{ key: 'answer', name: 'Answer', steps: [] }] })).json();
    const picky = (await api.post('/v1/processes', { name: 'Email only', applicableWhen: { field: 'origin', op: 'equals', value: 'email' }, stages: [{ key: 'a', name: 'A', steps: [] }] })).json();
    const c = await newCase(api, { accountId, origin: 'phone' });
    expect((await pc.switchTo(c.id, picky.id)).json().code).toBe('PROCESS_NOT_APPLICABLE');
    expect((await pc.switchTo(c.id, processId)).json().code).toBe('ALREADY_ON_PROCESS');
    const res = await pc.switchTo(c.id, quick.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ processId: quick.id, processName: 'Quick question', activeStage: { key: 'answer' } });
    expect(res.json().earlier).toEqual([expect.objectContaining({ processId, processName: 'Hardware fault', status: 'switched' })]);
  });

  it('keeps a running case on its version until an admin migrates it', async () => {
    const own = (await api.post('/v1/processes', hardwareFault({ name: 'Pinned', rank: 1 }))).json();
    const c = await newCase(api, { accountId, origin: 'phone' });
    expect((await pc.state(c.id)).processId).toBe(own.id);
    const v2 = hardwareFault({ name: 'Pinned', rank: 1 });
    v2.stages[0].steps = v2.stages[0].steps.filter((s) => s.key !== 'serial');
    expect((await api.put(`/v1/processes/${own.id}`, v2, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    let p = await pc.state(c.id);
    expect(p).toMatchObject({ processVersion: 1, currentProcessVersion: 2 });
    expect(p.activeStage.missingRequired).toEqual(['product', 'serial']);
    const fresh = await newCase(api, { accountId, origin: 'phone' });
    expect((await pc.state(fresh.id)).processVersion).toBe(2);

    const migrated = await api.post(`/v1/processes/${own.id}/migrate`);
    expect(migrated.statusCode, migrated.body).toBe(200);
    expect(migrated.json()).toMatchObject({ toVersion: 2, migrated: [c.id], skipped: [] });
    p = await pc.state(c.id);
    expect(p.processVersion).toBe(2);
    expect(p.activeStage.missingRequired).toEqual(['product']);
    await api.put(`/v1/processes/${own.id}`, { ...v2, active: false }, { 'if-match': 'W/"2"' });
  });
});
