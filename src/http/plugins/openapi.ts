import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI 3.1 generated from the route schemas, served at /docs/json and as an interactive page at /docs. */
export default fp(
  async function openapi(app) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'SLA service API',
          version: '1.0.0',
          description:
            'Cases, customers, queues, activities, SLAs, business-hours calendars and entitlements. ' +
            'Errors are RFC 9457 problem+json with a stable `code`. POSTs that create things accept `Idempotency-Key`; ' +
            'updates accept `If-Match` with the ETag from the last read.',
        },
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created by an admin' } },
        },
        security: [{ apiKey: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi' },
);
