CREATE TABLE "entitlement_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entitlement_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"total_units" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entitlement_channels_total_positive" CHECK ("entitlement_channels"."total_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "entitlement_usages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entitlement_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text,
	"units" integer NOT NULL,
	"trigger" text NOT NULL,
	"consumed_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"release_reason" text,
	CONSTRAINT "entitlement_usages_units_nonnegative" CHECK ("entitlement_usages"."units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "entitlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"account_id" uuid,
	"contact_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"allocation_type" text NOT NULL,
	"total_units" integer NOT NULL,
	"decrease_on" text NOT NULL,
	"restrict_case_creation" boolean DEFAULT false NOT NULL,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sla_id" uuid,
	"is_default" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "entitlements_one_customer" CHECK (("entitlements"."account_id" is null) <> ("entitlements"."contact_id" is null)),
	CONSTRAINT "entitlements_dates" CHECK ("entitlements"."start_date" <= "entitlements"."end_date"),
	CONSTRAINT "entitlements_total_positive" CHECK ("entitlements"."total_units" > 0)
);
--> statement-breakpoint
ALTER TABLE "entitlement_channels" ADD CONSTRAINT "entitlement_channels_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_usages" ADD CONSTRAINT "entitlement_usages_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_usages" ADD CONSTRAINT "entitlement_usages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_sla_id_slas_id_fk" FOREIGN KEY ("sla_id") REFERENCES "public"."slas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entitlement_channels_entitlement_channel" ON "entitlement_channels" USING btree ("entitlement_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "entitlement_usages_once_per_case" ON "entitlement_usages" USING btree ("entitlement_id","case_id","kind") WHERE "entitlement_usages"."released_at" is null;--> statement-breakpoint
CREATE INDEX "entitlement_usages_case_idx" ON "entitlement_usages" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "entitlement_usages_entitlement_idx" ON "entitlement_usages" USING btree ("entitlement_id","consumed_at");--> statement-breakpoint
CREATE INDEX "entitlements_account_idx" ON "entitlements" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "entitlements_contact_idx" ON "entitlements" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "entitlements_created_idx" ON "entitlements" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "entitlements_one_default_per_account" ON "entitlements" USING btree ("account_id") WHERE "entitlements"."is_default" and "entitlements"."account_id" is not null and "entitlements"."state" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "entitlements_one_default_per_contact" ON "entitlements" USING btree ("contact_id") WHERE "entitlements"."is_default" and "entitlements"."contact_id" is not null and "entitlements"."state" <> 'cancelled';