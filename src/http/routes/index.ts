import type { FastifyPluginAsync } from 'fastify';
import health from './health.js';

/** One plugin per resource; versioned resources live under /v1. */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(health);
};
