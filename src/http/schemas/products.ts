import { Type, type Static } from '@sinclair/typebox';
import { InstantView, Nullable, PageQuery, Uuid } from './common.js';
import type { ProductRow } from '../../products/products.js';

const Name = Type.String({ minLength: 1, maxLength: 200, description: 'Unique without regard to case' });

export const ProductView = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'Product number, e.g. PRD-000123' }),
  name: Type.String(),
  parentId: Nullable(Uuid),
  active: Type.Boolean({ description: 'Inactive products stay on their cases; new cases and entitlements cannot take them' }),
  version: Type.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
  createdAt: InstantView,
  updatedAt: InstantView,
});

export const ProductCreate = Type.Object(
  {
    name: Name,
    number: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$', description: 'Default: the next PRD-nnnnnn' })),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The product family this product belongs to' }))),
    active: Type.Optional(Type.Boolean({ description: 'Default true' })),
  },
  { additionalProperties: false },
);

export const ProductPatch = Type.Object(
  {
    name: Type.Optional(Name),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'Not the product itself nor one of its sub-products' }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, description: 'A new name is copied onto the cases that have the product' },
);

export const ProductListQuery = Type.Object({
  active: Type.Optional(Type.Boolean()),
  parentId: Type.Optional(Uuid),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name, without regard to case' })),
  ...PageQuery,
});

export const toProductView = (p: ProductRow): Static<typeof ProductView> => ({
  id: p.id,
  number: p.number,
  name: p.name,
  parentId: p.parentId,
  active: p.active,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
