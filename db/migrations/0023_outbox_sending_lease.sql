-- An email being sent is claimed with a lease instead of a row lock held across the SMTP conversation:
-- no database connection waits on a slow or unreachable mail server (PGlite has only one).
ALTER TABLE "email_outbox" ADD COLUMN IF NOT EXISTS "sending_until" timestamp with time zone;
