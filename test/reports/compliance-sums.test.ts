import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupings } from '../../src/reports/report-range.js';
import { serviceKpiFigures } from '../../src/reports/service-kpis.js';
import { createTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../db/client.js';
import { loadFixture } from './fixture.js';

const outcomes = ['met', 'pausedAtResolution', 'breached', 'lateSuccess', 'open', 'decided'] as const;

describe('compliance per group adds up to the total', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFixture(database.db);
  });
  afterAll(() => database.close());

  it('for any grouping and any range around the fixture', async () => {
    const day = 86_400_000;
    const base = Date.parse('2027-03-01T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...groupings), fc.integer({ min: 0, max: 14 * 24 }), fc.integer({ min: 1, max: 14 * 24 }), async (groupBy, startHour, hours) => {
        const from = new Date(base - 3 * day + startHour * 3_600_000);
        const to = new Date(from.getTime() + hours * 3_600_000);
        const report = await serviceKpiFigures(database.db, { range: { from, to }, groupBy }, { withRetention: false });
        for (const [kpi, total] of Object.entries(report.total.compliance)) {
          for (const o of outcomes) expect(report.groups.reduce((sum, g) => sum + (g.compliance[kpi]?.[o] ?? 0), 0)).toBe(total[o]);
        }
        expect(report.groups.reduce((sum, g) => sum + g.volume.created, 0)).toBe(report.total.volume.created);
      }),
      { numRuns: 25, seed: 1313 },
    );
  });
});
