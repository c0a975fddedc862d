ALTER TABLE "sla_commands" ADD COLUMN "claim_token" uuid;--> statement-breakpoint
ALTER TABLE "sla_commands" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_commands" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sla_commands_instance_pending_idx" ON "sla_commands" USING btree ("instance_id","id") WHERE "sla_commands"."delivered_at" is null;
