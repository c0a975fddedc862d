import fp from 'fastify-plugin';
import type { WebhookConfig } from '../../config.js';
import type { WebhookWaker } from '../../webhooks/case-webhook-listener.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Webhook settings of the routes and who starts queued deliveries (null: the sweep of another process). */
    webhooks: { config: WebhookConfig; waker: WebhookWaker | null };
  }
}

export default fp<{ config: WebhookConfig; waker: WebhookWaker | null }>(
  async function webhooks(app, { config, waker }) {
    app.decorate('webhooks', { config, waker });
  },
  { name: 'webhooks' },
);
