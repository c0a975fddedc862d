import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createProduct, getProduct, listProducts, updateProduct } from '../../products/products.js';
import { requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, idempotencyKeyHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { ProductCreate, ProductListQuery, ProductPatch, ProductView, toProductView } from '../schemas/products.js';

const tags = ['products'];
const withHeaders = resourceHeaders((p) => `/v1/products/${p.id}`);

/** The product catalogue: any key reads it, managers and admins change it. */
const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/products',
    {
      config: { role: 'manager' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Add a product to the catalogue (manager)',
        headers: Type.Object(idempotencyKeyHeader),
        body: ProductCreate,
        response: { 201: ProductView, ...problems(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(toProductView(await createProduct(app.db, request.body, app.now()))),
  );

  app.get(
    '/v1/products',
    { schema: { tags, summary: 'List products by number', querystring: ProductListQuery, response: { 200: Page(ProductView), ...problems() } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listProducts(app.db, filter, { limit, cursor });
      return { items: page.rows.map((r) => toProductView(r.product)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/products/:id',
    { preSerialization: withHeaders, schema: { tags, summary: 'Read a product', params: IdParams, response: { 200: ProductView, ...problems(404) } } },
    async (request) => toProductView(await getProduct(app.db, request.params.id)),
  );

  app.patch(
    '/v1/products/:id',
    {
      config: { role: 'manager' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Rename a product, move it to another family or (de)activate it (manager, If-Match required)',
        params: IdParams,
        headers: Type.Object(requiredIfMatchHeader),
        body: ProductPatch,
        response: { 200: ProductView, ...problems(404, 409, 412, 422, 428) },
      },
    },
    async (request) => toProductView(await updateProduct(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now())),
  );
};

export default productRoutes;
