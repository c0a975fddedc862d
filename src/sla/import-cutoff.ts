/**
 * The rule for clocks of cases imported from another helpdesk (POST /v1/cases/import): an action whose
 * phase came due before the import is recorded with this note and not run, unless the import asked for
 * overdue actions (then the start carries no `importedAt` and everything due fires at once, as after a
 * late start). Pure: used by the KPI workflow.
 */
export const DUE_BEFORE_IMPORT = 'due before import';

/**
 * True when a phase due at `dueMs` (the warning or failure instant, or the success instant) came before
 * the import instant `importedAt` (ISO). Not an imported clock, or no instant known: false.
 */
export function dueBeforeImport(importedAt: string | null | undefined, dueMs: number | null): boolean {
  if (!importedAt || dueMs === null) return false;
  const cutoff = Date.parse(importedAt);
  return Number.isFinite(cutoff) && dueMs < cutoff;
}
