ALTER TABLE "sla_items" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_kpi_instances" ADD COLUMN "pauses" jsonb DEFAULT '[]'::jsonb NOT NULL;