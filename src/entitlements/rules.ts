/**
 * # Entitlements: what support each customer is owed
 *
 * An entitlement promises a customer (an account, or one contact) a number of support **cases** or support
 * **hours** between two dates, optionally split per channel, optionally for some products only, optionally
 * with its own SLA. The rules below are what the service enforces; they are written for a support manager.
 *
 * ## Dates and status
 * - `startDate` and `endDate` are calendar dates in **UTC** and both are **inclusive**: an entitlement from
 *   2025-01-01 to 2025-06-30 covers cases created from 2025-01-01T00:00:00Z up to 2025-06-30T23:59:59.999Z.
 * - A new entitlement is a **draft**: it covers nothing until an admin **activates** it. Once activated its
 *   status follows the clock: **waiting** before `startDate`, **active** from `startDate` to `endDate`,
 *   **expired** after `endDate` (extending `endDate` makes it active again). An admin may **cancel** it at
 *   any time; a cancelled entitlement never covers new cases again. Status is computed when it is read or
 *   used, never by a background job, so it is always exact.
 *
 * ## Terms
 * - Cases-based: `totalTerms` cases. Hours-based: `totalTerms` hours, kept internally in whole minutes, so
 *   30 minutes are exactly 0.5 h and three 15-minute calls are exactly 0.75 h.
 * - **Remaining = total − used**; never below 0: anything used beyond the total is shown as **overage**.
 * - Channel terms (phone, email, web, facebook, twitter, iot): a case from a listed channel draws from that
 *   channel's terms **and** from the total. When an entitlement lists channels it covers **only** those
 *   channels ("10 hours of phone support" does not cover an email case); with no channels it covers all.
 * - Products: when listed, the entitlement covers only cases for one of those products (compared without
 *   regard to case or surrounding spaces); with none it covers every case.
 *
 * ## Which entitlement a new case gets
 * 1. The entitlement named in the request (`entitlementId`). It must be the customer's (the case's contact's
 *    own, or its account's), active, and cover the case's channel and product; otherwise the case is refused
 *    with 422 and a code saying why (`ENTITLEMENT_NOT_CUSTOMERS`, `ENTITLEMENT_NOT_ACTIVE`,
 *    `ENTITLEMENT_CHANNEL_NOT_COVERED`, `ENTITLEMENT_PRODUCT_NOT_COVERED`, `ENTITLEMENT_UNKNOWN`).
 * 2. Otherwise, among the active entitlements of the contact and of the account that cover the case's channel
 *    and product, the first by: has terms left (for the case's channel and in total) → lets the case be
 *    created (terms left or does not restrict creation) → the contact's own before the account's → the
 *    customer's default before the others → product-specific before generic → channel-specific before
 *    generic → ending soonest (use up terms that expire first) → oldest.
 *    So the default entitlement is used whenever it can serve the case; a customer is never refused while
 *    another of their entitlements could serve it.
 * 3. None: the case has no entitlement (and gets the default SLA).
 * The choice is stored on the case (`entitlementId`; `entitlementExhausted` when it had no terms left). If the
 * chosen entitlement names an SLA, the case gets that SLA instead of the default one (spec §2.3).
 *
 * ## When terms are used up
 * - If the chosen entitlement **restricts case creation**, the case is refused: 422 `ENTITLEMENT_EXHAUSTED`,
 *   naming the entitlement (and the channel, when the channel's terms are the ones used up).
 * - Otherwise the case is created, flagged `entitlementExhausted: true`, and what it uses counts as overage.
 * - "Used up" means nothing left: 0 cases, or 0 minutes. An hours-based entitlement with 15 minutes left
 *   accepts a new case; whatever that case takes beyond the 15 minutes is overage.
 * - Concurrent case creation is serialised on the entitlement rows (`SELECT ... FOR UPDATE`), so the last
 *   remaining case term goes to exactly one case.
 *
 * ## When terms are used, and given back (exactly once per case)
 * - Cases-based, "decrease on case creation" (the default for cases): one case is used when the case is
 *   created. Cancelling the case gives it back. Resolving or reopening changes nothing. Reopening a cancelled
 *   case uses it again (never refused: the case already exists).
 * - Cases-based, "decrease on resolution": one case is used when the case is resolved. Reopening gives it
 *   back; the next resolution uses it again. Cancelling gives back anything still used.
 * - Hours-based (always on resolution; "decrease on creation" is refused for hours because the time is not
 *   known yet): at resolution the case uses its **billable time**: the sum of `durationMinutes` of its
 *   completed, billable activities (the resolution activity itself excluded). Reopening gives the hours
 *   back; the next resolution uses the then-current billable time. Cancelling gives back anything used.
 * - Every use is a row in the usage ledger, unique per (entitlement, case, kind) while not given back:
 *   a retried or duplicated resolution never uses terms twice. Give-backs are recorded, not deleted.
 * - Terms are used against the case's entitlement even if the entitlement expired or was cancelled since
 *   the case was created: the case was opened under it. Resolution is never refused for lack of terms.
 *
 * ## Changing a case's entitlement or customer (PATCH on an open case)
 * - Setting `entitlementId` moves the case to that entitlement, checked like an explicit one at creation
 *   (the customer's, active now, covering the case's channel and product; a used-up restricting one is
 *   422 `ENTITLEMENT_EXHAUSTED`). `null` removes it. What the case held on the previous entitlement is
 *   given back and, for a cases-based "decrease on creation" entitlement, one case is used on the new one.
 * - Changing the customer keeps the entitlement if it is the new customer's too; otherwise the entitlement
 *   is chosen again as for a new case (and terms move the same way).
 * - Changing channel or product afterwards does not change the entitlement: the case was opened under it.
 * - The case's SLA is chosen at creation and is not changed by a later change of entitlement.
 */
