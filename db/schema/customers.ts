import { pgTable, text, timestamp, uuid, integer, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const serviceLevels = ['standard', 'premium', 'enterprise'] as const;
export type ServiceLevel = (typeof serviceLevels)[number];

/** An organisation we support. */
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  serviceLevel: text('service_level', { enum: serviceLevels }).notNull().default('standard'),
  email: text('email'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** A person, optionally in an account; their own service level overrides the account's. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').references(() => accounts.id),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  serviceLevel: text('service_level', { enum: serviceLevels }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** Support staff: case owners. The manager receives failure escalations. */
export const agents = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  managerId: uuid('manager_id').references((): AnyPgColumn => agents.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
