import type { FastifyPluginAsync } from 'fastify';
import health from './health.js';
import entitlements from './entitlements.js';
import slas from './slas.js';
import caseSla from './case-sla.js';
import accounts from './accounts.js';
import contacts from './contacts.js';
import agents from './agents.js';
import cases from './cases.js';
import caseImport from './case-import.js';
import caseActivities from './case-activities.js';
import queues from './queues.js';
import apiKeys from './api-keys.js';
import calendars from './calendars.js';
import holidayLists from './holiday-lists.js';
import businessTime from './business-time.js';
import auditLog from './audit-log.js';
import previews from './previews.js';

/** One plugin per resource; versioned resources live under /v1. */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(health);
  await app.register(entitlements);
  await app.register(slas);
  await app.register(caseSla);
  await app.register(accounts);
  await app.register(contacts);
  await app.register(agents);
  await app.register(cases);
  await app.register(caseImport);
  await app.register(caseActivities);
  await app.register(queues);
  await app.register(apiKeys);
  await app.register(calendars);
  await app.register(holidayLists);
  await app.register(businessTime);
  await app.register(auditLog);
  await app.register(previews);
};