import type { CaseOrigin } from '../../db/schema/cases.js';
import type { EntitlementAllocationType, EntitlementDecreaseOn, EntitlementState } from '../../db/schema/entitlements.js';

export const entitlementStatuses = ['draft', 'waiting', 'active', 'expired', 'cancelled'] as const;
export type EntitlementStatus = (typeof entitlementStatuses)[number];

/** The UTC calendar date (YYYY-MM-DD) of an instant. */
export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

/** Status at `now`: stored lifecycle (draft/activated/cancelled) plus the UTC dates, end date inclusive. */
export function entitlementStatus(e: { state: EntitlementState; startDate: string; endDate: string }, now: Date): EntitlementStatus {
  if (e.state === 'cancelled') return 'cancelled';
  if (e.state === 'draft') return 'draft';
  const today = utcDate(now);
  if (today < e.startDate) return 'waiting';
  if (today > e.endDate) return 'expired';
  return 'active';
}

/** First instant covered, and first instant no longer covered (end date inclusive). */
export function coverageWindow(e: { startDate: string; endDate: string }): { from: Date; until: Date } {
  const until = new Date(`${e.endDate}T00:00:00.000Z`);
  until.setUTCDate(until.getUTCDate() + 1);
  return { from: new Date(`${e.startDate}T00:00:00.000Z`), until };
}

/** Hours-based terms are kept in minutes; cases-based in cases. */
export function termsToUnits(allocationType: EntitlementAllocationType, terms: number): number | undefined {
  if (!Number.isFinite(terms)) return undefined;
  if (allocationType === 'cases') return Number.isInteger(terms) ? terms : undefined;
  const minutes = Math.round(terms * 60);
  return Math.abs(minutes - terms * 60) < 1e-6 ? minutes : undefined;
}

export function unitsToTerms(allocationType: EntitlementAllocationType, units: number): number {
  return allocationType === 'cases' ? units : units / 60;
}

export function defaultDecreaseOn(allocationType: EntitlementAllocationType): EntitlementDecreaseOn {
  return allocationType === 'cases' ? 'create' : 'resolve';
}

export function formatTerms(allocationType: EntitlementAllocationType, units: number): string {
  if (allocationType === 'cases') return `${units} ${units === 1 ? 'case' : 'cases'}`;
  const hours = units / 60;
  return `${Number.isInteger(hours) ? hours : Number(hours.toFixed(2))} h`;
}

export const normaliseProduct = (p: string) => p.trim().toLowerCase();

/** What the selection needs to know about one candidate entitlement. */
export interface Candidate {
  id: string;
  level: 'contact' | 'account';
  isDefault: boolean;
  products: string[];
  /** Channels that have their own terms; empty means all channels, drawing from the total. */
  channels: CaseOrigin[];
  restrictCaseCreation: boolean;
  endDate: string;
  createdAt: Date;
  totalRemaining: number;
  /** Remaining terms of the case's channel, when the entitlement has terms for it. */
  channelRemaining: number | undefined;
}

export type CoverageProblem = 'channel' | 'product';

/** Why an entitlement cannot serve a case from `origin` for `product` (ids of the catalogue since 0010), or undefined when it can. */
export function coverageProblem(c: { products: string[]; channels: CaseOrigin[] }, origin: CaseOrigin, product: string | null | undefined): CoverageProblem | undefined {
  if (c.channels.length > 0 && !c.channels.includes(origin)) return 'channel';
  if (c.products.length > 0) {
    if (!product) return 'product';
    const wanted = normaliseProduct(product);
    if (!c.products.some((p) => normaliseProduct(p) === wanted)) return 'product';
  }
  return undefined;
}

export const hasTermsLeft = (c: Pick<Candidate, 'totalRemaining' | 'channelRemaining'>) =>
  c.totalRemaining > 0 && (c.channelRemaining === undefined || c.channelRemaining > 0);

/** Orders covering candidates as documented above; the first is chosen. Pure and deterministic. */
export function rankCandidates(candidates: Candidate[]): Candidate[] {
  const key = (c: Candidate): Array<number | string> => [
    hasTermsLeft(c) ? 0 : 1,
    hasTermsLeft(c) || !c.restrictCaseCreation ? 0 : 1,
    c.level === 'contact' ? 0 : 1,
    c.isDefault ? 0 : 1,
    c.products.length > 0 ? 0 : 1,
    c.channels.length > 0 ? 0 : 1,
    c.endDate,
    c.createdAt.toISOString(),
    c.id,
  ];
  return [...candidates].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] < kb[i]) return -1;
      if (ka[i] > kb[i]) return 1;
    }
    return 0;
  });
}
