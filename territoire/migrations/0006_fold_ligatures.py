"""Search names are folded again now that folding spells out œ and æ ("noeux" finds Nœux)."""

from django.db import migrations

from pole_artois.core.text import fold


def refold(apps, schema_editor):
    Commune = apps.get_model("territoire", "Commune")
    changed = []
    for commune in Commune.objects.only("pk", "name", "search_name"):
        if commune.search_name != (folded := fold(commune.name)):
            commune.search_name = folded
            changed.append(commune)
    Commune.objects.bulk_update(changed, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("territoire", "0005_translated_logo_alt")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
