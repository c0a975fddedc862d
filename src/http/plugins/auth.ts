import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { findActiveKey, roleAllows, type AuthenticatedKey, type Role } from '../../auth/api-keys.js';
import { forbidden, unauthorized } from '../../errors.js';

declare module 'fastify' {
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

/** Every route needs an API key with at least the route's role, except routes marked public. */
export default fp(
  async function auth(app) {
    app.decorateRequest('apiKey', null);
    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config ?? {};
      if (config.public || request.url.startsWith('/docs')) return;
      // Unknown routes fall through to the 404 handler without revealing auth requirements.
      if (!request.routeOptions.url) return;
      const secret = bearer(request);
      if (!secret) throw unauthorized();
      const key = await findActiveKey(app.db, secret);
      if (!key) throw unauthorized('The API key is unknown or has been revoked.');
      request.apiKey = key;
      const required = config.role ?? 'agent';
      if (!roleAllows(key.role, required)) {
        throw forbidden(`This operation needs the "${required}" role; the key has "${key.role}".`, { requiredRole: required, role: key.role });
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
