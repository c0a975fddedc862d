ALTER TABLE "calendar_versions" ADD COLUMN "source_definition" jsonb;--> statement-breakpoint
ALTER TABLE "calendar_versions" ADD COLUMN "holiday_lists" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_versions" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "calendars" ADD COLUMN "holiday_list_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;