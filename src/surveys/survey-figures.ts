/**
 * Survey figures for a date range, optionally grouped, computed in SQL (one aggregate query each; no
 * survey row is loaded into Node). The reports (service KPIs, goals) call these; the range is half-open,
 * [from, to), and the exact definitions are in the README ("Surveys").
 *
 * - CSAT: `answers` = CSAT answers given in the range; `average` = their mean score (1-5); `satisfied` =
 *   answers of 4 or 5, `satisfiedPercent` = satisfied / answers × 100; `issued` = CSAT surveys issued in the
 *   range, `answeredOfIssued` = those of them answered (at any time so far), `responseRate` =
 *   answeredOfIssued / issued × 100.
 * - NPS: over NPS answers given in the range: promoters 9-10, passives 7-8, detractors 0-6;
 *   `nps` = (promoters − detractors) / answers × 100, from -100 to 100.
 * - Engagement: `score` = mean of the 0-10 answers given in the range; `null` (and `anonymous: true`)
 *   for a group of fewer than 5 answers, so a small team's answers cannot be told apart.
 *
 * Counts and sums come from SQL; percentages and means are their exact ratios rounded half away from zero
 * to 2 decimals (never sums of rounded parts); a figure over zero answers is null. Time groups are the start of the local day, ISO week (Monday) or
 * month in `timeZone` (default UTC), as `YYYY-MM-DD`; other groups are the id or value (null: none).
 */
import { sql, type SQL } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import type { DbOrTx } from '../../db/client.js';
import { invalidField } from '../errors.js';

export const csatGroupings = ['day', 'week', 'month', 'queue', 'owner', 'priority', 'service_level', 'origin', 'product', 'account', 'contact'] as const;
export const npsGroupings = ['day', 'week', 'month', 'account', 'contact'] as const;
export const engagementGroupings = ['day', 'week', 'month', 'round'] as const;
export type CsatGrouping = (typeof csatGroupings)[number];
export type NpsGrouping = (typeof npsGroupings)[number];
export type EngagementGrouping = (typeof engagementGroupings)[number];

export interface FigureQuery<G extends string> {
  from: Date;
  to: Date;
  groupBy?: G;
  /** IANA zone of the day/week/month groups; default UTC. */
  timeZone?: string;
}

export interface CsatFigures {
  group: string | null;
  answers: number;
  average: number | null;
  satisfied: number;
  satisfiedPercent: number | null;
  issued: number;
  answeredOfIssued: number;
  responseRate: number | null;
}

export interface NpsFigures {
  group: string | null;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  promoterPercent: number | null;
  detractorPercent: number | null;
  nps: number | null;
}

export interface EngagementFigures {
  group: string | null;
  answers: number;
  /** Null below ENGAGEMENT_MIN_ANSWERS answers. */
  score: number | null;
  anonymous: boolean;
}

/** Fewer answers than this in a group: the engagement score is withheld. */
export const ENGAGEMENT_MIN_ANSWERS = 5;

const TIME_UNITS = { day: 'day', week: 'week', month: 'month' } as const;

function timeKey(column: SQL, unit: 'day' | 'week' | 'month', zone: string): SQL {
  return sql`to_char(date_trunc(${sql.raw(`'${TIME_UNITS[unit]}'`)}, ${column} at time zone ${zone}), 'YYYY-MM-DD')`;
}

function checkQuery<G extends string>(q: FigureQuery<G>, allowed: readonly string[]): string {
  if (q.groupBy !== undefined && !allowed.includes(q.groupBy)) throw invalidField('groupBy', `must be one of ${allowed.join(', ')} for survey figures; got "${q.groupBy}"`);
  const zone = q.timeZone ?? 'UTC';
  if (!IANAZone.isValidZone(zone)) throw invalidField('timeZone', `must be an IANA time zone such as Europe/Paris; got "${zone}"`);
  if (!(q.from.getTime() < q.to.getTime())) throw invalidField('from', 'must be before to');
  return zone;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown): number => Number(v ?? 0);
const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
const iso = (d: Date) => d.toISOString();

/** The case column a CSAT grouping reads (surveys and answers both carry case_id; `c` is the joined case). */
function csatKey(groupBy: CsatGrouping | undefined, table: 's' | 'r', at: SQL, zone: string): SQL {
  switch (groupBy) {
    case undefined:
      return sql`null::text`;
    case 'day':
    case 'week':
    case 'month':
      return timeKey(at, groupBy, zone);
    case 'account':
      return sql.raw(`${table}.account_id::text`);
    case 'contact':
      return sql.raw(`${table}.contact_id::text`);
    case 'queue':
      return sql`c.queue_id::text`;
    case 'owner':
      return sql`c.owner_id::text`;
    case 'priority':
      return sql`c.priority`;
    case 'service_level':
      return sql`c.service_level`;
    case 'origin':
      return sql`c.origin`;
    case 'product':
      return sql`c.product`;
  }
}

