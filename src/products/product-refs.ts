import type { Tx } from '../../db/client.js';
import { badRequest, unprocessable } from '../errors.js';
import { getProduct, productForName, type ProductRow } from './products.js';

/** What a case (or entitlement) request says about its product: by id, or by name as before the catalogue. */
export interface ProductRef {
  productId?: string | null;
  product?: string | null;
}

/** The columns a case keeps for its product: the id and the name (SLA conditions read the name). */
export interface CaseProduct {
  productId: string | null;
  product: string | null;
}

function assertActive(p: ProductRow, field: string): void {
  if (!p.active) {
    throw unprocessable('PRODUCT_INACTIVE', `${field}: product "${p.name}" (${p.number}) is inactive; choose an active product or reactivate it.`, {
      field,
      id: p.id,
    });
  }
}

/** A product id from a request: unknown is 422 PRODUCT_NOT_FOUND naming the field. */
export async function productById(tx: Tx, id: string, field: string): Promise<ProductRow> {
  try {
    return await getProduct(tx, id);
  } catch {
    throw unprocessable('PRODUCT_NOT_FOUND', `${field}: no product with id "${id}"; list them with GET /v1/products.`, { field, id });
  }
}

/**
 * The product a create or patch names, or undefined when it names none (a patch then keeps the case's).
 * `productId` wins; a `product` name alone resolves to the product of that name (created if new, so
 * clients that send free text keep working). Both given and naming different products is a 400.
 */
export async function resolveCaseProduct(tx: Tx, ref: ProductRef, now: Date): Promise<CaseProduct | undefined> {
  if (ref.productId === undefined && ref.product === undefined) return undefined;
  if (ref.productId === null || (ref.productId === undefined && ref.product === null)) return { productId: null, product: null };
  if (ref.productId) {
    const p = await productById(tx, ref.productId, 'body.productId');
    if (ref.product != null && ref.product.trim().toLowerCase() !== p.name.toLowerCase()) {
      throw badRequest('PRODUCT_MISMATCH', `body.product "${ref.product}" is not the name of body.productId (${p.name}); send only productId.`, {
        field: 'body.product',
      });
    }
    assertActive(p, 'body.productId');
    return { productId: p.id, product: p.name };
  }
  const p = await productForName(tx, ref.product!, 'body.product', now);
  assertActive(p, 'body.product');
  return { productId: p.id, product: p.name };
}
