import { pgTable, uuid, index, primaryKey } from 'drizzle-orm/pg-core';
import { entitlements } from './entitlements.js';
import { products } from './products.js';

// Its own file: products.ts is imported by cases.ts, which entitlements.ts imports (no import cycle).
/** The products an entitlement covers (none: every product). Replaces the free-text `entitlements.products`. */
export const entitlementProducts = pgTable(
  'entitlement_products',
  {
    entitlementId: uuid('entitlement_id')
      .notNull()
      .references(() => entitlements.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
  },
  (t) => [primaryKey({ columns: [t.entitlementId, t.productId] }), index('entitlement_products_product_idx').on(t.productId)],
);
