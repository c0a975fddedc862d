import { Type, type Static } from '@sinclair/typebox';
import { caseOrigins, casePriorities, caseStatuses, serviceLevels } from '../../../db/schema/index.js';
import { PAUSED_LONGER_THAN_PATTERN, type CaseWithMinutes } from '../../cases/case-queries.js';
import { InstantInput, InstantView, Nullable, PageQuery, StringEnum, Uuid } from './common.js';

export const CaseStatus = StringEnum(caseStatuses);
const Priority = StringEnum(casePriorities);
const Origin = StringEnum(caseOrigins);
const ServiceLevel = StringEnum(serviceLevels);
const FieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const CaseView = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'Human case number, e.g. CAS-000042' }),
  title: Type.String(),
  description: Nullable(Type.String()),
  accountId: Nullable(Uuid),
  contactId: Nullable(Uuid),
  priority: Priority,
  serviceLevel: Type.String({ description: 'standard, premium or enterprise; defaults to the customer’s tier' }),
  origin: Origin,
  product: Nullable(Type.String({ description: 'The product’s name (read it by id at /v1/products/{productId})' })),
  productId: Nullable(Uuid),
  ownerId: Nullable(Uuid),
  queueId: Nullable(Uuid),
  entitlementId: Nullable(Uuid),
  entitlementExhausted: Type.Boolean(),
  slaId: Nullable(Uuid),
  status: CaseStatus,
  fields: Type.Record(Type.String(), FieldValue, { description: 'Free-form fields set by SLA actions (read-only)' }),
  firstResponseAt: Nullable(InstantView),
  resolvedAt: Nullable(InstantView),
  cancelledAt: Nullable(InstantView),
  breached: Type.Boolean({ description: 'True once any SLA KPI of the case became noncompliant' }),
  totalMinutes: Type.Integer({ description: 'Minutes of the case’s completed activities' }),
  billableMinutes: Type.Integer({ description: 'Minutes of the case’s completed billable activities' }),
  version: Type.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
  createdAt: InstantView,
  updatedAt: InstantView,
});

const Title = Type.String({ minLength: 1, maxLength: 500 });
const Text = Type.String({ maxLength: 20_000 });
const Product = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'A product by name, as before the catalogue: names the product of that name (without regard to case), added to the catalogue if new. Prefer productId.',
});

export const CaseCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(Nullable(Text)),
    accountId: Type.Optional(Nullable(Uuid)),
    contactId: Type.Optional(Nullable(Uuid)),
    priority: Type.Optional(Priority),
    serviceLevel: Type.Optional(ServiceLevel),
    origin: Origin,
    product: Type.Optional(Nullable(Product)),
    productId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'A product of the catalogue (/v1/products); unknown: 422 PRODUCT_NOT_FOUND' }))),
    ownerId: Type.Optional(Nullable(Uuid)),
    queueId: Type.Optional(Nullable(Uuid)),
    entitlementId: Type.Optional(Nullable(Uuid)),
  },
  {
    additionalProperties: false,
    description: 'accountId and/or contactId is required. serviceLevel defaults to the contact’s own tier, else the account’s, else standard.',
  },
);

export const CasePatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Nullable(Text)),
    accountId: Type.Optional(Nullable(Uuid)),
    contactId: Type.Optional(Nullable(Uuid)),
    priority: Type.Optional(Priority),
    serviceLevel: Type.Optional(ServiceLevel),
    origin: Type.Optional(Origin),
    product: Type.Optional(Nullable(Product)),
    productId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'A product of the catalogue (/v1/products); unknown: 422 PRODUCT_NOT_FOUND' }))),
    ownerId: Type.Optional(Nullable(Uuid)),
    entitlementId: Type.Optional(Nullable(Uuid)),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Status, queue and first response have their own endpoints; `fields` is read-only.',
  },
);

const At = Type.Optional(InstantInput);

export const StatusChange = Type.Object(
  {
    // Any known status is accepted here, so that resolved/cancelled get the state machine's 409 naming their endpoints.
    status: StringEnum(caseStatuses, { description: 'An active status other than the current one (resolved and cancelled: 409 naming their endpoints)' }),
    at: At,
  },
  { additionalProperties: false },
);
export const FirstResponse = Type.Object({ at: At }, { additionalProperties: false });
export const Resolve = Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 2000 }), at: At }, { additionalProperties: false });
export const Cancel = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }), at: At }, { additionalProperties: false });
export const Reopen = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })), at: At }, { additionalProperties: false });

export const CaseListQuery = Type.Object({
  status: Type.Optional(Type.Array(CaseStatus, { maxItems: caseStatuses.length, description: 'Repeat to match any of several' })),
  priority: Type.Optional(Type.Array(Priority, { maxItems: casePriorities.length, description: 'Repeat to match any of several' })),
  ownerId: Type.Optional(Uuid),
  queueId: Type.Optional(Uuid),
  accountId: Type.Optional(Uuid),
  contactId: Type.Optional(Uuid),
  breached: Type.Optional(Type.Boolean()),
  number: Type.Optional(Type.String({ pattern: '^CAS-\\d{6,}$' })),
  pausedLongerThan: Type.Optional(
    Type.String({
      pattern: PAUSED_LONGER_THAN_PATTERN,
      maxLength: 32,
      description: 'ISO 8601 duration in days, hours and minutes (`PT4H`, `P2D`, `P1DT30M`): cases with an open SLA clock paused for longer than this (calendar time, to now)',
    }),
  ),
  sort: StringEnum(['createdAt', 'updatedAt', 'priority'] as const, { default: 'createdAt', description: 'Ties are broken by id' }),
  order: StringEnum(['asc', 'desc'] as const, { default: 'desc' }),
  ...PageQuery,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toCaseView = (c: CaseWithMinutes): Static<typeof CaseView> => ({
  id: c.id,
  number: c.number,
  title: c.title,
  description: c.description,
  accountId: c.accountId,
  contactId: c.contactId,
  priority: c.priority,
  serviceLevel: c.serviceLevel,
  origin: c.origin,
  product: c.product,
  productId: c.productId,
  ownerId: c.ownerId,
  queueId: c.queueId,
  entitlementId: c.entitlementId,
  entitlementExhausted: c.entitlementExhausted,
  slaId: c.slaId,
  status: c.status,
  fields: c.fields,
  firstResponseAt: iso(c.firstResponseAt),
  resolvedAt: iso(c.resolvedAt),
  cancelledAt: iso(c.cancelledAt),
  breached: c.breached,
  totalMinutes: c.totalMinutes,
  billableMinutes: c.billableMinutes,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
