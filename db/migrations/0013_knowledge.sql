CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE SEQUENCE "public"."knowledge_article_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "knowledge_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_version" integer,
	"latest_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	CONSTRAINT "knowledge_articles_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "knowledge_article_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"content_html" text NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"language" text NOT NULL,
	"language_base" text NOT NULL,
	"search_config" text NOT NULL,
	"product_id" uuid,
	"expires_at" timestamp with time zone,
	"search_vector" "tsvector" NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_version" integer NOT NULL,
	"resolves_case" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"article_version" integer NOT NULL,
	"outbox_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"to" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_suggestions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"times" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "knowledge_article_versions" ADD CONSTRAINT "knowledge_article_versions_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_article_versions" ADD CONSTRAINT "knowledge_article_versions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_links" ADD CONSTRAINT "knowledge_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_links" ADD CONSTRAINT "knowledge_links_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_sends" ADD CONSTRAINT "knowledge_sends_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_sends" ADD CONSTRAINT "knowledge_sends_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_sends" ADD CONSTRAINT "knowledge_sends_outbox_id_email_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."email_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_sends" ADD CONSTRAINT "knowledge_sends_activity_id_case_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."case_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_suggestions" ADD CONSTRAINT "knowledge_suggestions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_suggestions" ADD CONSTRAINT "knowledge_suggestions_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_article_versions_article_version_key" ON "knowledge_article_versions" USING btree ("article_id","version");--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_search_idx" ON "knowledge_article_versions" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_trgm_idx" ON "knowledge_article_versions" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_status_idx" ON "knowledge_article_versions" USING btree ("status","language_base");--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_product_idx" ON "knowledge_article_versions" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_links_case_article_key" ON "knowledge_links" USING btree ("case_id","article_id");--> statement-breakpoint
CREATE INDEX "knowledge_links_article_idx" ON "knowledge_links" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "knowledge_sends_case_idx" ON "knowledge_sends" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "knowledge_sends_article_idx" ON "knowledge_sends" USING btree ("article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_suggestions_case_article_key" ON "knowledge_suggestions" USING btree ("case_id","article_id");--> statement-breakpoint
CREATE INDEX "knowledge_suggestions_article_idx" ON "knowledge_suggestions" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "cases_text_search_idx" ON "cases" USING gin (to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", '')));
