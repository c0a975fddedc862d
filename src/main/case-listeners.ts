/**
 * Who hears about case changes, in order: entitlements first (they may choose the case's SLA), then the
 * SLA clocks. One list for every process that changes cases: the API (requests) and the worker (SLA
 * actions that move a case or set a field), so both re-evaluate the clocks the same way.
 */
import type { CaseLifecycleListener } from '../cases/case-lifecycle.js';
import { createEntitlementListener } from '../entitlements/entitlement-listener.js';
import { createSlaClockListener, type CommandDelivery } from '../sla/sla-clock-listener.js';

/** `delivery` is woken after each commit (the background dispatcher); null leaves the commands to its sweep. */
export function caseListeners(delivery: CommandDelivery | null): CaseLifecycleListener[] {
  return [createEntitlementListener(), createSlaClockListener(delivery)];
}
