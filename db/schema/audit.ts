import { pgTable, text, timestamp, uuid, integer, jsonb, index, bigserial } from 'drizzle-orm/pg-core';

export const actorKindValues = ['api_key', 'sla', 'system'] as const;

/**
 * Who made a change (see src/audit/actor.ts): the API key (id and its name at the time) or a system actor.
 * Rows written before these columns existed carry the system actor.
 */
export const actorColumnDefinitions = () => ({
  actorKind: text('actor_kind', { enum: actorKindValues }).notNull().default('system'),
  actorApiKeyId: uuid('actor_api_key_id'),
  actorName: text('actor_name').notNull().default('System'),
});

/**
 * Changes to configuration the clocks depend on (SLAs, calendars, holiday lists): one row per change, with
 * the version it produced and who made it. Case changes are in case_events instead.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity', { enum: ['sla', 'calendar', 'holiday_list'] }).notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The entity's version after the change (for a delete: the version deleted). */
    version: integer('version'),
    action: text('action').notNull(),
    ...actorColumnDefinitions(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId, t.id)],
);
