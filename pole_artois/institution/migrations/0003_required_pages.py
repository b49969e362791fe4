from django.db import migrations

# The footer and the site map link to these pages: they exist from the start, their text is the
# editors' (or the demo's) to write.
PAGES = [
    ("le-pole", "Le Pôle métropolitain", "About the Pôle métropolitain"),
    ("mentions-legales", "Mentions légales", "Legal notice"),
    ("donnees-personnelles", "Données personnelles", "Personal data"),
    ("accessibilite", "Déclaration d'accessibilité", "Accessibility statement"),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("institution", "Page")
    for key, title_fr, title_en in PAGES:
        Page.objects.get_or_create(
            key=key, defaults={"title": title_fr, "title_fr": title_fr, "title_en": title_en}
        )


class Migration(migrations.Migration):
    dependencies = [("institution", "0002_article_deliberation_page_seance_actchange_and_more")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
