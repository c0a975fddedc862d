/**
 * Survey figures of a goal's scope, per UTC day and in total, in SQL. CSAT follows the case of the
 * answered survey (its owner or queue), as the report's owner/queue grouping does. NPS answers belong to
 * contacts, not cases: a scope's NPS counts the answers of contacts who had a case in the scope created
 * before they answered. Engagement answers are anonymous (no agent, no queue), so no scope has one.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scopeFilter, type CaseScope } from '../reports/report-dimensions.js';
import { round2 } from '../surveys/survey-figures.js';

export interface ScopedSurveyFigures {
  csat: { answers: number; average: number | null; satisfiedPercent: number | null };
  nps: { answers: number; nps: number | null };
}

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
const int = (v: unknown): number => Number(v ?? 0);
const day = sql`to_char(date_trunc('day', r.answered_at at time zone 'UTC'), 'YYYY-MM-DD')`;

export async function scopedSurveyFigures(db: Db, range: { from: Date; to: Date }, scope: CaseScope): Promise<{ total: ScopedSurveyFigures; byDay: Map<string, ScopedSurveyFigures> }> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const inRange = sql`r.answered_at >= ${from}::timestamptz and r.answered_at < ${to}::timestamptz`;
  const [csat, nps] = await Promise.all([
    db.execute(sql`
      select ${day} as day, count(*)::int as answers, sum(r.score)::int as score_sum, count(*) filter (where r.score >= 4)::int as satisfied
        from survey_responses r join cases c on c.id = r.case_id
       where r.kind = 'csat' and ${inRange}${scopeFilter(scope)}
       group by 1`),
    db.execute(sql`
      select ${day} as day, count(*)::int as answers,
             count(*) filter (where r.score >= 9)::int as promoters, count(*) filter (where r.score <= 6)::int as detractors
        from survey_responses r
       where r.kind = 'nps' and ${inRange}
         and exists (select 1 from cases c where c.contact_id = r.contact_id and c.created_at <= r.answered_at${scopeFilter(scope)})
       group by 1`),
  ]);
  type Sums = { csatAnswers: number; scoreSum: number; satisfied: number; npsAnswers: number; promoters: number; detractors: number };
  const zero = (): Sums => ({ csatAnswers: 0, scoreSum: 0, satisfied: 0, npsAnswers: 0, promoters: 0, detractors: 0 });
  const sums = new Map<string, Sums>();
  const at = (d: string) => sums.get(d) ?? sums.set(d, zero()).get(d)!;
  for (const r of rowsOf(csat)) Object.assign(at(r.day as string), { csatAnswers: int(r.answers), scoreSum: int(r.score_sum), satisfied: int(r.satisfied) });
  for (const r of rowsOf(nps)) Object.assign(at(r.day as string), { npsAnswers: int(r.answers), promoters: int(r.promoters), detractors: int(r.detractors) });
  const total = zero();
  for (const s of sums.values()) for (const k of Object.keys(total) as Array<keyof Sums>) total[k] += s[k];
  // Ratios of the summed counts, never averages of daily averages.
  const figures = (s: Sums): ScopedSurveyFigures => ({
    csat: {
      answers: s.csatAnswers,
      average: s.csatAnswers ? round2(s.scoreSum / s.csatAnswers) : null,
      satisfiedPercent: s.csatAnswers ? round2((100 * s.satisfied) / s.csatAnswers) : null,
    },
    nps: { answers: s.npsAnswers, nps: s.npsAnswers ? round2((100 * (s.promoters - s.detractors)) / s.npsAnswers) : null },
  });
  return { total: figures(total), byDay: new Map([...sums].map(([d, s]) => [d, figures(s)])) };
}
