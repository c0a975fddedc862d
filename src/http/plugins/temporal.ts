import fp from 'fastify-plugin';
import type { Client } from '@temporalio/client';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when the API runs without Temporal (then SLA commands wait in the outbox for the reconciler). */
    temporal: Client | null;
  }
}

export default fp<{ client: Client | null }>(
  async function temporal(app, { client }) {
    app.decorate('temporal', client);
  },
  { name: 'temporal' },
);
