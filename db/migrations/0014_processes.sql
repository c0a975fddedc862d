-- Business process flows: versioned definitions, one active instance per case, and each stay in a stage.
CREATE TABLE "processes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"rank" integer DEFAULT 100 NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "processes_rank_idx" ON "processes" USING btree ("rank","created_at");
--> statement-breakpoint
CREATE TABLE "process_versions" (
	"process_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"applicable_when" jsonb,
	"stages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	CONSTRAINT "process_versions_process_id_version_pk" PRIMARY KEY("process_id","version"),
	CONSTRAINT "process_versions_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id")
);
--> statement-breakpoint
CREATE TABLE "case_processes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"process_id" uuid NOT NULL,
	"process_version" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"active_stage" text,
	"path" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checked" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_processes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id"),
	CONSTRAINT "case_processes_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "case_processes_one_active" ON "case_processes" USING btree ("case_id") WHERE "case_processes"."status" = 'active';
--> statement-breakpoint
CREATE INDEX "case_processes_case_idx" ON "case_processes" USING btree ("case_id","started_at");
--> statement-breakpoint
CREATE INDEX "case_processes_process_idx" ON "case_processes" USING btree ("process_id","status");
--> statement-breakpoint
CREATE TABLE "case_process_stages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_process_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"exit" text,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	CONSTRAINT "case_process_stages_case_process_id_case_processes_id_fk" FOREIGN KEY ("case_process_id") REFERENCES "public"."case_processes"("id")
);
--> statement-breakpoint
CREATE INDEX "case_process_stages_instance_idx" ON "case_process_stages" USING btree ("case_process_id","id");
