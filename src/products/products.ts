import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { cases, products } from '../../db/schema/index.js';
import { conflict, invalidField, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';

/**
 * The product catalogue. Product numbers come from product_number_seq (PRD-000001, ...) unless the
 * creator gives one. Names are unique without regard to case: that is what lets a name sent by an
 * older client (`product: "Surface Pro"`) stand for exactly one product.
 */
export type ProductRow = typeof products.$inferSelect;

export interface ProductInput {
  name: string;
  number?: string;
  parentId?: string | null;
  active?: boolean;
}

export type ProductPatch = Partial<Omit<ProductInput, 'number'>>;

export function formatProductNumber(n: number): string {
  return `PRD-${String(n).padStart(6, '0')}`;
}

function uniqueViolation(e: unknown): string | undefined {
  for (let err: unknown = e; err && typeof err === 'object'; err = (err as { cause?: unknown }).cause) {
    const { code, constraint_name: a, constraint: b, message } = err as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (code === '23505') return a ?? b ?? message ?? '';
    if ((err as { cause?: unknown }).cause === err) break;
  }
  return undefined;
}

function takenError(e: unknown, input: { name?: string; number?: string }): unknown {
  const which = uniqueViolation(e);
  if (which === undefined) return e;
  if (which.includes('number')) {
    return conflict('PRODUCT_NUMBER_TAKEN', `A product numbered "${input.number}" already exists; product numbers are unique.`, { field: 'body.number' });
  }
  return conflict('PRODUCT_NAME_TAKEN', `A product named "${input.name}" already exists (names are unique without regard to case).`, { field: 'body.name' });
}

const cleanName = (name: string, field = 'body.name') => {
  const t = name.trim();
  if (!t) throw invalidField(field, 'must not be blank');
  return t;
};

async function nextNumber(tx: DbOrTx): Promise<string> {
  const [{ n }] = await tx.select({ n: sql<string>`nextval('product_number_seq')` }).from(sql`(select 1) as one`);
  return formatProductNumber(Number(n));
}

/** The parent must exist and must not be the product itself or one of its descendants. */
async function assertParent(tx: DbOrTx, productId: string | null, parentId: string): Promise<void> {
  const [parent] = await tx.select({ id: products.id }).from(products).where(eq(products.id, parentId));
  if (!parent) throw unprocessable('PRODUCT_NOT_FOUND', `body.parentId: no product with id "${parentId}".`, { field: 'body.parentId', id: parentId });
  if (!productId) return;
  const rows = await tx.execute<{ id: string }>(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from products where id = ${parentId}
      union select p.id, p.parent_id from products p join up on p.id = up.parent_id
    ) select id from up where id = ${productId}`);
  const found = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  if (found.length) {
    throw unprocessable('PRODUCT_PARENT_CYCLE', `body.parentId: "${parentId}" is this product or one of its sub-products; a family cannot contain itself.`, {
      field: 'body.parentId',
    });
  }
}

export async function createProduct(db: Db, input: ProductInput, now: Date): Promise<ProductRow> {
  const name = cleanName(input.name);
  try {
    return await db.transaction(async (tx) => {
      if (input.parentId) await assertParent(tx, null, input.parentId);
      const [row] = await tx
        .insert(products)
        .values({ number: input.number ?? (await nextNumber(tx)), name, parentId: input.parentId ?? null, active: input.active ?? true, createdAt: now, updatedAt: now })
        .returning();
      return row;
    });
  } catch (e) {
    throw takenError(e, { name, number: input.number });
  }
}

export async function getProduct(db: DbOrTx, id: string): Promise<ProductRow> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('product', id);
  return row;
}

/**
 * Changes a product. A new name is copied onto the cases that have the product (their `product`, which
 * SLA conditions read), in the same transaction.
 */
export async function updateProduct(db: Db, id: string, patch: ProductPatch, expectedVersion: number | undefined, now: Date): Promise<ProductRow> {
  const name = patch.name !== undefined ? cleanName(patch.name) : undefined;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
      if (!row) throw notFound('product', id);
      if (expectedVersion !== undefined && row.version !== expectedVersion) {
        throw preconditionFailed(`The product changed since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
          currentVersion: row.version,
        });
      }
      if (patch.parentId) await assertParent(tx, id, patch.parentId);
      const next = {
        name: name ?? row.name,
        parentId: patch.parentId !== undefined ? patch.parentId : row.parentId,
        active: patch.active ?? row.active,
      };
      if (next.name === row.name && next.parentId === row.parentId && next.active === row.active) return row;
      const [after] = await tx
        .update(products)
        .set({ ...next, updatedAt: now, version: row.version + 1 })
        .where(eq(products.id, id))
        .returning();
      if (next.name !== row.name) await tx.update(cases).set({ product: next.name }).where(eq(cases.productId, id));
      return after;
    });
  } catch (e) {
    throw takenError(e, { name });
  }
}

export interface ProductListFilter {
  active?: boolean;
  parentId?: string;
  name?: string;
}

export function listProducts(db: DbOrTx, filter: ProductListFilter, page: PageRequest) {
  const keys = [
    { expr: products.number, type: 'text' as const },
    { expr: products.id, type: 'uuid' as const },
  ];
  const where: SQL[] = [];
  if (filter.active !== undefined) where.push(eq(products.active, filter.active));
  if (filter.parentId) where.push(eq(products.parentId, filter.parentId));
  if (filter.name) where.push(sql`strpos(lower(${products.name}), lower(${filter.name})) > 0`);
  return paginate({ keys, order: 'asc', scope: ['products', filter] }, page, (p) =>
    db
      .select({ product: products, cursorKey: p.cursorKey })
      .from(products)
      .where(and(p.after, ...where))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
}

/** Products by id (for views); missing ids are absent from the map. */
export async function productsById(db: DbOrTx, ids: string[]): Promise<Map<string, ProductRow>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(products).where(inArray(products.id, [...new Set(ids)])).orderBy(asc(products.number));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The product a name stands for, created when the catalogue has none (free-text names from clients
 * written before the catalogue keep working; the name becomes a catalogue entry). Safe under concurrency:
 * two requests naming a new product get the same row.
 */
export async function productForName(tx: Tx, rawName: string, field: string, now: Date): Promise<ProductRow> {
  const name = cleanName(rawName, field);
  const find = async () => (await tx.select().from(products).where(sql`lower(${products.name}) = lower(${name})`))[0];
  const existing = await find();
  if (existing) return existing;
  const number = await nextNumber(tx);
  await tx.insert(products).values({ number, name, createdAt: now, updatedAt: now }).onConflictDoNothing();
  return (await find())!;
}
