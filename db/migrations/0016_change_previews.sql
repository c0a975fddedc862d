-- Preview before apply (issue #16): what applying a calendar version, a holiday list change or an SLA
-- definition change to the running KPI instances would do, stored until an admin applies it. `decisions`
-- holds one entry per instance in scope (its fingerprint and its new instants); applying re-checks every
-- fingerprint and the versions, and refuses a stale preview (409) rather than deciding anew.
CREATE TABLE "change_previews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"base_version" integer NOT NULL,
	"proposed" jsonb,
	"target" jsonb NOT NULL,
	"totals" jsonb NOT NULL,
	"decisions" jsonb NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"applied_by" text,
	CONSTRAINT "change_previews_kind_check" CHECK ("kind" IN ('calendar', 'holiday_list', 'sla'))
);
--> statement-breakpoint
CREATE INDEX "change_previews_subject_idx" ON "change_previews" USING btree ("kind","subject_id","created_at");
