import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { entitlementProducts, products } from '../../db/schema/index.js';
import { invalidField } from '../errors.js';
import { productById } from '../products/product-refs.js';
import { productForName, type ProductRow } from '../products/products.js';

/** The products an entitlement covers, by id (what matching compares) with their names (for views and messages). */
export interface CoveredProducts {
  ids: string[];
  names: string[];
}

export async function coveredProductsOf(db: DbOrTx, entitlementIds: string[]): Promise<Map<string, CoveredProducts>> {
  const out = new Map<string, CoveredProducts>(entitlementIds.map((id) => [id, { ids: [], names: [] }]));
  if (!entitlementIds.length) return out;
  const rows = await db
    .select({ entitlementId: entitlementProducts.entitlementId, id: products.id, name: products.name })
    .from(entitlementProducts)
    .innerJoin(products, eq(products.id, entitlementProducts.productId))
    .where(inArray(entitlementProducts.entitlementId, entitlementIds))
    .orderBy(asc(products.name), asc(products.id));
  for (const r of rows) {
    const c = out.get(r.entitlementId)!;
    c.ids.push(r.id);
    c.names.push(r.name);
  }
  return out;
}

/**
 * The products a create or patch names: `productIds` (each must exist), or `products` by name as before
 * the catalogue (each name stands for the product of that name, added to the catalogue if new).
 */
export async function resolveCoveredProducts(tx: Tx, input: { productIds?: string[]; products?: string[] }, now: Date): Promise<ProductRow[] | undefined> {
  if (input.productIds !== undefined && input.products !== undefined) {
    throw invalidField('body.products', 'cannot be sent with body.productIds: name the products one way (productIds is preferred)');
  }
  const found: ProductRow[] = [];
  if (input.productIds !== undefined) {
    for (const [i, id] of input.productIds.entries()) found.push(await productById(tx, id, `body.productIds[${i}]`));
  } else if (input.products !== undefined) {
    for (const [i, name] of input.products.entries()) if (name.trim()) found.push(await productForName(tx, name, `body.products[${i}]`, now));
  } else {
    return undefined;
  }
  const seen = new Set<string>();
  return found.filter((p) => !seen.has(p.id) && seen.add(p.id));
}

/** Replaces what the entitlement covers; returns the names (also kept in the legacy `entitlements.products`). */
export async function setCoveredProducts(tx: Tx, entitlementId: string, covered: ProductRow[]): Promise<string[]> {
  await tx.delete(entitlementProducts).where(eq(entitlementProducts.entitlementId, entitlementId));
  if (covered.length) await tx.insert(entitlementProducts).values(covered.map((p) => ({ entitlementId, productId: p.id })));
  return covered.map((p) => p.name);
}
