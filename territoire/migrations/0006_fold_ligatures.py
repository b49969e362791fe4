"""Search names and addresses spell out œ and æ now ("noeux" finds Nœux, whose address becomes
noeux-les-mines; the old one still answers, through the INSEE code, with a redirect)."""

from django.db import migrations

from pole_artois.core.text import fold, to_slug


def refold(apps, schema_editor):
    Commune = apps.get_model("territoire", "Commune")
    changed = []
    for commune in Commune.objects.only("pk", "name", "slug", "search_name"):
        spelled = (fold(commune.name), to_slug(commune.name))
        if (commune.search_name, commune.slug) != spelled:
            commune.search_name, commune.slug = spelled
            changed.append(commune)
    Commune.objects.bulk_update(changed, ["search_name", "slug"])


class Migration(migrations.Migration):
    dependencies = [("territoire", "0005_translated_logo_alt")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
