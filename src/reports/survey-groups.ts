/**
 * The customers' and agents' figures of the report, from the surveys' SQL aggregates
 * (src/surveys/survey-figures.ts). CSAT follows every grouping; NPS and engagement concern contacts and
 * agents rather than cases, so dimension groups carry them only in the total.
 */
import type { DbOrTx } from '../../db/client.js';
import { csatFigures, engagementFigures, npsFigures, type CsatFigures, type EngagementFigures, type NpsFigures } from '../surveys/survey-figures.js';
import { TOTAL, type ByGroup, type ReportQuery } from './case-figures.js';
import { isTimeGrouping } from './report-range.js';

export interface SurveyFigures {
  csat: Omit<CsatFigures, 'group'>;
  nps: Omit<NpsFigures, 'group'> | null;
  engagement: Omit<EngagementFigures, 'group'> | null;
}

const noCsat = (): SurveyFigures['csat'] => ({ answers: 0, average: null, satisfied: 0, satisfiedPercent: null, issued: 0, answeredOfIssued: 0, responseRate: null });
const noNps = (): Omit<NpsFigures, 'group'> => ({ answers: 0, promoters: 0, passives: 0, detractors: 0, promoterPercent: null, detractorPercent: null, nps: null });
const noEngagement = (): Omit<EngagementFigures, 'group'> => ({ answers: 0, score: null, anonymous: true });
const strip = <T extends { group: string | null }>({ group: _g, ...rest }: T): Omit<T, 'group'> => rest;

export async function surveyFiguresByGroup(db: DbOrTx, q: ReportQuery): Promise<{ of(key: string | null | typeof TOTAL): SurveyFigures; keys: Array<string | null> }> {
  const range = { from: q.range.from, to: q.range.to };
  const time = isTimeGrouping(q.groupBy);
  const [csat, csatTotal, nps, npsTotal, engagement, engagementTotal] = await Promise.all([
    csatFigures(db, { ...range, groupBy: q.groupBy }),
    csatFigures(db, range),
    time ? npsFigures(db, { ...range, groupBy: q.groupBy as 'day' }) : Promise.resolve([]),
    npsFigures(db, range),
    time ? engagementFigures(db, { ...range, groupBy: q.groupBy as 'day' }) : Promise.resolve([]),
    engagementFigures(db, range),
  ]);
  const byGroup = <T extends { group: string | null }>(rows: T[]): ByGroup<Omit<T, 'group'>> => new Map(rows.map((r) => [r.group, strip(r)]));
  const csatBy = byGroup(csat);
  const npsBy = byGroup(nps);
  const engagementBy = byGroup(engagement);
  return {
    keys: csat.map((r) => r.group),
    of(key) {
      if (key === TOTAL) {
        return { csat: csatTotal[0] ? strip(csatTotal[0]) : noCsat(), nps: npsTotal[0] ? strip(npsTotal[0]) : noNps(), engagement: engagementTotal[0] ? strip(engagementTotal[0]) : noEngagement() };
      }
      return {
        csat: csatBy.get(key) ?? noCsat(),
        nps: time ? (npsBy.get(key) ?? noNps()) : null,
        engagement: time ? (engagementBy.get(key) ?? noEngagement()) : null,
      };
    },
  };
}
