import { Type, type Static } from '@sinclair/typebox';
import { caseOrigins } from '../../db/schema/cases.js';
import { entitlementAllocationTypes, entitlementDecreaseOn } from '../../db/schema/entitlements.js';
import { entitlementStatuses } from './rules.js';
import { Page, PageQuery } from '../http/schemas/common.js';

export const Channel = Type.Unsafe<(typeof caseOrigins)[number]>({ type: 'string', enum: [...caseOrigins], description: 'Origin channel of a case' });
export const AllocationType = Type.Unsafe<(typeof entitlementAllocationTypes)[number]>({
  type: 'string',
  enum: [...entitlementAllocationTypes],
  description: "'cases': terms count support cases; 'hours': terms count billable hours",
});
export const DecreaseOn = Type.Unsafe<(typeof entitlementDecreaseOn)[number]>({
  type: 'string',
  enum: [...entitlementDecreaseOn],
  description: "When a case uses terms: 'create' (cases-based only) or 'resolve'. Default: 'create' for cases, 'resolve' for hours",
});
export const EntitlementStatusSchema = Type.Unsafe<(typeof entitlementStatuses)[number]>({
  type: 'string',
  enum: [...entitlementStatuses],
  description: 'draft (not activated yet), waiting (activated, before startDate), active, expired (after endDate), cancelled',
});

