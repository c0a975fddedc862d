import { pgTable, pgSequence, text, timestamp, uuid, integer, boolean, index, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** Source of product numbers (PRD-000001, ...). */
export const productNumberSeq = pgSequence('product_number_seq', { startWith: 1 });

/**
 * The product catalogue cases, entitlements and knowledge articles refer to. A product may belong to a
 * family (its parent). Names are unique without regard to case, so a name read from an older client
 * (`product: "Surface Pro"`) names exactly one product.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human product number, e.g. PRD-000123, from product_number_seq. */
    number: text('number').notNull().unique(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => products.id),
    /** Inactive products stay on the cases that have them; new cases and entitlements cannot take them. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('products_name_key').on(sql`lower(${t.name})`), index('products_parent_idx').on(t.parentId)],
);
