import fp from 'fastify-plugin';
import { assertStorableInput } from '../input-guard.js';

/** Before schema validation on every route: no NUL, no lone surrogate, no runaway nesting (src/http/input-guard.ts). */
export default fp(
  async function storableInput(app) {
    app.addHook('preValidation', async (request) => {
      // Only the parts a route reads (declares in its schema): the others never reach the database.
      const schema = request.routeOptions.schema ?? {};
      if (schema.params) assertStorableInput(request.params, 'params');
      if (schema.querystring) assertStorableInput(request.query, 'querystring');
      if (schema.body) assertStorableInput(request.body, 'body');
    });
  },
  { name: 'storable-input' },
);
