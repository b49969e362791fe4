"""Demo chantiers and objectives (fixtures/demo/chantiers.json).

A chantier missing from the database is created with its objectives; one that exists is left
as the editor made it (objectives renamed, removed or reordered stay so).
"""

import json
from pathlib import Path

from django.conf import settings

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.core.publication import PublicationStatus
from territoire.models import Member

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo" / "chantiers.json"


def load(stdout):
    members = {member.slug: member for member in Member.objects.all()}
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    created = 0
    for entry in json.loads(DEMO.read_text(encoding="utf-8")):
        objectives = entry.pop("objectives")
        if Chantier.objects.filter(slug=entry["slug"]).exists():
            continue
        chantier = Chantier.objects.create(**entry, status=PublicationStatus.PUBLISHED)
        for fields in objectives:
            member_slugs, partner_slugs = fields.pop("members"), fields.pop("partners")
            objective = Objective.objects.create(
                chantier=chantier, status=PublicationStatus.PUBLISHED, **fields
            )
            objective.members.set(members[slug] for slug in member_slugs)
            objective.partners.set(partners[slug] for slug in partner_slugs if slug in partners)
        created += 1
    stdout.write(f"Chantiers: {created} created with their objectives.")
