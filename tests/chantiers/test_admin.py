"""The director edits everything in the admin: rich text editors, tabs, inlines, safe saving."""

from html import unescape

import pytest

from chantiers.models import Objective
from territoire.models import Member
from tests.factories import make_chantier, make_objective

pytestmark = pytest.mark.django_db


def test_an_objective_is_edited_with_rich_text_editors_and_its_updates_and_documents_inline(
    admin_client,
):
    objective = make_objective()
    html = admin_client.get(f"/gestion/chantiers/objective/{objective.pk}/change/").content.decode()
    assert 'name="body_fr"' in html and "data-django-prose-editor" in html
    assert 'name="updates-TOTAL_FORMS"' in html
    assert 'name="documents-TOTAL_FORMS"' in html
    assert 'name="updates-__prefix__-body_fr"' in html


def test_what_the_admin_saves_is_sanitised_and_published_on_the_page(admin_client, client):
    chantier = make_chantier()
    member = Member.objects.get(slug="lens-lievin")
    response = admin_client.post(
        "/gestion/chantiers/objective/add/",
        {
            "chantier": chantier.pk,
            "title_fr": "Accès aux soins",
            "slug": "acces-aux-soins",
            "summary_fr": "Faciliter l'accès aux soins.",
            "body_fr": (
                '<p>Texte<img src=x onerror="alert(1)"></p><a href="javascript:alert(2)">x</a>'
            ),
            "order": 1,
            "members": [member.pk],
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "00:00:00",
            "updates-TOTAL_FORMS": 1,
            "updates-INITIAL_FORMS": 0,
            "updates-0-date": "2026-02-03",
            "updates-0-title_fr": "Premier comité",
            "updates-0-body_fr": "<p>Réuni<script>alert(3)</script></p>",
            "updates-0-status": "published",
            "updates-0-published_at_0": "2026-02-03",
            "updates-0-published_at_1": "00:00:00",
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
            "lead_member": member.pk,
            "status_changes-TOTAL_FORMS": 1,
            "status_changes-INITIAL_FORMS": 0,
            "status_changes-0-status": "committed",
            "status_changes-0-date": "2026-01-15",
            "milestones-TOTAL_FORMS": 1,
            "milestones-INITIAL_FORMS": 0,
            "milestones-0-title_fr": "Ouverture du centre",
            "milestones-0-planned_date": "2027-06-01",
            "milestones-0-precision": "month",
            "milestones-0-state": "planned",
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["errors"]
    objective = Objective.objects.get(slug="acces-aux-soins")
    assert objective.body_fr == "<p>Texte</p><a>x</a>"
    assert objective.updates.get().body_fr == "<p>Réuni</p>"
    html = unescape(client.get(objective.get_absolute_url()).content.decode())
    assert "Premier comité" in html
    assert "<strong>Engagé</strong>, depuis le" in html
    assert "Ouverture du centre" in html and "juin 2027" in html
    assert "alert(" not in html.split("<main", 1)[1]


def test_a_chantier_address_is_fixed_once_created(admin_client):
    chantier = make_chantier()
    html = admin_client.get(f"/gestion/chantiers/chantier/{chantier.pk}/change/").content.decode()
    assert 'name="slug"' not in html
    assert 'name="slug"' in admin_client.get("/gestion/chantiers/chantier/add/").content.decode()