export async function csatFigures(db: DbOrTx, q: FigureQuery<CsatGrouping>): Promise<CsatFigures[]> {
  const zone = checkQuery(q, csatGroupings);
  const result = await db.execute(sql`
    select grp, sum(answers)::int as answers, sum(score_sum)::int as score_sum, sum(satisfied)::int as satisfied,
           sum(issued)::int as issued, sum(answered_of_issued)::int as answered_of_issued
      from (
        select ${csatKey(q.groupBy, 'r', sql`r.answered_at`, zone)} as grp, count(*) as answers, sum(r.score) as score_sum,
               count(*) filter (where r.score >= 4) as satisfied, 0 as issued, 0 as answered_of_issued
          from survey_responses r left join cases c on c.id = r.case_id
         where r.kind = 'csat' and r.answered_at >= ${iso(q.from)}::timestamptz and r.answered_at < ${iso(q.to)}::timestamptz
         group by 1
        union all
        select ${csatKey(q.groupBy, 's', sql`s.issued_at`, zone)}, 0, 0, 0, count(*), count(*) filter (where s.answered)
          from surveys s left join cases c on c.id = s.case_id
         where s.kind = 'csat' and s.issued_at >= ${iso(q.from)}::timestamptz and s.issued_at < ${iso(q.to)}::timestamptz
         group by 1
      ) parts
     group by grp
     order by grp nulls last`);
  return rowsOf(result).map((r) => {
    const answers = int(r.answers);
    const issued = int(r.issued);
    return {
      group: (r.grp as string | null) ?? null,
      answers,
      average: answers ? round2(int(r.score_sum) / answers) : null,
      satisfied: int(r.satisfied),
      satisfiedPercent: answers ? round2((100 * int(r.satisfied)) / answers) : null,
      issued,
      answeredOfIssued: int(r.answered_of_issued),
      responseRate: issued ? round2((100 * int(r.answered_of_issued)) / issued) : null,
    };
  });
}

export async function npsFigures(db: DbOrTx, q: FigureQuery<NpsGrouping>): Promise<NpsFigures[]> {
  const zone = checkQuery(q, npsGroupings);
  const key =
    q.groupBy === undefined ? sql`null::text`
    : q.groupBy === 'account' ? sql`r.account_id::text`
    : q.groupBy === 'contact' ? sql`r.contact_id::text`
    : timeKey(sql`r.answered_at`, q.groupBy, zone);
  const result = await db.execute(sql`
    select ${key} as grp, count(*)::int as answers,
           count(*) filter (where r.score >= 9)::int as promoters,
           count(*) filter (where r.score between 7 and 8)::int as passives,
           count(*) filter (where r.score <= 6)::int as detractors
      from survey_responses r
     where r.kind = 'nps' and r.answered_at >= ${iso(q.from)}::timestamptz and r.answered_at < ${iso(q.to)}::timestamptz
     group by 1
     order by 1 nulls last`);
  return rowsOf(result).map((r) => {
    const answers = int(r.answers);
    const promoters = int(r.promoters);
    const detractors = int(r.detractors);
    return {
      group: (r.grp as string | null) ?? null,
      answers,
      promoters,
      passives: int(r.passives),
      detractors,
      promoterPercent: answers ? round2((100 * promoters) / answers) : null,
      detractorPercent: answers ? round2((100 * detractors) / answers) : null,
      nps: answers ? round2((100 * (promoters - detractors)) / answers) : null,
    };
  });
}

export async function engagementFigures(db: DbOrTx, q: FigureQuery<EngagementGrouping>): Promise<EngagementFigures[]> {
  const zone = checkQuery(q, engagementGroupings);
  const key = q.groupBy === undefined ? sql`null::text` : q.groupBy === 'round' ? sql`r.round_id::text` : timeKey(sql`r.answered_at`, q.groupBy, zone);
  // The mean is computed only for groups at the threshold: a withheld score never leaves the database.
  const result = await db.execute(sql`
    select ${key} as grp, count(*)::int as answers,
           case when count(*) >= ${ENGAGEMENT_MIN_ANSWERS} then sum(r.score)::int end as score_sum
      from survey_responses r
     where r.kind = 'engagement' and r.answered_at >= ${iso(q.from)}::timestamptz and r.answered_at < ${iso(q.to)}::timestamptz
     group by 1
     order by 1 nulls last`);
  return rowsOf(result).map((r) => {
    const answers = int(r.answers);
    const sum = num(r.score_sum);
    return { group: (r.grp as string | null) ?? null, answers, score: sum === null ? null : round2(sum / answers), anonymous: sum === null };
  });
}

/** Half away from zero to 2 decimals (-14.285 → -14.29), on the exact ratio of integer counts. */
export function round2(x: number): number {
  const r = (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;
  return r === 0 ? 0 : r;
}
