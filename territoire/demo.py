"""Demo content of the territory: the official 2026 data and the members' descriptions."""

import json
from pathlib import Path

from django.conf import settings

from territoire.contours import import_contours
from territoire.decoupage import import_decoupage
from territoire.models import Member

DECOUPAGE = Path(settings.BASE_DIR) / "fixtures" / "decoupage-administratif-2026"
CONTOURS = Path(settings.BASE_DIR) / "fixtures" / "communes-contours-2026"
DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"


def load(stdout):
    report = import_decoupage(DECOUPAGE)
    stdout.write(
        f"Territory: {len(report.created)} communes created, {len(report.updated)} updated, "
        f"{len(report.removed)} removed."
    )
    report = import_contours(CONTOURS)
    stdout.write(f"Contours and town halls: {len(report.updated)} communes updated.")
    descriptions = json.loads((DEMO / "membres.json").read_text(encoding="utf-8"))
    for member in Member.objects.filter(slug__in=descriptions):
        texts = descriptions[member.slug]
        if not member.description_fr:
            member.description_fr = texts["description_fr"]
            member.description_en = texts["description_en"]
            member.save(update_fields=["description_fr", "description_en"])
