import type { Tx } from '../../db/client.js';
import { productById } from '../products/product-refs.js';

/** An article's product must exist: 422 PRODUCT_NOT_FOUND naming body.productId otherwise. */
export async function assertProductExists(tx: Tx, productId: string | null | undefined): Promise<void> {
  if (productId) await productById(tx, productId, 'body.productId');
}
