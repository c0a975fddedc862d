/**
 * Every webhook event type, in one place: its name, when it is sent, and an example payload (the
 * README's catalogue and the API's `GET /v1/webhooks/event-types` are generated from this list).
 * SLA events come from the KPI timeline (`case_events` kind `sla.<transition>`); a transition kind
 * whose `sla.<kind>` is listed here is published, so a new transition only needs its line below.
 */
export interface WebhookEventType {
  type: string;
  description: string;
  example: Record<string, unknown>;
}

const caseExample = {
  id: '5b0c7a52-5f59-4d3e-9a36-1f1f1c0e6a10',
  number: 'CAS-000042',
  title: 'Printer on fire',
  status: 'in_progress',
  priority: 'high',
  serviceLevel: 'premium',
  accountId: '9e7f5c1e-2a43-4b8e-8f0e-5f3f0e9e2b11',
  queueId: null,
  ownerId: null,
  slaId: '0c9d7a0e-6a3b-4c55-9f64-8f0f2c1c7d22',
  breached: false,
  fields: {},
  createdAt: '2027-03-01T09:00:00.000Z',
  updatedAt: '2027-03-01T09:00:00.000Z',
  firstResponseAt: null,
  resolvedAt: null,
};

const slaExample = (state: string, extra: Record<string, unknown> = {}) => ({
  caseId: caseExample.id,
  caseNumber: caseExample.number,
  instanceId: '3f1e2d4c-8b7a-4c6d-9e0f-1a2b3c4d5e6f',
  kpi: 'first_response',
  state,
  at: '2027-03-01T10:30:00.000Z',
  warningAt: '2027-03-01T10:30:00.000Z',
  failureAt: '2027-03-01T11:00:00.000Z',
  pausedBusinessMinutes: 0,
  ...extra,
});

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  { type: 'case.created', description: 'A case was created (or imported).', example: { case: caseExample } },
  {
    type: 'case.updated',
    description: 'Fields or the status of a case changed (not its resolution: case.resolved).',
    example: { case: { ...caseExample, status: 'on_hold' }, changed: ['status'] },
  },
  { type: 'case.resolved', description: 'A case was resolved.', example: { case: { ...caseExample, status: 'resolved', resolvedAt: '2027-03-01T15:00:00.000Z' } } },
  { type: 'sla.started', description: 'A KPI clock started.', example: slaExample('in_progress', { at: '2027-03-01T09:00:00.000Z' }) },
  { type: 'sla.warning', description: 'A KPI clock reached its warning instant (nearing noncompliance).', example: slaExample('nearing_noncompliance') },
  { type: 'sla.breached', description: 'A KPI clock reached its failure instant: the promise is broken (Noncompliant).', example: slaExample('noncompliant', { at: '2027-03-01T11:00:00.000Z' }) },
  {
    type: 'sla.succeeded',
    description: 'A KPI was met; `late` is true when it was met after the breach.',
    example: slaExample('succeeded', { at: '2027-03-01T10:05:00.000Z', late: false }),
  },
  { type: 'sla.paused', description: 'A KPI clock paused (the case went on hold).', example: slaExample('paused', { warningAt: null, failureAt: null }) },
  { type: 'sla.resumed', description: 'A paused KPI clock runs again, with its moved deadlines.', example: slaExample('in_progress', { pausedBusinessMinutes: 45 }) },
  { type: 'sla.canceled', description: 'A KPI clock was canceled (case canceled, or re-evaluated to another SLA item).', example: slaExample('canceled') },
  {
    type: 'sla.pause_stale',
    description: 'A KPI clock has been paused longer than its SLA allows before alerting (once per pause).',
    example: slaExample('paused', { warningAt: null, failureAt: null, note: 'paused for more than 3 business days' }),
  },
];

export const webhookEventTypeNames = WEBHOOK_EVENT_TYPES.map((e) => e.type);

export function isWebhookEventType(type: string): boolean {
  return webhookEventTypeNames.includes(type);
}

/** Timeline kinds whose event type has another name; every other `sla.<kind>` is its own event type. */
const SLA_TIMELINE_ALIASES: Record<string, { type: string; late?: boolean }> = {
  'sla.failed': { type: 'sla.breached' },
  'sla.succeeded': { type: 'sla.succeeded', late: false },
  'sla.late_succeeded': { type: 'sla.succeeded', late: true },
};

/** The webhook event of an SLA timeline kind, or null for kinds no subscriber can hear (e.g. calendar_applied). */
export function slaEventTypeOf(timelineKind: string): { type: string; late?: boolean } | null {
  const alias = SLA_TIMELINE_ALIASES[timelineKind];
  if (alias) return alias;
  return isWebhookEventType(timelineKind) && timelineKind.startsWith('sla.') ? { type: timelineKind } : null;
}
