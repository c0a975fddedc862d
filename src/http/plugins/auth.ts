import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { findActiveKey, roleAllows, type AuthenticatedKey, type Role } from '../../auth/api-keys.js';
import { AppError, forbidden, unauthorized } from '../../errors.js';
import { AuthFailureLimiter } from '../auth-failure-limiter.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Server secret of the API key HMAC (config API_KEY_PEPPER). */
    apiKeyPepper: string;
  }
  interface FastifyRequest {
    apiKey: AuthenticatedKey | null;
  }
  interface FastifyContextConfig {
    /** Minimum role for the route; default 'agent'. */
    role?: Role;
    /** No API key needed (health and docs). */
    public?: boolean;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/**
 * Every route needs an API key with at least the route's role, except routes marked public. A client address
 * with `failuresPerMinute` failed authentications gets 429 before its key is looked up, until its minute ends.
 */
export default fp<{ pepper: string; failuresPerMinute: number }>(
  async function auth(app, { pepper, failuresPerMinute }) {
    app.decorate('apiKeyPepper', pepper);
    app.decorateRequest('apiKey', null);
    const failures = new AuthFailureLimiter(failuresPerMinute);
    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config ?? {};
      if (config.public || request.url.startsWith('/docs')) return;
      // Unknown routes fall through to the 404 handler without revealing auth requirements.
      if (!request.routeOptions.url) return;
      const now = app.now().getTime();
      const retryAfter = failures.retryAfterSeconds(request.ip, now);
      if (retryAfter > 0) {
        reply.header('retry-after', String(retryAfter));
        throw new AppError(
          'RATE_LIMITED',
          429,
          `Too many failed authentications from this address (${failuresPerMinute} per minute); retry in ${retryAfter} seconds with a valid API key.`,
        );
      }
      const secret = bearer(request);
      const key = secret ? await findActiveKey(app.db, secret, pepper) : undefined;
      if (!key) {
        failures.recordFailure(request.ip, now);
        throw secret ? unauthorized('The API key is unknown or has been revoked.') : unauthorized();
      }
      request.apiKey = key;
      const required = config.role ?? 'agent';
      if (!roleAllows(key.role, required)) {
        throw forbidden(`This operation needs the "${required}" role; the key has "${key.role}".`, { requiredRole: required, role: key.role });
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
