"""The admin's index shows what needs attention, for the same cost whatever the content."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from chantiers.models import Objective
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import ContactMessage, Deliberation, Seance

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_dashboard_lists_drafts_stale_objectives_missing_english_and_messages(
    director_client, demo
):
    draft = Objective.objects.first()
    Objective.objects.filter(pk=draft.pk).update(status=PublicationStatus.DRAFT)
    stale = Objective.objects.exclude(pk=draft.pk).first()
    long_ago = timezone.now() - timedelta(days=400)
    Objective.objects.filter(pk=stale.pk).update(
        status=PublicationStatus.PUBLISHED, updated_at=long_ago
    )
    stale.updates.all().delete()
    untranslated = Objective.objects.exclude(pk__in=[draft.pk, stale.pk]).first()
    Objective.objects.filter(pk=untranslated.pk).update(summary_en="")
    ContactMessage.objects.create(
        name="Camille", email="camille@example.org", subject="Question sur le SCoT", message="…"
    )

    html = director_client.get("/gestion/").content.decode()
    assert "Brouillons en attente" in html
    assert f"/gestion/chantiers/objective/{draft.pk}/change/" in html
    assert "Objectifs sans nouvelles depuis six mois" in html
    assert f"/gestion/chantiers/objective/{stale.pk}/change/" in html
    assert "Sans traduction anglaise" in html
    assert f"/gestion/chantiers/objective/{untranslated.pk}/change/" in html
    assert "Question sur le SCoT" in html


def test_the_officer_is_given_only_work_they_may_do(officer_client, demo):
    """She reads objectives (to link news to them) but neither writes nor publishes them."""
    Objective.objects.update(status=PublicationStatus.DRAFT, summary_en="")
    html = officer_client.get("/gestion/").content.decode()
    assert not re.search(r"/gestion/chantiers/objective/\d+/change/", html)


def test_the_dashboard_costs_the_same_whatever_the_content(
    director_client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(46) as few:
        director_client.get("/gestion/")
    Objective.objects.update(status=PublicationStatus.DRAFT, summary_en="")
    for index in range(30):
        ContactMessage.objects.create(
            name="Camille", email="c@example.org", subject=f"Sujet {index}", message="…"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        director_client.get("/gestion/")


def test_the_latest_acts_are_listed_for_both_roles(director_client, officer, demo):
    seance = Seance.objects.create(date=timezone.localdate())
    act = Deliberation.objects.create(number="2026-07", subject="Budget primitif", seance=seance)
    edit_link = f"/gestion/institution/deliberation/{act.pk}/change/"
    director_page = director_client.get("/gestion/").content.decode()
    assert "Derniers actes" in director_page and edit_link in director_page
    director_client.force_login(officer)
    officer_page = director_client.get("/gestion/").content.decode()
    assert "Derniers actes" in officer_page and edit_link in officer_page
