"""Demo content of the Pôle: what the brochure says, nothing more (see fixtures/demo/).

Collections are loaded only into an empty table, single records only when missing, texts only into
empty fields: running it again never duplicates nor overwrites what an editor changed.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings

from pole_artois.institution.models import (
    AccessibilityStatement,
    ComiteSyndical,
    HistoryEvent,
    Mandate,
    Page,
    Person,
    PoleIdentity,
    Role,
    StaffPosition,
)
from territoire.models import Member

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"
INSTALLATION = datetime.date(2016, 3, 25)

# The brochure names the officers elected at the installation, not their rank among
# vice-presidents, nor when their mandates ended: those stay empty.
OFFICERS = [
    (
        "Michel",
        "Dagbert",
        Role.PRESIDENT,
        "pas-de-calais",
        "Président du Département du Pas-de-Calais lors de son élection",
        "President of the Département du Pas-de-Calais when elected",
    ),
    (
        "Sylvain",
        "Robert",
        Role.VICE_PRESIDENT,
        "lens-lievin",
        "Président de la Communauté d'agglomération de Lens-Liévin lors de son élection",
        "President of the Lens-Liévin agglomeration when elected",
    ),
    (
        "Alain",
        "Wacheux",
        Role.VICE_PRESIDENT,
        "bethune-bruay",
        "Président d'Artois Comm. lors de son élection",
        "President of Artois Comm. when elected",
    ),
    (
        "Jean-Pierre",
        "Corbisez",
        Role.VICE_PRESIDENT,
        "henin-carvin",
        "Président de la Communauté d'agglomération d'Hénin-Carvin lors de son élection",
        "President of the Hénin-Carvin agglomeration when elected",
    ),
]

# What the site's pages are made of (its templates, styles and server-drawn maps).
SITE_TECHNOLOGIES = ("HTML5", "CSS", "SVG")

STAFF = [("Directeur", "Director"), ("Responsable administratif", "Administrative officer")]


def load(stdout):
    PoleIdentity.objects.get_or_create(
        pk=1, defaults={"contact_person": "Benoît Brocq", "phone": "06.87.42.60.78"}
    )
    # No audit has been made: "non conforme", with no rate, auditor nor date until there is one.
    AccessibilityStatement.objects.get_or_create(
        pk=1, defaults={"technologies": "\n".join(SITE_TECHNOLOGIES)}
    )
    ComiteSyndical.objects.get_or_create(installed_on=INSTALLATION, defaults={"delegate_count": 21})
    if not Mandate.objects.exists():
        members = Member.objects.in_bulk(field_name="slug")
        for first_name, last_name, role, member, note_fr, note_en in OFFICERS:
            person, _created = Person.objects.get_or_create(
                first_name=first_name, last_name=last_name
            )
            Mandate.objects.create(
                person=person,
                role=role,
                member=members[member],
                start=INSTALLATION,
                note_fr=note_fr,
                note_en=note_en,
            )
    if not StaffPosition.objects.exists():
        for order, (title_fr, title_en) in enumerate(STAFF, start=1):
            StaffPosition.objects.create(title_fr=title_fr, title_en=title_en, order=order)
    if not HistoryEvent.objects.exists():
        events = json.loads((DEMO / "histoire.json").read_text(encoding="utf-8"))
        for event in events:
            HistoryEvent.objects.create(**event)
    pages = json.loads((DEMO / "pages.json").read_text(encoding="utf-8"))
    for texts in pages:
        page = Page.objects.filter(key=texts["slug"]).first()
        if page is not None and not page.body_fr:
            for field in ("title", "summary", "body"):
                for language in ("fr", "en"):
                    setattr(page, f"{field}_{language}", texts[f"{field}_{language}"])
            page.save()
    stdout.write(
        "The Pôle: identity, accessibility statement, governance, team, history and pages in place."
    )
