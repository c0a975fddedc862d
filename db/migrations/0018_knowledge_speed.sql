ALTER TABLE "cases" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))) STORED;--> statement-breakpoint
DROP INDEX IF EXISTS "cases_text_search_idx";--> statement-breakpoint
CREATE INDEX "cases_search_vector_idx" ON "cases" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_config_idx" ON "knowledge_article_versions" USING btree ("status","search_config");--> statement-breakpoint
CREATE INDEX "knowledge_article_versions_head_idx" ON "knowledge_article_versions" USING gin (ts_filter("search_vector", '{a,b}'));
--> statement-breakpoint
CREATE TABLE "knowledge_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "knowledge_words_trgm_idx" ON "knowledge_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE FUNCTION "knowledge_words_learn"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO knowledge_words (word)
  SELECT DISTINCT w FROM new_rows n, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n.search_text))) w
   WHERE length(w) BETWEEN 3 AND 60
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "knowledge_words_on_insert" AFTER INSERT ON "knowledge_article_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "knowledge_words_learn"();--> statement-breakpoint
CREATE TRIGGER "knowledge_words_on_update" AFTER UPDATE ON "knowledge_article_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "knowledge_words_learn"();--> statement-breakpoint
INSERT INTO "knowledge_words" ("word")
SELECT DISTINCT w FROM "knowledge_article_versions" v, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, v.search_text))) w
 WHERE length(w) BETWEEN 3 AND 60
ON CONFLICT DO NOTHING;
