import { Type, type Static } from '@sinclair/typebox';
import { activeCaseStatuses } from '../../../db/schema/index.js';
import { FUTURE_TOLERANCE_MS } from '../../cases/case-store.js';
import { MAX_IMPORT_CASES, type ImportCaseItem } from '../../cases/import-cases.js';
import { AppError } from '../../errors.js';
import { parseInstant } from '../instants.js';
import { CaseCreate } from './cases.js';
import { Nullable, StringEnum, Uuid } from './common.js';

/** Checked by parseImportRequest (offset, past, order), so every instant problem names its field the same way. */
const Instant = Type.String({ minLength: 1, maxLength: 64, description: 'An instant WITH an offset, in the past, e.g. 2026-11-30T09:15:00+01:00' });

const ImportedCase = Type.Object(
  {
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The id in the old helpdesk: echoed in the result, and a second import of it is refused' })),
    openedAt: Instant,
    ...CaseCreate.properties,
    statusHistory: Type.Optional(
      Type.Array(Type.Object({ status: StringEnum(activeCaseStatuses), at: Instant }, { additionalProperties: false }), {
        maxItems: 500,
        description: 'Active statuses the case went through since it opened (in_progress), in time order; each at or after openedAt',
      }),
    ),
    firstResponseAt: Type.Optional(Instant),
    resolved: Type.Optional(Type.Object({ at: Instant, resolution: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const CaseImportRequest = Type.Object(
  {
    cases: Type.Array(ImportedCase, { minItems: 1, maxItems: MAX_IMPORT_CASES }),
    fireOverdueActions: Type.Optional(
      Type.Boolean({ default: false, description: 'Run the SLA actions that came due before the import (default: record them as due before import)' }),
    ),
  },
  { additionalProperties: false },
);

const ImportResult = Type.Object({
  index: Type.Integer({ description: 'Position of the case in the request' }),
  externalId: Nullable(Type.String()),
  status: StringEnum(['created', 'failed'] as const),
  caseId: Type.Optional(Uuid),
  number: Type.Optional(Type.String()),
  problem: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});

export const CaseImportResponse = Type.Object({
  created: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(ImportResult),
});

interface FieldProblem {
  field: string;
  message: string;
  code: string;
}

/**
 * The request's cases with their instants parsed and checked: each with an offset, none in the future
 * (a minute of clock skew is tolerated and recorded as now), the history in order and not before the
 * opening, the resolution after everything else. Any problem refuses the whole request (400) before
 * anything is written, listing every problem with its field (`body.cases[3].openedAt`).
 */
export function parseImportRequest(body: Static<typeof CaseImportRequest>, now: Date): ImportCaseItem[] {
  const problems: FieldProblem[] = [];
  type Bound = { at: Date | null; what: string; hint?: string };
  const instant = (value: string, field: string, notBefore?: Bound): Date | null => {
    let at: Date;
    try {
      at = parseInstant(value, field, now);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push({ field, message: err.message, code: err.code });
      return null;
    }
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      problems.push({ field, message: `${field} is in the future (now is ${now.toISOString()}): imported cases bring what already happened`, code: 'VALIDATION_FAILED' });
      return null;
    }
    if (notBefore?.at && at < notBefore.at) {
      problems.push({ field, message: `${field} is before ${notBefore.what} (${notBefore.at.toISOString()})${notBefore.hint ?? ''}`, code: 'VALIDATION_FAILED' });
      return null;
    }
    return at > now ? now : at;
  };
  const seen = new Map<string, number>();
  const items = body.cases.map((c, i): ImportCaseItem => {
    const p = `body.cases[${i}]`;
    if (c.externalId !== undefined) {
      const first = seen.get(c.externalId);
      if (first !== undefined) problems.push({ field: `${p}.externalId`, message: `${p}.externalId is also the externalId of body.cases[${first}]`, code: 'VALIDATION_FAILED' });
      else seen.set(c.externalId, i);
    }
    const openedAt = instant(c.openedAt, `${p}.openedAt`);
    const opening: Bound = { at: openedAt, what: `${p}.openedAt` };
    let latest = opening; // the latest instant so far: the history runs forward, the resolution ends it
    const statusHistory = (c.statusHistory ?? []).map((h, j) => {
      const field = `${p}.statusHistory[${j}].at`;
      const at = instant(h.at, field, latest);
      if (at) latest = { at, what: field, hint: ': list the history in time order' };
      return { status: h.status, at: at ?? new Date(0) };
    });
    const firstResponseAt = c.firstResponseAt === undefined ? null : instant(c.firstResponseAt, `${p}.firstResponseAt`, opening);
    if (firstResponseAt && latest.at && firstResponseAt > latest.at) latest = { at: firstResponseAt, what: `${p}.firstResponseAt` };
    let resolved: ImportCaseItem['resolved'] = null;
    if (c.resolved) {
      const at = instant(c.resolved.at, `${p}.resolved.at`, { ...latest, hint: ': a case is resolved after everything else in its history' });
      resolved = { at: at ?? new Date(0), resolution: c.resolved.resolution };
    }
    const { openedAt: _o, statusHistory: _s, firstResponseAt: _f, resolved: _r, ...fields } = c;
    return { ...fields, openedAt: openedAt ?? new Date(0), statusHistory, firstResponseAt, resolved };
  });
  if (problems.length) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: see errors)` : '';
    throw new AppError(first.code, 400, `${first.message}${more}`, { field: first.field, errors: problems.map(({ field, message }) => ({ field, message })) });
  }
  return items;
}
