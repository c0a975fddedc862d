-- API keys: a short non-secret key id instead of the first 8 characters of the secret, and the hash scheme
-- of each row. Keys stored before this migration keep working: their sha256 rows are marked 'sha256' and
-- re-hashed with HMAC-SHA256 (API_KEY_PEPPER) the first time they authenticate (src/auth/api-keys.ts).
ALTER TABLE "api_keys" ADD COLUMN "key_id" text;
--> statement-breakpoint
UPDATE "api_keys" SET "key_id" = substr(replace(gen_random_uuid()::text, '-', ''), 1, 12);
--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "key_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_key_id_unique" UNIQUE("key_id");
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "hash_scheme" text DEFAULT 'sha256' NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "hash_scheme" SET DEFAULT 'hmac-sha256';
--> statement-breakpoint
ALTER TABLE "api_keys" DROP COLUMN "key_prefix";
