/**
 * The reference three-tier SLA of spec §4 on a Monday-Friday 08:00-17:00 Europe/Paris calendar, with
 * seed data (agents, customer, queues, SLA rows) and helpers to build KPI workflow inputs and to name
 * business instants by weekday and wall-clock time ("Tue 10:30" of a test week).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { accounts, agents, cases, contacts, queueItems, queues, slaItems, slas } from '../../db/schema/index.js';
import type { SlaActionDefinition } from '../../db/schema/slas.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';

export const ZONE = 'Europe/Paris';
export const MON = 0;
export const TUE = 1;
export const WED = 2;
export const THU = 3;
export const FRI = 4;
export const NEXT_MON = 7;
export const NEXT_TUE = 8;

export const EMAILS = {
  owner: 'olivia.owner@support.test',
  manager: 'max.manager@support.test',
  customer: 'carla@customer.test',
};

/** A test week: instants by day offset from its Monday (0 = Monday) and local "HH:MM". */
export interface TestWeek {
  monday: DateTime;
  at(day: number, hhmm: string): number;
  iso(day: number, hhmm: string): string;
  date(day: number): string;
  /** `Tue 24 Nov 10:00 Europe/Paris`, the label format of timer summaries and emails. */
  label(day: number, hhmm: string): string;
}

/** The first Monday at least two days after `nowMs` (so a test week is always in the future). */
export function nextTestWeek(nowMs: number): TestWeek {
  const start = DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day').plus({ days: 2 });
  const monday = start.plus({ days: (8 - start.weekday) % 7 });
  const local = (day: number, hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return monday.plus({ days: day }).set({ hour, minute, second: 0, millisecond: 0 });
  };
  return {
    monday,
    at: (day, hhmm) => local(day, hhmm).toMillis(),
    iso: (day, hhmm) => new Date(local(day, hhmm).toMillis()).toISOString(),
    date: (day) => monday.plus({ days: day }).toISODate()!,
    label: (day, hhmm) => `${local(day, hhmm).setLocale('en-US').toFormat('ccc d LLL HH:mm')} ${ZONE}`,
  };
}

/** Monday-Friday 08:00-17:00 in Europe/Paris with the given holidays (YYYY-MM-DD). */
export function referenceCalendar(holidays: string[]): NonNullable<KpiWorkflowInput['calendar']> {
  const day = [['08:00', '17:00']] as const;
  return {
    id: randomUUID(),
    version: 1,
    definition: {
      timeZone: ZONE,
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: holidays.map((date) => ({ date, name: 'Public holiday' })),
    },
  };
}

export type Tier = 'premiumHigh' | 'premiumNotHigh' | 'standard';
export type Kpi = 'first_response' | 'resolve';

/** Spec §4 durations in business minutes; the warning is at half the time. */
export const TIERS: Record<Tier, { itemName: string; first_response: number; resolve: number }> = {
  premiumHigh: { itemName: 'Premium/Enterprise, High', first_response: 60, resolve: 540 },
  premiumNotHigh: { itemName: 'Premium/Enterprise, not High', first_response: 240, resolve: 1080 },
  standard: { itemName: 'Standard', first_response: 540, resolve: 2700 },
};

export const SLA_MET_FIELD: Record<Kpi, string> = { first_response: 'firstResponseSlaMet', resolve: 'resolutionSlaMet' };

/** Warning email to the owner; on failure an email to owner and manager, "... SLA met" = no, escalation. */
export function referenceActions(kpi: Kpi): KpiWorkflowInput['actions'] {
  const warning: SlaActionDefinition[] = [
    {
      type: 'send_email',
      to: ['owner'],
      subject: '[{{case.number}}] {{kpi}} at risk: due {{failureAt.local}}',
      body: 'Case {{case.number}} "{{case.title}}" ({{item}}) must meet {{kpi}} by {{failureAt}}.',
    },
  ];
  const failure: SlaActionDefinition[] = [
    {
      type: 'send_email',
      to: ['owner', 'manager'],
      subject: '[{{case.number}}] {{kpi}} breached',
      body: 'Case {{case.number}} "{{case.title}}" missed {{kpi}} ({{item}}), due {{failureAt}}. It moves to the escalation queue.',
    },
    { type: 'set_case_field', field: SLA_MET_FIELD[kpi], value: 'no' },
    { type: 'escalate_to_queue' },
  ];
  return { warning, failure, success: [] };
}

