ALTER TABLE "idempotency_records" ADD COLUMN "content_type" text DEFAULT 'application/json' NOT NULL;--> statement-breakpoint
-- Answers stored before this migration: a refusal (4xx) was problem+json.
UPDATE "idempotency_records" SET "content_type" = 'application/problem+json' WHERE "status_code" >= 400;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
-- Existing records (including "in progress" ones left by a failed request, status 0) expire 24 h after creation.
UPDATE "idempotency_records" SET "expires_at" = "created_at" + interval '24 hours';--> statement-breakpoint
ALTER TABLE "idempotency_records" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "idempotency_records_expires_at_idx" ON "idempotency_records" USING btree ("expires_at");
