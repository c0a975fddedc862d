import fp from 'fastify-plugin';
import { assertStorableInput } from '../input-guard.js';

/** Before schema validation on every route: no NUL, no lone surrogate, no runaway nesting (src/http/input-guard.ts). */
export default fp(
  async function storableInput(app) {
    app.addHook('preValidation', async (request) => {
      assertStorableInput(request.params, 'params');
      assertStorableInput(request.query, 'querystring');
      assertStorableInput(request.body, 'body');
    });
  },
  { name: 'storable-input' },
);
