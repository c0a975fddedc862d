import fp from 'fastify-plugin';
import { CaseLifecycle, type CaseLifecycleListener } from '../../cases/case-lifecycle.js';

declare module 'fastify' {
  interface FastifyInstance {
    caseLifecycle: CaseLifecycle;
  }
}

export default fp<{ listeners: CaseLifecycleListener[] }>(
  async function caseLifecycle(app, { listeners }) {
    app.decorate('caseLifecycle', new CaseLifecycle(listeners, app.log));
  },
  { name: 'case-lifecycle' },
);
