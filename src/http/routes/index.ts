import type { FastifyPluginAsync } from 'fastify';
import health from './health.js';
import slas from './slas.js';

/** One plugin per resource; versioned resources live under /v1. */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(health);
  await app.register(slas);
};