const DateOnly = (description: string) =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD, UTC, inclusive)` });
const Terms = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description });
const Products = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 100,
  description: 'Products covered, by name as before the catalogue (each name stands for the product of that name, added to the catalogue if new); prefer productIds. Empty: every product',
});
const ProductIds = Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 100,
  description: 'Products covered (/v1/products); empty or absent: every product. Unknown id: 422 PRODUCT_NOT_FOUND',
});

export const ChannelTermsInput = Type.Object(
  {
    channel: Channel,
    totalTerms: Terms('Terms for cases from this channel, in the entitlement’s unit (cases or hours); at most the total'),
  },
  { additionalProperties: false },
);
export type ChannelTermsInput = Static<typeof ChannelTermsInput>;

export const ChannelTermsUpdate = Type.Object(
  { totalTerms: Terms('Terms for cases from this channel, in the entitlement’s unit (cases or hours); at most the total') },
  { additionalProperties: false },
);

export const EntitlementInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    accountId: Type.Optional(Type.String({ format: 'uuid', description: 'The account entitled (set exactly one of accountId, contactId)' })),
    contactId: Type.Optional(Type.String({ format: 'uuid', description: 'The contact entitled (set exactly one of accountId, contactId)' })),
    startDate: DateOnly('First day covered'),
    endDate: DateOnly('Last day covered'),
    allocationType: AllocationType,
    totalTerms: Terms('Cases, or hours (whole minutes, e.g. 10 or 7.5)'),
    decreaseOn: Type.Optional(DecreaseOn),
    restrictCaseCreation: Type.Optional(Type.Boolean({ description: 'Refuse new cases once the terms are used up (default false: create and flag them)' })),
    products: Type.Optional(Products),
    productIds: Type.Optional(ProductIds),
    slaId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'SLA for this entitlement’s cases instead of the default SLA' })),
    isDefault: Type.Optional(
      Type.Boolean({
        description: 'The customer’s default entitlement. One active default per customer: when this one is (or, as a draft, becomes) activated, the previous default stops being the default',
      }),
    ),
    channels: Type.Optional(Type.Array(ChannelTermsInput, { maxItems: 6, description: 'Per-channel terms; when given, only these channels are covered' })),
  },
  { additionalProperties: false },
);
export type EntitlementInput = Static<typeof EntitlementInput>;

export const EntitlementPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    accountId: Type.Optional(Type.String({ format: 'uuid', description: 'Draft only' })),
    contactId: Type.Optional(Type.String({ format: 'uuid', description: 'Draft only' })),
    startDate: Type.Optional(DateOnly('First day covered')),
    endDate: Type.Optional(DateOnly('Last day covered')),
    allocationType: Type.Optional(AllocationType),
    totalTerms: Type.Optional(Terms('Cases, or hours; not below what is already used')),
    decreaseOn: Type.Optional(DecreaseOn),
    restrictCaseCreation: Type.Optional(Type.Boolean()),
    products: Type.Optional(Products),
    productIds: Type.Optional(ProductIds),
    slaId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    isDefault: Type.Optional(Type.Boolean({ description: 'See create; an activated default replaces the previous default at once' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EntitlementPatch = Static<typeof EntitlementPatch>;

const MinutesFigures = {
  totalMinutes: Type.Optional(Type.Integer({ description: 'Hours-based only: exact figures in minutes' })),
  usedMinutes: Type.Optional(Type.Integer()),
  remainingMinutes: Type.Optional(Type.Integer()),
  overageMinutes: Type.Optional(Type.Integer()),
};

export const TermsFigures = {
  totalTerms: Type.Number({ description: 'In the entitlement’s unit: cases or hours' }),
  usedTerms: Type.Number(),
  remainingTerms: Type.Number({ description: 'total - used, never below 0' }),
  overageTerms: Type.Number({ description: 'used beyond the total (cases created or time billed after the terms ran out)' }),
  ...MinutesFigures,
};

export const ChannelView = Type.Object({ channel: Channel, ...TermsFigures });
export type ChannelView = Static<typeof ChannelView>;

export const EntitlementView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  contactId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  status: EntitlementStatusSchema,
  allocationType: AllocationType,
  decreaseOn: DecreaseOn,
  restrictCaseCreation: Type.Boolean(),
  ...TermsFigures,
  products: Type.Array(Type.String(), { description: 'Names of the products covered' }),
  productIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'The products covered; empty: every product' }),
  slaId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  isDefault: Type.Boolean(),
  channels: Type.Array(ChannelView),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  cancelledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export type EntitlementView = Static<typeof EntitlementView>;

export const EntitlementListQuery = Type.Object(
  {
    accountId: Type.Optional(Type.String({ format: 'uuid', description: 'Entitlements of this account' })),
    contactId: Type.Optional(Type.String({ format: 'uuid', description: 'Entitlements of this contact' })),
    customerId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Entitlements of this account or contact; for a contact also those of its account' }),
    ),
    status: Type.Optional(EntitlementStatusSchema),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type EntitlementListQuery = Static<typeof EntitlementListQuery>;

export const EntitlementList = Page(EntitlementView);

export const UsageEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  kind: Type.Unsafe<'case' | 'hours'>({ type: 'string', enum: ['case', 'hours'], description: 'One case, or billable hours' }),
  channel: Type.Union([Channel, Type.Null()], { description: 'Channel whose terms it drew from, null: the total only' }),
  amount: Type.Number({ description: 'In the entitlement’s unit: 1 case, or hours' }),
  minutes: Type.Optional(Type.Integer({ description: 'Hours-based only: the exact billable minutes' })),
  trigger: Type.Unsafe<'created' | 'resolved' | 'reopened' | 'reassigned'>({
    type: 'string',
    enum: ['created', 'resolved', 'reopened', 'reassigned'],
    description: 'What used the terms: case creation, resolution, reopening of a cancelled case, or the case moved to this entitlement',
  }),
  at: Type.String({ format: 'date-time', description: 'When the terms were used' }),
  returnedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When they were given back, if they were' }),
  returnReason: Type.Union([Type.Unsafe<'cancelled' | 'reopened' | 'reassigned'>({ type: 'string', enum: ['cancelled', 'reopened', 'reassigned'] }), Type.Null()], {
    description: 'Why they were given back: case cancelled, case reopened (hours / decrease on resolution), or case moved to another entitlement',
  }),
});

export const UsageView = Type.Object({
  entitlementId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: EntitlementStatusSchema,
  allocationType: AllocationType,
  ...TermsFigures,
  channels: Type.Array(ChannelView),
  entries: Type.Array(UsageEntry, { description: 'The ledger, oldest first; entries given back no longer count' }),
});
export type UsageView = Static<typeof UsageView>;
