-- Every SLA version is kept; cases pin the version their clocks follow (issue 9).
CREATE TABLE "sla_versions" (
	"sla_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"calendar_id" uuid,
	"allow_pause" boolean NOT NULL,
	"pausing_statuses" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_versions_sla_id_version_pk" PRIMARY KEY("sla_id","version")
);
--> statement-breakpoint
ALTER TABLE "sla_versions" ADD CONSTRAINT "sla_versions_sla_id_slas_id_fk" FOREIGN KEY ("sla_id") REFERENCES "public"."slas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_versions" ADD CONSTRAINT "sla_versions_calendar_id_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Earlier versions' settings were overwritten in place; the current settings are all that is known, and
-- they are what those cases' clocks followed until now. Version 1..current exist for every SLA.
INSERT INTO "sla_versions" ("sla_id", "version", "name", "description", "calendar_id", "allow_pause", "pausing_statuses", "created_at")
SELECT s."id", v.n, s."name", s."description", s."calendar_id", s."allow_pause", s."pausing_statuses",
       CASE WHEN v.n = s."version" THEN s."updated_at" ELSE s."created_at" END
FROM "slas" s CROSS JOIN LATERAL generate_series(1, s."version") AS v(n);--> statement-breakpoint
ALTER TABLE "sla_items" ADD COLUMN "sla_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Current items belong to the current version. Each PUT retired all items at one instant and added one
-- version, so the k-th most recent retirement instant holds the items of version (current - k).
UPDATE "sla_items" i SET "sla_version" = s."version"
FROM "slas" s WHERE s."id" = i."sla_id" AND i."retired_at" IS NULL;--> statement-breakpoint
UPDATE "sla_items" i SET "sla_version" = greatest(1, s."version" - r.k)
FROM "slas" s,
     (SELECT "sla_id", "retired_at", dense_rank() OVER (PARTITION BY "sla_id" ORDER BY "retired_at" DESC) AS k
      FROM "sla_items" WHERE "retired_at" IS NOT NULL GROUP BY "sla_id", "retired_at") r
WHERE s."id" = i."sla_id" AND r."sla_id" = i."sla_id" AND r."retired_at" = i."retired_at";--> statement-breakpoint
DROP INDEX IF EXISTS "sla_items_sla_idx";--> statement-breakpoint
CREATE INDEX "sla_items_sla_version_idx" ON "sla_items" USING btree ("sla_id","sla_version","position");--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sla_version" integer;--> statement-breakpoint
-- A case follows the version of its most recent KPI instance (open ones first), else the current one.
UPDATE "cases" c SET "sla_version" = coalesce(
  (SELECT i."sla_version" FROM "sla_kpi_instances" k JOIN "sla_items" i ON i."id" = k."sla_item_id"
   WHERE k."case_id" = c."id" AND k."sla_id" = c."sla_id"
   ORDER BY (k."ended_at" IS NULL) DESC, k."created_at" DESC LIMIT 1),
  (SELECT s."version" FROM "slas" s WHERE s."id" = c."sla_id"))
WHERE c."sla_id" IS NOT NULL;
