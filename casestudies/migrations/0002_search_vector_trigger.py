"""PostgreSQL full-text search: a trigger keeps CaseStudy.search_vector up to date and a
GIN index serves it. Weights: A name, B summary, C story and outcomes. SQLite skips this
(the search falls back to matching words in those fields)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION casestudies_casestudy_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.body, '') || ' ' || coalesce(NEW.outcomes, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS casestudies_casestudy_search_vector_update ON casestudies_casestudy;
CREATE TRIGGER casestudies_casestudy_search_vector_update
  BEFORE INSERT OR UPDATE OF name, summary, body, outcomes, search_vector ON casestudies_casestudy
  FOR EACH ROW EXECUTE FUNCTION casestudies_casestudy_search_vector();

CREATE INDEX IF NOT EXISTS casestudies_casestudy_search_vector_gin
  ON casestudies_casestudy USING gin (search_vector);

UPDATE casestudies_casestudy SET name = name;
"""

BACKWARD = """
DROP INDEX IF EXISTS casestudies_casestudy_search_vector_gin;
DROP TRIGGER IF EXISTS casestudies_casestudy_search_vector_update ON casestudies_casestudy;
DROP FUNCTION IF EXISTS casestudies_casestudy_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
