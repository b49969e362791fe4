"""The agenda in the admin: the director announces an event, the officer records a séance's
cancellation; the forms refuse what cannot be and keep what was typed."""

import datetime

import pytest
from django.utils import timezone

from pole_artois.backoffice.roles import ADMINISTRATION
from pole_artois.institution.models import Event, Seance
from tests.helpers import PASSWORD, form_data, page, pdf, staff_user

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=10)


@pytest.fixture
def officer(client):
    staff_user("officier", ADMINISTRATION)
    client.login(username="officier", password=PASSWORD)
    return client


def test_the_director_announces_an_event_its_address_made_from_its_title(admin_client):
    response = admin_client.get("/gestion/institution/event/add/")
    assert "Ajouter un événement" in response.content.decode()
    data = form_data(
        response,
        title_fr="Forum des mobilités",
        date=SOON.isoformat(),
        time="09:30",
        end_time="12:00",
        place="Salle de test",
        registration_url="https://inscriptions.example.org/forum",
        status="published",
    )
    data.pop("slug", None)
    response = admin_client.post("/gestion/institution/event/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.slug == "forum-des-mobilites"
    assert (event.time, event.end_time) == (datetime.time(9, 30), datetime.time(12))
    assert "Forum des mobilités" in page(admin_client, "/agenda/")


def test_an_end_before_the_start_comes_back_with_what_was_typed(admin_client):
    response = admin_client.get("/gestion/institution/event/add/")
    data = form_data(
        response,
        title_fr="Forum",
        slug="forum",
        date=SOON.isoformat(),
        time="14:00",
        end_time="10:00",
    )
    response = admin_client.post("/gestion/institution/event/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["end_time"] == ["L'heure de fin vient après l'heure de début."]
    assert form["title_fr"].value() == "Forum"
    assert not Event.objects.exists()


def change(client, seance, **typed):
    url = f"/gestion/institution/seance/{seance.pk}/change/"
    # No correction of the minutes typed (its blank row would count as one: its date is filled).
    blank = {"minutes_corrections-TOTAL_FORMS": "0"}
    return client.post(url, form_data(client.get(url), **blank, **typed))


def test_the_officer_records_a_cancellation_and_the_public_reads_it(officer, client):
    seance = Seance.objects.create(date=SOON, place="Lens", status="published")
    response = change(
        officer,
        seance,
        cancelled_on=timezone.localdate().isoformat(),
        cancellation_reason_fr="Reportée faute de quorum.",
    )
    assert response.status_code == 302
    seance.refresh_from_db()
    assert seance.is_cancelled and seance.sequence == 1
    officer.logout()
    assert "Reportée faute de quorum." in page(client, "/agenda/")


def test_a_cancellation_without_its_reason_is_refused(officer):
    seance = Seance.objects.create(date=SOON, status="published")
    response = change(officer, seance, cancelled_on=timezone.localdate().isoformat())
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["cancellation_reason_fr"] == [
        "Indiquez pourquoi c'est annulé : le public le lira."
    ]
    assert not Seance.objects.get(pk=seance.pk).is_cancelled


def test_a_held_seance_keeps_its_logistics_editable_but_cannot_be_cancelled(officer):
    seance = Seance.objects.create(
        date=datetime.date(2026, 3, 25), minutes=pdf("pv.pdf"), status="published"
    )
    assert change(officer, seance, place="Béthune").status_code == 302
    assert Seance.objects.get(pk=seance.pk).place == "Béthune"
    response = change(
        officer, seance, cancelled_on="2026-03-20", cancellation_reason_fr="Erreur de saisie."
    )
    assert response.status_code == 200
    assert "elle a eu lieu et ne peut pas être annulée" in response.content.decode()
    assert not Seance.objects.get(pk=seance.pk).is_cancelled
