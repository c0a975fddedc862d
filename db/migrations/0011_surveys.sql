CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"token_hash" text NOT NULL,
	"round_id" uuid,
	"case_id" uuid,
	"contact_id" uuid,
	"account_id" uuid,
	"agent_id" uuid,
	"recipient_email" text NOT NULL,
	"email_outbox_id" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone,
	"actor_kind" text DEFAULT 'system' NOT NULL,
	"actor_api_key_id" uuid,
	"actor_name" text DEFAULT 'System' NOT NULL,
	CONSTRAINT "surveys_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "surveys_kind_check" CHECK ("kind" IN ('csat', 'nps', 'engagement')),
	CONSTRAINT "surveys_trigger_check" CHECK ("trigger" IN ('resolution', 'on_demand', 'schedule')),
	CONSTRAINT "surveys_subject_check" CHECK (
		("kind" = 'csat' AND "case_id" IS NOT NULL)
		OR ("kind" = 'nps' AND "contact_id" IS NOT NULL)
		OR ("kind" = 'engagement' AND "agent_id" IS NOT NULL AND "answered_at" IS NULL))
);--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"survey_id" uuid,
	"round_id" uuid,
	"case_id" uuid,
	"contact_id" uuid,
	"account_id" uuid,
	"score" smallint NOT NULL,
	"comment" text,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_responses_survey_id_unique" UNIQUE("survey_id"),
	CONSTRAINT "survey_responses_kind_check" CHECK ("kind" IN ('csat', 'nps', 'engagement')),
	CONSTRAINT "survey_responses_score_check" CHECK (
		("kind" = 'csat' AND "score" BETWEEN 1 AND 5) OR ("kind" IN ('nps', 'engagement') AND "score" BETWEEN 0 AND 10)),
	CONSTRAINT "survey_responses_anonymous_check" CHECK (
		("kind" = 'engagement') = ("survey_id" IS NULL)
		AND ("kind" <> 'engagement' OR ("case_id" IS NULL AND "contact_id" IS NULL AND "account_id" IS NULL)))
);--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surveys_kind_issued_idx" ON "surveys" USING btree ("kind","issued_at");--> statement-breakpoint
CREATE INDEX "surveys_case_idx" ON "surveys" USING btree ("case_id","issued_at") WHERE "case_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "surveys_contact_idx" ON "surveys" USING btree ("contact_id","issued_at") WHERE "contact_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "surveys_account_idx" ON "surveys" USING btree ("account_id","issued_at") WHERE "account_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "survey_responses_kind_answered_idx" ON "survey_responses" USING btree ("kind","answered_at");--> statement-breakpoint
CREATE INDEX "survey_responses_case_idx" ON "survey_responses" USING btree ("case_id") WHERE "case_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "email_outbox_survey_pending_idx" ON "email_outbox" USING btree ("created_at") WHERE "status" = 'pending' AND "idempotency_key" LIKE 'survey:%';
