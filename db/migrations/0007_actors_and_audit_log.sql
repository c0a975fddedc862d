ALTER TABLE "case_events" ADD COLUMN "actor_kind" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "actor_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "actor_name" text DEFAULT 'System' NOT NULL;--> statement-breakpoint
UPDATE "case_events" SET "actor_kind" = 'sla', "actor_name" = 'SLA engine' WHERE "kind" LIKE 'sla.%';--> statement-breakpoint
ALTER TABLE "case_activities" ADD COLUMN "actor_kind" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_activities" ADD COLUMN "actor_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "case_activities" ADD COLUMN "actor_name" text DEFAULT 'System' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_activities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"version" integer,
	"action" text NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id","id");--> statement-breakpoint
INSERT INTO "audit_log" ("entity", "entity_id", "version", "action", "data", "at")
SELECT 'calendar', "calendar_id", "version", CASE WHEN "version" = 1 THEN 'created' ELSE 'updated' END,
       jsonb_build_object('reason', "reason", 'backfilled', true), "created_at"
FROM "calendar_versions" ORDER BY "created_at", "calendar_id", "version";--> statement-breakpoint
INSERT INTO "audit_log" ("entity", "entity_id", "version", "action", "data", "at")
SELECT 'sla', "id", "version", CASE WHEN "version" = 1 THEN 'created' ELSE 'updated' END, jsonb_build_object('backfilled', true), "updated_at"
FROM "slas" ORDER BY "updated_at", "id";--> statement-breakpoint
INSERT INTO "audit_log" ("entity", "entity_id", "version", "action", "data", "at")
SELECT 'holiday_list', "id", "version", CASE WHEN "version" = 1 THEN 'created' ELSE 'updated' END, jsonb_build_object('backfilled', true), "updated_at"
FROM "holiday_lists" ORDER BY "updated_at", "id";
