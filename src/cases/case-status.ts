/**
 * The case status state machine.
 *
 * Active statuses: in_progress, on_hold, waiting_for_details, researching. Closed: resolved, cancelled.
 *
 * | from                | to                        | through                          |
 * |---------------------|---------------------------|----------------------------------|
 * | any active          | any *other* active status | POST /v1/cases/{id}/status       |
 * | any active          | resolved                  | POST /v1/cases/{id}/resolve      |
 * | any active          | cancelled                 | POST /v1/cases/{id}/cancel       |
 * | resolved, cancelled | in_progress               | POST /v1/cases/{id}/reopen       |
 *
 * Everything else (including "to the status it already has") is 409 ILLEGAL_STATUS_TRANSITION whose
 * `allowed` lists the statuses reachable from the current one and `transitions` says through which endpoint.
 * New cases start in_progress. Which statuses pause SLA clocks is the SLA's business, not this module's.
 */
import { activeCaseStatuses, type CaseStatus } from '../../db/schema/index.js';
import { conflict } from '../errors.js';

export type CaseCommand = 'status' | 'resolve' | 'cancel' | 'reopen';

const endpoint: Record<CaseCommand, string> = {
  status: 'POST /v1/cases/{id}/status',
  resolve: 'POST /v1/cases/{id}/resolve',
  cancel: 'POST /v1/cases/{id}/cancel',
  reopen: 'POST /v1/cases/{id}/reopen',
};

export function isActive(status: CaseStatus): boolean {
  return (activeCaseStatuses as readonly string[]).includes(status);
}

export interface Transition {
  status: CaseStatus;
  via: string;
}

/** Every status reachable from `from`, with the endpoint that gets there. */
export function transitionsFrom(from: CaseStatus): Transition[] {
  if (!isActive(from)) return [{ status: 'in_progress', via: endpoint.reopen }];
  return [
    ...activeCaseStatuses.filter((s) => s !== from).map((status) => ({ status, via: endpoint.status })),
    { status: 'resolved', via: endpoint.resolve },
    { status: 'cancelled', via: endpoint.cancel },
  ];
}

/** Throws 409 ILLEGAL_STATUS_TRANSITION unless `command` may move a case from `from` to `to`. */
export function assertTransition(from: CaseStatus, to: CaseStatus, command: CaseCommand): void {
  const transitions = transitionsFrom(from);
  if (transitions.some((t) => t.status === to && t.via === endpoint[command])) return;
  const allowed = transitions.map((t) => t.status);
  throw conflict(
    'ILLEGAL_STATUS_TRANSITION',
    `A case cannot go from ${from} to ${to} through ${endpoint[command]}. From ${from} it can go to: ${transitions.map((t) => `${t.status} (${t.via})`).join(', ')}.`,
    { from, to, allowed, transitions },
  );
}
