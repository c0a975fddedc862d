/**
 * Who hears about case changes, in order: entitlements first (they may choose the case's SLA), then the
 * SLA clocks, then business processes (which may start stage clocks), then the CSAT surveys (issued on resolution), then webhooks (case events, after the clocks
 * recorded their starts). One list for every process that changes cases: the API (requests) and the
 * worker (SLA actions that move a case or set a field), so both re-evaluate the clocks the same way.
 */
import type { CaseLifecycleListener } from '../cases/case-lifecycle.js';
import { createEntitlementListener } from '../entitlements/entitlement-listener.js';
import { createSlaClockListener, type CommandDelivery } from '../sla/sla-clock-listener.js';
import { createProcessListener } from '../processes/process-listener.js';
import { createCsatSurveyListener } from '../surveys/csat-listener.js';
import type { SurveyIssueOptions } from '../surveys/issue-survey.js';
import { createCaseWebhookListener, type WebhookWaker } from '../webhooks/case-webhook-listener.js';

/**
 * `delivery` is woken after each commit (the background dispatcher); null leaves the commands to its sweep.
 * `surveys` (the configuration's survey settings) turns on CSAT surveys; null: none are issued.
 * `webhooks` starts the webhook deliveries a change queued (null: the API's sweep does).
 */
export function caseListeners(delivery: CommandDelivery | null, surveys: SurveyIssueOptions | null = null, webhooks: WebhookWaker | null = null): CaseLifecycleListener[] {
  return [
    createEntitlementListener(),
    createSlaClockListener(delivery),
    createProcessListener(),
    ...(surveys ? [createCsatSurveyListener(surveys)] : []),
    createCaseWebhookListener(webhooks),
  ];
}
