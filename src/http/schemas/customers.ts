import { Type, type Static } from '@sinclair/typebox';
import { serviceLevels } from '../../../db/schema/index.js';
import type { AccountRow } from '../../customers/accounts.js';
import type { ContactRow } from '../../customers/contacts.js';
import type { AgentRow } from '../../customers/agents.js';
import { InstantView, Nullable, StringEnum, Uuid } from './common.js';

const ServiceLevel = StringEnum(serviceLevels, { description: 'Customer tier' });
const Name = Type.String({ minLength: 1, maxLength: 300 });
const Email = Type.String({ format: 'email', maxLength: 320 });

export const AccountView = Type.Object({
  id: Uuid,
  name: Type.String(),
  serviceLevel: ServiceLevel,
  email: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView,
});
export const AccountCreate = Type.Object(
  { name: Name, serviceLevel: Type.Optional(ServiceLevel), email: Type.Optional(Nullable(Email)) },
  { additionalProperties: false },
);
export const AccountPatch = Type.Partial(AccountCreate, { additionalProperties: false, minProperties: 1 });

export const ContactView = Type.Object({
  id: Uuid,
  accountId: Nullable(Uuid),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  serviceLevel: Nullable(ServiceLevel),
  version: Type.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView,
});
export const ContactCreate = Type.Object(
  {
    name: Name,
    accountId: Type.Optional(Nullable(Uuid)),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
    serviceLevel: Type.Optional(Nullable(ServiceLevel)),
  },
  { additionalProperties: false },
);
export const ContactPatch = Type.Partial(ContactCreate, { additionalProperties: false, minProperties: 1 });

export const AgentView = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  managerId: Nullable(Uuid),
  createdAt: InstantView,
});
export const AgentCreate = Type.Object({ name: Name, email: Email, managerId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false });
export const AgentPatch = Type.Partial(AgentCreate, { additionalProperties: false, minProperties: 1 });

export const toAccountView = (a: AccountRow): Static<typeof AccountView> => ({
  id: a.id,
  name: a.name,
  serviceLevel: a.serviceLevel,
  email: a.email,
  version: a.version,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

export const toContactView = (c: ContactRow): Static<typeof ContactView> => ({
  id: c.id,
  accountId: c.accountId,
  name: c.name,
  email: c.email,
  phone: c.phone,
  serviceLevel: c.serviceLevel,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export const toAgentView = (a: AgentRow): Static<typeof AgentView> => ({
  id: a.id,
  name: a.name,
  email: a.email,
  managerId: a.managerId,
  createdAt: a.createdAt.toISOString(),
});
