/**
 * Case changes as webhook events (case.created, case.updated, case.resolved), published in the
 * transaction of the change; after the commit the dispatcher is woken to start the deliveries.
 */
import type { Tx } from '../../db/client.js';
import type { CaseLifecycleListener, CaseRow } from '../cases/case-lifecycle.js';
import { publishWebhookEvent } from './webhook-outbox.js';

/** Told after commit that deliveries may be waiting (the WebhookDispatcher; never blocks). */
export interface WebhookWaker {
  wake(): void;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The case as webhook payloads show it. */
export function caseWebhookView(c: CaseRow) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    priority: c.priority,
    serviceLevel: c.serviceLevel,
    accountId: c.accountId,
    queueId: c.queueId,
    ownerId: c.ownerId,
    slaId: c.slaId,
    breached: c.breached,
    fields: c.fields ?? {},
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
  };
}

function publishCase(tx: Tx, type: string, what: string, c: CaseRow, at: Date, changed?: string[]) {
  return publishWebhookEvent(tx, {
    type,
    sourceKey: `case:${c.id}:v${c.version}:${what}`,
    caseId: c.id,
    occurredAt: at,
    data: { case: caseWebhookView(c), ...(changed ? { changed } : {}) },
  });
}

export function createCaseWebhookListener(waker: WebhookWaker | null): CaseLifecycleListener {
  return {
    name: 'webhooks',
    async onCreated(tx, c, at) {
      await publishCase(tx, 'case.created', 'created', c, at);
    },
    async onUpdated(tx, _before, after, changed, at) {
      await publishCase(tx, 'case.updated', 'updated', after, at, changed);
    },
    async onStatusChanged(tx, _before, after, at) {
      await publishCase(tx, 'case.updated', 'status', after, at, ['status']);
    },
    async onFirstResponse(tx, c, at) {
      await publishCase(tx, 'case.updated', 'first_response', c, at, ['firstResponseAt']);
    },
    async onCancelled(tx, _before, after, at) {
      await publishCase(tx, 'case.updated', 'cancelled', after, at, ['status']);
    },
    async onReopened(tx, _before, after, at) {
      await publishCase(tx, 'case.updated', 'reopened', after, at, ['status']);
    },
    async onResolved(tx, _before, after, at) {
      await publishCase(tx, 'case.resolved', 'resolved', after, at);
    },
    afterCommit() {
      waker?.wake();
    },
  };
}
