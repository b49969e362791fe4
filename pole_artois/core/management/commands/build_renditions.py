from django.apps import apps
from django.core.management.base import BaseCommand

from pole_artois.core.images import (
    UNREADABLE_IMAGE_ERRORS,
    ValidatedImageField,
    has_renditions,
    make_renditions,
    strip_stored,
)


class Command(BaseCommand):
    help = (
        "Make the renditions of every stored image that has none (images stored before "
        "renditions were made on save), first rewriting the image without its metadata (GPS "
        "position, camera, date). Run it once after upgrading, and after restoring uploads made "
        "elsewhere; images that already have renditions are left alone."
    )

    def handle(self, **options):
        made = failed = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, ValidatedImageField):
                    continue
                names = (
                    model._base_manager.exclude(**{field.attname: ""})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
                for name in names.iterator():
                    fieldfile = field.attr_class(None, field, name)
                    if has_renditions(fieldfile):
                        continue
                    try:
                        strip_stored(fieldfile)
                        make_renditions(fieldfile)
                    except UNREADABLE_IMAGE_ERRORS as error:
                        failed += 1
                        self.stderr.write(f"{model._meta.label}, {name}: {error}")
                        continue
                    made += 1
        self.stdout.write(f"Renditions made for {made} image(s); {failed} could not be read.")
