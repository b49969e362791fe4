"""Name the messages already deleted by number in the admin's log (models/contact.py)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def forget_deleted_visitors(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContactMessage = apps.get_model("institution", "ContactMessage")
    content_type = ContentType.objects.filter(app_label="institution", model="contactmessage")
    existing = {str(pk) for pk in ContactMessage.objects.values_list("pk", flat=True)}
    LogEntry.objects.filter(content_type__in=content_type).exclude(object_id__in=existing).update(
        object_repr=Concat(Value("#"), "object_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("institution", "0007_official_acts_frozen"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_deleted_visitors, migrations.RunPython.noop)]
