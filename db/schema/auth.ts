import { pgTable, text, timestamp, uuid, jsonb, integer, primaryKey, index } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  role: text('role', { enum: ['agent', 'manager', 'admin'] }).notNull(),
  /** Short, non-secret id of the key (part of generated secrets: sla_<keyId>_<random>), shown in listings. */
  keyId: text('key_id').notNull().unique(),
  /** HMAC-SHA256 of the secret under API_KEY_PEPPER ('sha256': a key stored before migration 0009, re-hashed at its next use). */
  keyHash: text('key_hash').notNull().unique(),
  hashScheme: text('hash_scheme', { enum: ['hmac-sha256', 'sha256'] }).notNull().default('hmac-sha256'),
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
