/**
 * GET /v1/cases/{id}/sla/timeline.svg|png for a case whose clocks really ran (time-skipping Temporal,
 * the API on the test's clock): a first response on time, and a Resolve By that was paused, warned and
 * breached. The SVG is valid, headless Chromium renders it with the expected marks in the right places,
 * and the PNG is a picture. WRITE_DOCS_PICTURE=1 writes docs/sla-timeline-example.png and .svg from it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClockApp, type ClockApp } from '../support/clock-app.js';
import { MON, TUE } from '../support/reference-kpi.js';
import { closeChromium, renderSvg } from '../support/render-svg.js';

const email = (to: string, subject: string) => ({ type: 'send_email', to: [to], subject: `[{{case.number}}] ${subject}`, body: 'Case {{case.number}}: {{kpi}} ({{phase}}).' });

const MARKS = ['business-hours', 'clock', 'pause', 'warning-due', 'failure-due', 'warned', 'breached', 'succeeded', 'pause-stale', 'action', 'now'];
const sel = (mark: string) => `[data-mark="${mark}"]`;

describe('the SLA timeline picture of a case', () => {
  let c: ClockApp;
  let caseId: string;
  let svg: string;
  const at = (day: number, hhmm: string) => c.week.at(day, hhmm);
  const iso = (day: number, hhmm: string) => new Date(at(day, hhmm)).toISOString();
  const get = (url: string) => c.t.app.inject({ method: 'GET', url, headers: c.t.auth() });

  beforeAll(async () => {
    c = await createClockApp();
    await c.defaultSla({
      name: 'Picture SLA',
      items: [
        { name: 'Answer fast', kpi: 'first_response', failure: { minutes: 30 } },
        {
          name: 'Fix fast',
          kpi: 'resolve',
          warning: { minutes: 60 },
          failure: { minutes: 120 },
          warningActions: [email('owner', 'at risk')],
          failureActions: [email('owner', 'breached'), { type: 'set_case_field', field: 'resolutionSlaMet', value: 'no' }],
          stalePauseAlert: { after: { minutes: 30 }, actions: [email('manager', 'on hold too long')] },
        },
      ],
    });
    await c.sleepTo(at(MON, '09:00'));
    const account = await c.api('POST', '/v1/accounts', { name: 'Picture Co' });
    const k = await c.api('POST', '/v1/cases', { title: 'Printer on fire', origin: 'phone', accountId: account.id, ownerId: c.h.seed.ownerId });
    caseId = k.id;
    await c.sleepTo(at(MON, '09:10'));
    await c.api('POST', `/v1/cases/${caseId}/first-response`, {});
    await c.sleepTo(at(MON, '09:30'));
    await c.setStatus(caseId, 'on_hold');
    // On hold overnight: the stale-pause alert fires Monday 10:00 (30 business minutes).
    await c.sleepTo(at(TUE, '09:30'));
    await c.setStatus(caseId, 'in_progress');
    // 30 of the 60 minutes to the warning were gone: warning Tuesday 10:00, failure 11:00.
    await c.sleepTo(at(TUE, '11:30'));
    await c.waitForKpi(caseId, 'resolve', (i) => i.state === 'noncompliant' && i.actions.length === 4);
    await c.waitForKpi(caseId, 'first_response', (i) => i.state === 'succeeded');
    const res = await get(`/v1/cases/${caseId}/sla/timeline.svg`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    svg = res.body;
  }, 180_000);

  afterAll(async () => {
    await closeChromium();
    await c?.close();
  });

  it('is an SVG document Chromium renders with every mark of this case visible', async () => {
    expect(svg.startsWith('<svg')).toBe(true);
    const rendered = await renderSvg(svg, MARKS.map(sel));
    expect(rendered.parseError).toBeNull();
    expect(rendered.width).toBe(1000);
    expect(rendered.inkRatio).toBeGreaterThan(0.05);
    const counts = Object.fromEntries(MARKS.map((m) => [m, rendered.visible[sel(m)]]));
    expect(counts).toMatchObject({
      clock: 2,
      pause: 1,
      'warning-due': 1,
      'failure-due': 2,
      warned: 1,
      breached: 1,
      succeeded: 1,
      'pause-stale': 1,
      now: 1,
    });
    expect(counts['business-hours']).toBe(2); // Monday and Tuesday 08:00-17:00 (the night between is not shaded)
    expect(counts.action).toBe(4); // the three Resolve By actions and the stale-pause email
    expect(svg).toContain(`data-now="${iso(TUE, '11:30')}"`);
    if (process.env.WRITE_DOCS_PICTURE === '1') {
      const docs = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../docs');
      await writeFile(path.join(docs, 'sla-timeline-example.svg'), svg);
      await writeFile(path.join(docs, 'sla-timeline-example.png'), rendered.png);
    }
  });

  it('puts the marks at their instants: pause before the warning, the breach before now, on the Resolve By row', async () => {
    const page = await renderSvg(svg, []);
    expect(page.parseError).toBeNull();
    // x of each mark from the SVG geometry ECharts wrote (the same coordinates Chromium draws).
    const xOf = (mark: string) => {
      const el = new RegExp(`<(path|circle|polygon)[^>]*data-mark="${mark}"[^>]*>`).exec(svg)?.[0] ?? '';
      const d = /d="M([\d.]+)/.exec(el) ?? /cx="([\d.]+)"/.exec(el) ?? /points="([\d.]+)/.exec(el) ?? /translate\(([\d.]+)/.exec(el);
      expect(d, `${mark} in ${el}`).not.toBeNull();
      return Number(d![1]);
    };
    const resolveRow = /data-mark="breached" data-row="(\d)"/.exec(svg)?.[1];
    expect(svg).toMatch(new RegExp(`data-mark="pause" data-row="${resolveRow}"`));
    expect(svg).toMatch(new RegExp(`data-mark="warned" data-row="${resolveRow}"`));
    expect(xOf('pause')).toBeLessThan(xOf('warned'));
    expect(xOf('warned')).toBeLessThan(xOf('breached'));
    expect(xOf('breached')).toBeLessThan(xOf('now'));
    expect(xOf('succeeded')).toBeLessThan(xOf('pause'));
  });

  it('answers the same picture as PNG', async () => {
    const res = await get(`/v1/cases/${caseId}/sla/timeline.png`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(res.rawPayload.readUInt32BE(16)).toBe(1000); // IHDR width
    expect(res.rawPayload.length).toBeGreaterThan(10_000);
  });

  it('draws a case whose title holds characters XML cannot carry (a control character) as SVG and PNG', async () => {
    const account = await c.api('POST', '/v1/accounts', { name: 'Control Co' });
    const k = await c.api('POST', '/v1/cases', { title: 'Printer\u0002 on fire\u001f', origin: 'phone', accountId: account.id, ownerId: c.h.seed.ownerId });
    const picture = await get(`/v1/cases/${k.id}/sla/timeline.svg`);
    expect(picture.statusCode, picture.body).toBe(200);
    expect((await renderSvg(picture.body)).parseError).toBeNull();
    expect(picture.body).toContain('Printer on fire');
    const png = await get(`/v1/cases/${k.id}/sla/timeline.png`);
    expect(png.statusCode, png.body).toBe(200);
    expect(png.rawPayload.subarray(0, 4).toString('hex')).toBe('89504e47');
  });

  it('answers 404 problem+json for an unknown case', async () => {
    for (const ext of ['svg', 'png']) {
      const res = await get(`/v1/cases/00000000-0000-4000-8000-000000000000/sla/timeline.${ext}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
