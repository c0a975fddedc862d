-- Service-KPI rollup: per UTC day and per dimension value (queue, owner, priority, service level, origin,
-- product, and 'all'), the counts and the minutes of the cases' facts, rebuilt day by day from the facts by
-- src/reports/rollup-refresh.ts. A month by queue reads ~30 x queues rows instead of the month's facts.
-- The case facts carry the case's dimensions, customer and reopenings: a case's contribution to the rollup
-- is read from its facts alone, so a refresh subtracts the old one and adds the new one.
ALTER TABLE "report_case_facts" ADD COLUMN "queue_id" uuid, ADD COLUMN "owner_id" uuid, ADD COLUMN "priority" text,
	ADD COLUMN "service_level" text, ADD COLUMN "origin" text, ADD COLUMN "product" text, ADD COLUMN "customer_id" uuid,
	ADD COLUMN "reopened_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
UPDATE "report_case_facts" f SET "queue_id" = c.queue_id, "owner_id" = c.owner_id, "priority" = c.priority, "service_level" = c.service_level,
	"origin" = c.origin, "product" = c.product, "customer_id" = coalesce(c.account_id, c.contact_id),
	"reopened_at" = coalesce((SELECT array_agg(e.occurred_at ORDER BY e.occurred_at) FROM case_events e WHERE e.case_id = f.case_id AND e.kind = 'reopened'), '{}')
	FROM "cases" c WHERE c.id = f.case_id;--> statement-breakpoint
-- A multiset difference: a's values with one occurrence removed per occurrence in b (the rollup's minutes).
CREATE FUNCTION "report_array_minus"(a double precision[], b double precision[]) RETURNS double precision[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(s.x), '{}') FROM (SELECT x, row_number() OVER (PARTITION BY x) AS n FROM unnest(a) x) s
    LEFT JOIN (SELECT y, count(*) AS c FROM unnest(b) y GROUP BY y) r ON r.y = s.x
   WHERE s.n > coalesce(r.c, 0)
$$;--> statement-breakpoint
CREATE TABLE "report_daily_cases" (
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"key" text,
	"created" integer NOT NULL,
	"closed" integer NOT NULL,
	-- Cases leaving the backlog that day: greatest(closed_at, created_at), so the running sum of created - backlog_out is the backlog.
	"backlog_out" integer NOT NULL,
	"resolved" integer NOT NULL,
	"reopened" integer NOT NULL,
	"first_response_business" double precision[] NOT NULL,
	"first_response_calendar" double precision[] NOT NULL,
	"resolution_business" double precision[] NOT NULL,
	"resolution_calendar" double precision[] NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "report_daily_cases_day_idx" ON "report_daily_cases" USING btree ("day", "dim", "key") NULLS NOT DISTINCT;--> statement-breakpoint
CREATE INDEX "report_daily_cases_key_idx" ON "report_daily_cases" USING btree ("dim", "key", "day");--> statement-breakpoint
CREATE TABLE "report_daily_compliance" (
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"key" text,
	"kpi" text NOT NULL,
	"met" integer NOT NULL,
	"paused" integer NOT NULL,
	"breached" integer NOT NULL,
	"late" integer NOT NULL,
	"open" integer NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "report_daily_compliance_day_idx" ON "report_daily_compliance" USING btree ("day", "dim", "key", "kpi") NULLS NOT DISTINCT;--> statement-breakpoint
CREATE INDEX "report_daily_compliance_key_idx" ON "report_daily_compliance" USING btree ("dim", "key", "day");--> statement-breakpoint
-- Customers (account, else contact) who created a case that day, and how many cases: customer retention.
CREATE TABLE "report_daily_customers" (
	"day" date NOT NULL,
	"customer_id" uuid NOT NULL,
	"cases" integer NOT NULL,
	PRIMARY KEY ("day", "customer_id")
);--> statement-breakpoint
-- Days whose rollup rows must be rebuilt from the facts (an upgrade's existing facts; a repair).
CREATE TABLE "report_dirty_days" (
	"day" date PRIMARY KEY NOT NULL
);--> statement-breakpoint
-- The rollup groups by the cases' current dimensions, so a change of queue, owner, customer, etc. refreshes the case too.
DROP TRIGGER "cases_report_dirty_update" ON "cases";--> statement-breakpoint
CREATE TRIGGER "cases_report_dirty_update" AFTER UPDATE ON "cases" FOR EACH ROW
	WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
		OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at
		OR OLD.queue_id IS DISTINCT FROM NEW.queue_id OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.priority IS DISTINCT FROM NEW.priority
		OR OLD.service_level IS DISTINCT FROM NEW.service_level OR OLD.origin IS DISTINCT FROM NEW.origin OR OLD.product IS DISTINCT FROM NEW.product
		OR OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
	EXECUTE FUNCTION "report_mark_case_dirty"();--> statement-breakpoint
-- Reopenings are counted from the timeline, so a new one refreshes its case.
CREATE TRIGGER "case_events_report_dirty" AFTER INSERT ON "case_events" FOR EACH ROW WHEN (NEW.kind = 'reopened')
	EXECUTE FUNCTION "report_mark_instance_case_dirty"();--> statement-breakpoint
-- Existing facts: every day from the first to the last instant they hold is built on the first report.
INSERT INTO "report_dirty_days" ("day")
	SELECT generate_series((lo AT TIME ZONE 'UTC')::date, (hi AT TIME ZONE 'UTC')::date, interval '1 day')::date
	  FROM (SELECT (SELECT min(created_at) FROM report_case_facts) AS lo,
	               greatest((SELECT max(created_at) FROM report_case_facts), (SELECT max(first_response_at) FROM report_case_facts),
	                        (SELECT max(closed_at) FROM report_case_facts), (SELECT max(started_at) FROM report_kpi_facts),
	                        (SELECT max(occurred_at) FROM case_events WHERE kind = 'reopened')) AS hi) s
	 WHERE lo IS NOT NULL;--> statement-breakpoint
-- The day a case left the backlog (rollup rebuild, and the partial day at a backlog instant).
CREATE INDEX "report_case_facts_backlog_out_idx" ON "report_case_facts" USING btree ((greatest("closed_at", "created_at"))) WHERE "closed_at" IS NOT NULL;
