-- The worker's outbox sweep retries every email no workflow owns (surveys, articles sent from a case):
-- one partial index over pending emails serves any key prefix; it replaces the survey-only one of 0011.
CREATE INDEX IF NOT EXISTS "email_outbox_pending_idx" ON "email_outbox" USING btree ("created_at") WHERE "status" = 'pending';--> statement-breakpoint
DROP INDEX IF EXISTS "email_outbox_survey_pending_idx";
