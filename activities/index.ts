/**
 * The SLA worker's activities, built over their dependencies. Workflow code imports only the
 * `SlaActivities` type. Every activity is idempotent (see each file): Temporal runs activities at
 * least once, the effects happen once.
 */
import type { Db } from '../db/client.js';
import { formatLabel } from '../src/calendar/instant-text.js';
import type { Mailer } from '../src/mail/mailer.js';
import type { CaseLifecycle } from '../src/cases/case-lifecycle.js';
import { createActionBatchActivities } from './action-batch.activities.js';
import { createActionActivities } from './actions.activities.js';
import { createDeadlineActivities } from './deadlines.activities.js';
import { createEmailActivities } from './email.activities.js';
import { createMirrorActivities } from './mirror.activities.js';
import { createPendingCommandActivities } from './pending-commands.activities.js';
import { createWebhookActivities, DEFAULT_WEBHOOK_DELIVERY_SETTINGS, type WebhookDeliverySettings } from './webhook.activities.js';

export interface SlaActivityDeps {
  db: Db;
  mailer: Mailer;
  /**
   * When effects happen (queue moves, case updates, action runs, `email_outbox.sent_at`). The SLA instant
   * an action belongs to comes from the workflow and is recorded beside it as `dueAt`.
   */
  clock?: () => Date;
  /**
   * The case lifecycle with the API's listeners (src/main/case-listeners.ts): escalations and field
   * updates change the case through it, so the SLA clocks re-evaluate in the same transaction.
   */
  caseLifecycle: Pick<CaseLifecycle, 'emit' | 'afterCommit'>;
  /** Webhook delivery (SSRF policy, admin email, timeout); default: private networks refused. */
  webhooks?: WebhookDeliverySettings;
  /** Woken after a transition published webhook deliveries (the WebhookDispatcher). */
  webhookWaker?: { wake(): void } | null;
}

export function createSlaActivities({ db, mailer, clock = () => new Date(), caseLifecycle, webhooks = DEFAULT_WEBHOOK_DELIVERY_SETTINGS, webhookWaker = null }: SlaActivityDeps) {
  const actions = createActionActivities({ db, clock, formatInstant: formatLabel, caseLifecycle });
  const email = createEmailActivities({ db, mailer, clock });
  return {
    ...createDeadlineActivities(),
    runAction: actions.runAction,
    ...email,
    ...createActionBatchActivities({ runAction: actions.runAction, runActionsTogether: actions.runActionsTogether, deliverEmail: email.deliverEmail }),
    ...createMirrorActivities({ db, webhookWaker }),
    ...createPendingCommandActivities({ db }),
    // Signed with real time: receivers compare `webhook-timestamp` with their own clock.
    ...createWebhookActivities({ db, clock: () => new Date(), settings: webhooks }),
  };
}

export type SlaActivities = ReturnType<typeof createSlaActivities>;
export { SLA_ACTION_CONFIG_ERROR } from './actions.activities.js';
export { createActionBatchActivities } from './action-batch.activities.js';
export type * from './types.js';
