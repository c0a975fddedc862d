-- Service KPIs: per-case and per-KPI-instance facts with business minutes computed by the calendar engine
-- (src/reports/refresh-facts.ts), refreshed incrementally from a queue of changed cases that triggers fill.
CREATE TABLE "report_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL REFERENCES "cases"("id"),
	"created_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"calendar_id" uuid,
	"calendar_version" integer,
	"first_response_business_minutes" double precision,
	"first_response_calendar_minutes" double precision,
	"resolution_business_minutes" double precision,
	"resolution_calendar_minutes" double precision,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_case_facts_created_idx" ON "report_case_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "report_case_facts_first_response_idx" ON "report_case_facts" USING btree ("first_response_at") WHERE "first_response_at" is not null;--> statement-breakpoint
CREATE INDEX "report_case_facts_resolved_idx" ON "report_case_facts" USING btree ("resolved_at") WHERE "resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "report_case_facts_closed_idx" ON "report_case_facts" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "report_case_facts_open_idx" ON "report_case_facts" USING btree ("created_at") WHERE "closed_at" is null;--> statement-breakpoint
CREATE TABLE "report_kpi_facts" (
	"instance_id" uuid PRIMARY KEY NOT NULL REFERENCES "sla_kpi_instances"("id"),
	"case_id" uuid NOT NULL REFERENCES "cases"("id"),
	"kpi" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_kpi_facts_started_idx" ON "report_kpi_facts" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "report_kpi_facts_case_idx" ON "report_kpi_facts" USING btree ("case_id");--> statement-breakpoint
CREATE TABLE "report_dirty_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL
);--> statement-breakpoint
CREATE FUNCTION "report_mark_case_dirty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty_cases (case_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION "report_mark_instance_case_dirty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty_cases (case_id) VALUES (NEW.case_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "cases_report_dirty_insert" AFTER INSERT ON "cases" FOR EACH ROW EXECUTE FUNCTION "report_mark_case_dirty"();--> statement-breakpoint
CREATE TRIGGER "cases_report_dirty_update" AFTER UPDATE ON "cases" FOR EACH ROW
	WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
		OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at)
	EXECUTE FUNCTION "report_mark_case_dirty"();--> statement-breakpoint
CREATE TRIGGER "sla_kpi_instances_report_dirty" AFTER INSERT OR UPDATE ON "sla_kpi_instances" FOR EACH ROW EXECUTE FUNCTION "report_mark_instance_case_dirty"();--> statement-breakpoint
-- Cases that existed before this migration get their facts on the first report.
INSERT INTO "report_dirty_cases" ("case_id") SELECT "id" FROM "cases";--> statement-breakpoint
-- The reports read reopenings from the case timeline by instant.
CREATE INDEX "case_events_kind_occurred_idx" ON "case_events" USING btree ("kind", "occurred_at");--> statement-breakpoint
CREATE INDEX "entitlements_period_idx" ON "entitlements" USING btree ("start_date", "end_date");--> statement-breakpoint
-- Goals (Dynamics-style goal management): a metric, an owner, a period, a target; actuals are computed when read.
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"period_type" text NOT NULL,
	"period_label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"target" double precision NOT NULL,
	"stretch_target" double precision,
	"parent_id" uuid REFERENCES "goals"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	CONSTRAINT "goals_period" CHECK ("period_start" <= "period_end"),
	CONSTRAINT "goals_owner_type" CHECK ("owner_type" in ('agent', 'queue'))
);--> statement-breakpoint
CREATE INDEX "goals_parent_idx" ON "goals" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "goals_owner_idx" ON "goals" USING btree ("owner_type", "owner_id");--> statement-breakpoint
CREATE INDEX "cases_owner_resolved_idx" ON "cases" USING btree ("owner_id", "resolved_at");--> statement-breakpoint
CREATE INDEX "cases_queue_resolved_idx" ON "cases" USING btree ("queue_id", "resolved_at");
