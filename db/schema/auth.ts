import { pgTable, text, timestamp, uuid, jsonb, integer, primaryKey, index } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  role: text('role', { enum: ['agent', 'manager', 'admin'] }).notNull(),
  /** sha256 of the secret; the secret itself is shown once at creation. */
  keyHash: text('key_hash').notNull().unique(),
  keyPrefix: text('key_prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    apiKeyId: uuid('api_key_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    /** The answer's media type, replayed as it was (application/problem+json for a refusal). */
    contentType: text('content_type').notNull().default('application/json'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** After this the key is new again (IDEMPOTENCY_KEY_TTL_HOURS after the answer). */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_records_expires_at_idx').on(t.expiresAt)],
);
