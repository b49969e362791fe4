"""The Pôle's four members and its two SCoTs, as its statutes and FACTS.md give them.

Descriptions and logos are editorial and entered in the admin (or by the demo content).
"""

from django.db import migrations

MEMBERS = [
    # slug, kind, name, short name, SIREN, INSEE code
    ("lens-lievin", "ca", "Communauté d'agglomération de Lens-Liévin", "Lens-Liévin", "246200364", ""),
    ("henin-carvin", "ca", "Communauté d'agglomération d'Hénin-Carvin", "Hénin-Carvin", "246200299", ""),
    (
        "bethune-bruay",
        "ca",
        "Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane",
        "Béthune-Bruay",
        "200072460",
        "",
    ),
    ("pas-de-calais", "departement", "Département du Pas-de-Calais", "Pas-de-Calais", None, "62"),
]

SCOTS = [
    ("scot-lens-lievin-henin-carvin", "SCoT de Lens-Liévin et Hénin-Carvin", ["lens-lievin", "henin-carvin"]),
    ("scot-artois", "SCoT de l'Artois", ["bethune-bruay"]),
]


def create(apps, schema_editor):
    Member = apps.get_model("territoire", "Member")
    Scot = apps.get_model("territoire", "Scot")
    for order, (slug, kind, name, short_name, siren, insee_code) in enumerate(MEMBERS, start=1):
        Member.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "name_fr": name,
                "short_name": short_name,
                "short_name_fr": short_name,
                "siren": siren,
                "insee_code": insee_code,
                "order": order,
            },
        )
    for order, (slug, name, members) in enumerate(SCOTS, start=1):
        scot, _ = Scot.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_fr": name, "order": order}
        )
        scot.members.set(Member.objects.filter(slug__in=members))


class Migration(migrations.Migration):
    dependencies = [("territoire", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
