import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';
import { chromiumAvailable, closeChromium, renderSvg } from '../support/render-svg.js';
import { STAGE_COLOURS } from '../../src/processes/process-picture.js';
import { hardwareFault, processClient } from './support.js';

describe.skipIf(!chromiumAvailable)('the picture of a case’s process, in headless Chromium', () => {
  let t: TestApp;
  let api: Client;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2027-03-10T15:00:00Z'), caseListeners: caseListeners(null) });
    api = client(t);
    await api.post('/v1/processes', hardwareFault());
  });
  afterAll(async () => {
    await closeChromium();
    await t.close();
  });

  it('draws every stage, the path taken in green, the active stage in blue and the branches not taken in grey', async () => {
    const surface = (await api.post('/v1/products', { name: 'Surface Pro' })).json();
    const c = await newCase(api, { accountId: (await newAccount(api)).id, origin: 'phone', productId: surface.id });
    const pc = processClient(api);
    await pc.check(c.id, 'serial');
    await pc.next(c.id);
    await pc.check(c.id, 'repro');
    await pc.next(c.id);

    const res = await api.get(`/v1/cases/${c.id}/process.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body;
    for (const name of ['Identify', 'Research', 'Return', 'Escalate', 'Resolve', 'Hardware', 'Urgent', 'Active stage: Return']) expect(svg).toContain(name);

    const fill = (colour: string) => `path[fill="${colour}"]`;
    const r = await renderSvg(svg, ['text', fill(STAGE_COLOURS.done), fill(STAGE_COLOURS.active), fill(STAGE_COLOURS.not_taken), 'path[stroke-dasharray]']);
    expect(r.parseError).toBeNull();
    expect(r.width).toBeGreaterThan(600);
    expect(r.visible.text).toBeGreaterThanOrEqual(8);
    expect(r.visible[fill(STAGE_COLOURS.done)]).toBe(2); // Identify, Research
    expect(r.visible[fill(STAGE_COLOURS.active)]).toBeGreaterThanOrEqual(1); // Return
    expect(r.visible[fill(STAGE_COLOURS.not_taken)]).toBe(1); // Escalate
    expect(r.visible['path[stroke-dasharray]']).toBeGreaterThan(0); // edges and stages off the path
    expect(r.inkRatio).toBeGreaterThan(0.02);
  });

  it('answers 404 for a case without a process', async () => {
    const c = await newCase(api, { accountId: (await newAccount(api)).id, origin: 'email' });
    expect((await api.get(`/v1/cases/${c.id}/process.svg`)).statusCode).toBe(404);
  });
});
