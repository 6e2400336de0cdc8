"""PostgreSQL: keep each case study's search vector in its row (storage MAIN) instead of out of
line in the TOAST table, where a vector of a few hundred words (about 1 kB) otherwise goes.

A search reads the vectors of the newest rows until it has enough matches, then ranks them: out of
line, each read is a lookup in the TOAST table's index and a visit to its page, for every row
checked, and again to rank it. Longer columns (the story, outcomes, lessons) go out of line first.
Existing rows are written again so that their vectors move in (the trigger recomputes them).
SQLite has no search vector: nothing to do."""

from django.db import migrations

FORWARD = """
ALTER TABLE casestudies_casestudy ALTER COLUMN search_vector SET STORAGE MAIN;
UPDATE casestudies_casestudy SET search_vector = NULL;
"""

BACKWARD = "ALTER TABLE casestudies_casestudy ALTER COLUMN search_vector SET STORAGE EXTENDED;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0020_registry_numbers_from_public_pages")]

    operations = [migrations.RunPython(forward, backward)]
