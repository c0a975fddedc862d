import type { Db, Tx } from '../../db/client.js';
import type { CaseOrigin, CasePriority, ServiceLevel } from '../../db/schema/index.js';
import { assertAgent } from '../customers/agents.js';
import { resolveCaseCustomer } from '../customers/case-customer.js';
import type { CaseDraft, CaseRow } from './case-lifecycle.js';
import { assertActive, lockCase, recordCaseEvent, writeCase, type CaseEvents } from './case-store.js';
import type { Actor } from '../audit/actor.js';
import { resolveCaseProduct } from '../products/product-refs.js';

/** The case properties PATCH may change. Status, queue, first response and `fields` have their own commands. */
export interface CasePatch {
  title?: string;
  description?: string | null;
  accountId?: string | null;
  contactId?: string | null;
  priority?: CasePriority;
  serviceLevel?: ServiceLevel;
  origin?: CaseOrigin;
  /** A product name (older clients); productId wins. */
  product?: string | null;
  productId?: string | null;
  ownerId?: string | null;
  entitlementId?: string | null;
}

const simple = ['title', 'description', 'priority', 'serviceLevel', 'origin', 'ownerId', 'entitlementId'] as const;

/**
 * Applies a patch to an active case. Changing the customer re-derives the service level from the new
 * customer unless the patch sets one. A patch that changes nothing writes nothing (same version). Otherwise
 * the version goes up, a `fields_updated` event records each change and `onUpdated` lets the SLA listener
 * re-evaluate which items apply (spec §2.9).
 */
export async function updateCase(
  db: Db,
  events: CaseEvents,
  id: string,
  patch: CasePatch,
  expectedVersion: number | undefined,
  now: Date,
  actor: Actor,
): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, id, expectedVersion);
    assertActive(before);
    const next: Partial<CaseDraft> = {};
    for (const key of simple) if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    const product = await resolveCaseProduct(tx, { productId: patch.productId, product: patch.product }, now);
    if (product) Object.assign(next, product);
    if (patch.ownerId && patch.ownerId !== before.ownerId) await assertAgent(tx, patch.ownerId, 'body.ownerId');
    if (patch.accountId !== undefined || patch.contactId !== undefined) {
      const customer = await resolveCaseCustomer(tx, {
        accountId: patch.accountId !== undefined ? patch.accountId : before.accountId,
        contactId: patch.contactId !== undefined ? patch.contactId : before.contactId,
        accountExplicit: patch.accountId !== undefined,
      });
      next.accountId = customer.accountId;
      next.contactId = customer.contactId;
      if (patch.serviceLevel === undefined && (customer.accountId !== before.accountId || customer.contactId !== before.contactId)) {
        next.serviceLevel = customer.tier;
      }
    }
    const changed = (Object.keys(next) as Array<keyof CaseRow>).filter((k) => next[k as keyof CaseDraft] !== before[k]);
    if (!changed.length) return before;
    const set = Object.fromEntries(changed.map((k) => [k, next[k as keyof CaseDraft]])) as Partial<CaseDraft>;
    const after = await writeCase(tx, before, set, now);
    const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }]));
    await recordCaseEvent(tx, { caseId: id, kind: 'fields_updated', summary: `Updated ${changed.join(', ')}`, data: { changes }, occurredAt: now, actor }, now);
    await events.emit('onUpdated', tx, before, after, changed, now, actor);
    return after;
  });
}

/** A free-form case field's value (`fields.<name>` in conditions). */
export type CaseFieldValue = string | number | boolean | null;

/**
 * Sets one free-form field on a case locked by the caller, through the same write path as PATCH: the
 * version goes up, a `fields_updated` event records the change (as `fields.<name>`) and `onUpdated` (with
 * `changed` = [`fields.<name>`]) lets the SLA listener re-evaluate at once. Setting the value it already
 * has writes nothing (`changed: false`). Not part of PATCH (`fields` is read-only there): SLA
 * `set_case_field` actions call it.
 */
export async function setCaseField(
  tx: Tx,
  events: CaseEvents,
  before: CaseRow,
  field: string,
  value: CaseFieldValue,
  now: Date,
  actor: Actor,
): Promise<{ case: CaseRow; changed: boolean }> {
  const fields = before.fields ?? {};
  if (Object.hasOwn(fields, field) && fields[field] === value) return { case: before, changed: false };
  const name = `fields.${field}`;
  const after = await writeCase(tx, before, { fields: { ...fields, [field]: value } }, now);
  const changes = { [name]: { from: fields[field] ?? null, to: value } };
  await recordCaseEvent(tx, { caseId: before.id, kind: 'fields_updated', summary: `Updated ${name}`, data: { changes }, occurredAt: now, actor }, now);
  await events.emit('onUpdated', tx, before, after, [name], now, actor);
  return { case: after, changed: true };
}
