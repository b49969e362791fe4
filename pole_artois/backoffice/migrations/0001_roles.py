"""The Direction and Administration groups, with the permissions of backoffice/roles.py.

Later models get theirs at every `migrate` (post_migrate) and from `manage.py sync_roles`.
"""

from django.db import migrations

from pole_artois.backoffice import roles


def create_roles(apps, schema_editor):
    roles.sync_roles(apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=roles.ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("territoire", "0003_labels"),
        ("partenaires", "0001_initial"),
        ("chantiers", "0001_initial"),
        ("institution", "0003_required_pages"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
