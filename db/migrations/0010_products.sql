-- The product catalogue: one product per distinct free-text product of cases and entitlements
-- (compared without regard to case and surrounding spaces), then cases and entitlements linked by id.
-- Nothing is dropped: cases.product and entitlements.products keep the text they held.
CREATE SEQUENCE IF NOT EXISTS "product_number_seq" START WITH 1;
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "products_number_unique" UNIQUE("number"),
	CONSTRAINT "products_parent_id_products_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."products"("id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "products_name_key" ON "products" USING btree (lower("name"));
--> statement-breakpoint
CREATE INDEX "products_parent_idx" ON "products" USING btree ("parent_id");
--> statement-breakpoint
INSERT INTO "products" ("number", "name")
SELECT 'PRD-' || lpad((row_number() OVER (ORDER BY lower(d.name), d.name))::text, 6, '0'), d.name
FROM (
	-- Each product takes its most frequent spelling; on a tie, one a case used, then the first in order.
	SELECT DISTINCT ON (lower(name)) name
	FROM (
		SELECT btrim(v) AS name, count(*) AS uses, min(source) AS source
		FROM (
			SELECT "product" AS v, 0 AS source FROM "cases" WHERE "product" IS NOT NULL
			UNION ALL
			SELECT e.v, 1 AS source FROM "entitlements" CROSS JOIN LATERAL jsonb_array_elements_text("entitlements"."products") AS e(v)
		) AS s
		WHERE btrim(v) <> ''
		GROUP BY btrim(v)
	) AS spellings
	ORDER BY lower(name), uses DESC, source, name
) AS d;
--> statement-breakpoint
SELECT setval('product_number_seq', greatest((SELECT count(*) FROM "products"), 1), (SELECT count(*) FROM "products") > 0);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "product_id" uuid;
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id");
--> statement-breakpoint
UPDATE "cases" SET "product_id" = p."id" FROM "products" p WHERE lower(btrim("cases"."product")) = lower(p."name");
--> statement-breakpoint
CREATE INDEX "cases_product_idx" ON "cases" USING btree ("product_id");
--> statement-breakpoint
CREATE TABLE "entitlement_products" (
	"entitlement_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "entitlement_products_entitlement_id_product_id_pk" PRIMARY KEY("entitlement_id","product_id"),
	CONSTRAINT "entitlement_products_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE cascade,
	CONSTRAINT "entitlement_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id")
);
--> statement-breakpoint
CREATE INDEX "entitlement_products_product_idx" ON "entitlement_products" USING btree ("product_id");
--> statement-breakpoint
INSERT INTO "entitlement_products" ("entitlement_id", "product_id")
SELECT DISTINCT en."id", p."id"
FROM "entitlements" en
CROSS JOIN LATERAL jsonb_array_elements_text(en."products") AS e(v)
JOIN "products" p ON lower(p."name") = lower(btrim(e.v));
