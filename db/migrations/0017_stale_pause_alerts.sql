-- Stale-pause alerts (issue 16 part 3): an SLA item may alert when a clock has been paused longer than
-- stale_pause_minutes (business or calendar time). Items belong to one SLA version, so each version keeps
-- its own setting; existing items get none.
ALTER TABLE "sla_items" ADD COLUMN "stale_pause_minutes" integer;--> statement-breakpoint
ALTER TABLE "sla_items" ADD COLUMN "stale_pause_time" text;--> statement-breakpoint
ALTER TABLE "sla_items" ADD COLUMN "stale_pause_actions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_items" ADD CONSTRAINT "sla_items_stale_pause_check" CHECK (
	("stale_pause_minutes" IS NULL AND "stale_pause_time" IS NULL)
	OR (coalesce("stale_pause_minutes" > 0, false) AND coalesce("stale_pause_time" IN ('business', 'calendar'), false))
);