export interface ReferenceSeed {
  slaId: string;
  itemIds: Record<Tier, Record<Kpi, string>>;
  ownerId: string;
  managerId: string;
  contactId: string;
  accountId: string;
  tier1QueueId: string;
  escalationQueueId: string;
}

export async function seedReferenceData(db: Db): Promise<ReferenceSeed> {
  const [manager] = await db.insert(agents).values({ name: 'Max Manager', email: EMAILS.manager }).returning();
  const [owner] = await db.insert(agents).values({ name: 'Olivia Owner', email: EMAILS.owner, managerId: manager.id }).returning();
  const [account] = await db.insert(accounts).values({ name: 'Customer Ltd', serviceLevel: 'premium', email: 'support@customer.test' }).returning();
  const [contact] = await db.insert(contacts).values({ name: 'Carla Customer', email: EMAILS.customer, accountId: account.id }).returning();
  const [tier1] = await db.insert(queues).values({ name: 'Tier 1' }).returning();
  const [escalations] = await db.insert(queues).values({ name: 'Escalations', isEscalation: true }).returning();
  const [sla] = await db.insert(slas).values({ name: 'Reference SLA', isDefault: true }).returning();
  const itemIds = {} as ReferenceSeed['itemIds'];
  let position = 0;
  for (const tier of Object.keys(TIERS) as Tier[]) {
    itemIds[tier] = {} as Record<Kpi, string>;
    for (const kpi of ['first_response', 'resolve'] as const) {
      const actions = referenceActions(kpi);
      const [item] = await db
        .insert(slaItems)
        .values({
          slaId: sla.id,
          position: position++,
          name: TIERS[tier].itemName,
          kpi,
          warningMinutes: TIERS[tier][kpi] / 2,
          failureMinutes: TIERS[tier][kpi],
          warningActions: actions.warning,
          failureActions: actions.failure,
          successActions: actions.success,
        })
        .returning();
      itemIds[tier][kpi] = item.id;
    }
  }
  return {
    slaId: sla.id,
    itemIds,
    ownerId: owner.id,
    managerId: manager.id,
    contactId: contact.id,
    accountId: account.id,
    tier1QueueId: tier1.id,
    escalationQueueId: escalations.id,
  };
}

let caseCounter = 0;

/** A case owned by the seeded owner, in queue Tier 1 (with its open queue item). */
/** The instant reference cases are opened (and enter the tier-1 queue): a Monday, 14:00 UTC. */
export const REFERENCE_OPENED_AT = new Date('2026-11-23T14:00:00Z');

export async function createCase(db: Db, seed: ReferenceSeed, over: { title?: string; ownerId?: string | null; contactId?: string | null; openedAt?: Date } = {}) {
  const openedAt = over.openedAt ?? REFERENCE_OPENED_AT;
  caseCounter += 1;
  const number = `CAS-${String(caseCounter).padStart(4, '0')}${randomUUID().slice(0, 4).toUpperCase()}`;
  const [c] = await db
    .insert(cases)
    .values({
      number,
      title: over.title ?? `Printer on fire #${caseCounter}`,
      origin: 'email',
      priority: 'high',
      serviceLevel: 'premium',
      accountId: seed.accountId,
      contactId: over.contactId === undefined ? seed.contactId : over.contactId,
      ownerId: over.ownerId === undefined ? seed.ownerId : over.ownerId,
      queueId: seed.tier1QueueId,
      createdAt: openedAt,
      updatedAt: openedAt,
    })
    .returning();
  await db.insert(queueItems).values({ queueId: seed.tier1QueueId, caseId: c.id, enteredAt: openedAt });
  return c;
}

export async function readCase(db: Db, caseId: string) {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  return c;
}

export function kpiInput(
  seed: ReferenceSeed,
  c: { id: string; number: string; title: string },
  tier: Tier,
  kpi: Kpi,
  over: Partial<KpiWorkflowInput> & Pick<KpiWorkflowInput, 'applicableFrom' | 'calendar'>,
): KpiWorkflowInput {
  return {
    instanceId: randomUUID(),
    caseId: c.id,
    caseNumber: c.number,
    caseTitle: c.title,
    slaId: seed.slaId,
    slaName: 'Reference SLA',
    slaItemId: seed.itemIds[tier][kpi],
    itemName: TIERS[tier].itemName,
    kpi,
    generation: 1,
    warningMinutes: TIERS[tier][kpi] / 2,
    failureMinutes: TIERS[tier][kpi],
    pauses: [],
    allowPause: true,
    actions: referenceActions(kpi),
    ...over,
  };
}
