"""Demo partners (fixtures/demo/partenaires.json): created when missing, never overwritten."""

import json
from pathlib import Path

from django.conf import settings

from partenaires.models import Partner
from pole_artois.core.publication import PublicationStatus

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo" / "partenaires.json"


def load(stdout):
    created = 0
    for entry in json.loads(DEMO.read_text(encoding="utf-8")):
        slug = entry.pop("slug")
        _partner, was_created = Partner.objects.get_or_create(
            slug=slug, defaults={**entry, "status": PublicationStatus.PUBLISHED}
        )
        created += was_created
    stdout.write(f"Partners: {created} created.")
