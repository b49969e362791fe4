"""The agenda: séances and public events, upcoming then past, the iCalendar feed and files,
schema.org Event, and cancellations as the public and calendar apps see them."""

import datetime
import io
import json
import re
from html import unescape

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from pole_artois.core.dates import long_date
from pole_artois.core.text import html_to_text
from pole_artois.institution.models import Deliberation, Event, Seance
from tests.helpers import page, pdf

pytestmark = pytest.mark.django_db

PUBLISHED = "published"
TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def seance(day, status=PUBLISHED, **fields):
    return Seance.objects.create(date=day, status=status, **fields)


def event(title, day, status=PUBLISHED, **fields):
    return Event.objects.create(title_fr=title, date=day, status=status, **fields)


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def entries_of(cal):
    return {str(component["UID"]): component for component in cal.walk("VEVENT")}


def json_ld_events(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [data for data in map(json.loads, blocks) if data.get("@type") == "Event"]


@pytest.fixture
def agenda():
    return {
        "next": seance(
            days(10),
            time=datetime.time(18, 0),
            end_time=datetime.time(20, 0),
            place="Hôtel communautaire, Lens",
            agenda_fr="<ol><li>Budget primitif</li><li>Questions diverses</li></ol>",
            attendance_fr="Séance publique, entrée libre dans la limite des places.",
        ),
        "forum": event(
            "Forum de la mobilité",
            days(3),
            place="Béthune",
            registration_url="https://inscriptions.example.org/forum",
            description_fr="<p>Un forum pour parler des trajets du quotidien.</p>",
        ),
        "later": event("Consultation sur le SCoT", days(40), end_date=days(60)),
        "draft": event("Projet d'événement", days(5), status="draft"),
        "draft seance": seance(days(7), status="draft"),
        "past": seance(days(-30), place="Liévin"),
        "older event": event("Visite de chantier", days(-60)),
    }


def upcoming_titles(response):
    return [str(entry) for entry in response.context["upcoming"]]


def test_agenda_lists_upcoming_soonest_first_then_the_past_latest_first(
    client, agenda, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/agenda/")
    assert response.context["upcoming"] == [agenda["forum"], agenda["next"], agenda["later"]]
    past = response.context["past"]
    assert [(entry.kind, entry.pk) for entry in past] == [
        ("seance", agenda["past"].pk),
        ("event", agenda["older event"].pk),
    ]
    html = unescape(response.content.decode())
    # What an upcoming séance needs: when, where, how to attend, its agenda.
    assert f"{long_date(days(10))}, 18:00 \u2013 20:00" in html_to_text(html)
    assert "Hôtel communautaire, Lens" in html
    assert "entrée libre dans la limite des places" in html
    assert "<li>Budget primitif</li>" in html
    assert 'href="https://inscriptions.example.org/forum"' in html
    assert 'href="/agenda/agenda.ics"' in html
    assert "Projet d'événement" not in html
    assert f'href="{agenda["draft seance"].get_absolute_url()}"' not in html


def test_an_event_running_today_is_still_upcoming(client):
    running = event("Exposition", days(-2), end_date=days(2))
    over = event("Exposition passée", days(-5), end_date=days(-1))
    response = client.get("/agenda/")
    assert response.context["upcoming"] == [running]
    assert [entry.pk for entry in response.context["past"]] == [over.pk]


def test_the_demo_content_announces_nothing_it_does_not_know(client):
    call_command("load_demo", stdout=io.StringIO())
    assert not Seance.objects.exists() and not Event.objects.exists()
    assert "Aucune séance ni aucun événement n'est annoncé" in page(client, "/agenda/")


def test_the_empty_agenda_says_so(client):
    html = page(client, "/agenda/")
    assert "Aucune séance ni aucun événement n'est annoncé pour le moment." in html
    assert "Aucune séance ni aucun événement passé n'est encore listé." in html
    english = page(client, "/en/agenda/")
    assert "No séance or event is announced for now." in english


def test_the_past_is_paginated_and_séances_link_to_their_minutes_and_acts(client):
    for number in range(25):
        seance(days(-10 - number))
    with_acts = seance(days(-5), minutes=pdf("pv.pdf"))
    Deliberation.objects.create(
        number="2026-01",
        subject_fr="Budget",
        seance=with_acts,
        status=PUBLISHED,
        document=pdf(),
    )
    first = client.get("/agenda/")
    assert len(first.context["past"]) == 20
    assert first.context["past"][0].pk == with_acts.pk
    html = unescape(first.content.decode())
    assert f'href="{with_acts.get_absolute_url()}#acts-title">1 délibération</a>' in html
    assert f'href="{with_acts.minutes.url}"' in html
    assert "Page 1 sur 2" in html
    assert len(client.get("/agenda/", {"page": 2}).context["past"]) == 6
    assert client.get("/agenda/", {"page": "abc"}).status_code == 200
    assert client.get("/agenda/", {"utm_source": "x"}).status_code == 302


def test_a_cancelled_seance_stays_announced_as_cancelled(client, agenda):
    next_seance = agenda["next"]
    next_seance.cancelled_on = TODAY
    next_seance.cancellation_reason_fr = "Quorum non atteint : reportée."
    next_seance.full_clean()
    next_seance.save()
    for path in ("/agenda/", next_seance.get_absolute_url()):
        text = html_to_text(page(client, path))
        assert f"Annulée (annonce du {long_date(TODAY)}). Quorum non atteint : reportée." in text
    home = page(client, "/")
    assert "Prochaine séance du comité syndical" in home and "Annulée" in home
    assert "(annulée)" in page(client, "/actes/seances/")


def test_a_cancellation_needs_its_reason_and_a_reason_its_date():
    planned = seance(days(10))
    planned.cancelled_on = TODAY
    with pytest.raises(ValidationError) as error:
        planned.full_clean()
    assert "cancellation_reason_fr" in error.value.message_dict
    planned.cancelled_on, planned.cancellation_reason_fr = None, "Reportée."
    with pytest.raises(ValidationError) as error:
        planned.full_clean()
    assert "cancelled_on" in error.value.message_dict


def test_a_seance_whose_acts_are_online_took_place_and_cannot_be_cancelled():
    held = seance(days(-3))
    Deliberation.objects.create(
        number="2026-02", subject_fr="Budget", seance=held, status=PUBLISHED, document=pdf()
    )
    held.cancelled_on, held.cancellation_reason_fr = TODAY, "Erreur."
    with pytest.raises(ValidationError) as error:
        held.full_clean()
    assert "cancelled_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_time": datetime.time(10)}, "end_time"),
        ({"time": datetime.time(10), "end_time": datetime.time(9)}, "end_time"),
        ({"end_date": days(-1)}, "end_date"),
        ({"time": datetime.time(10), "end_date": days(2)}, "end_time"),
    ],
)
def test_times_that_cannot_be_are_refused(fields, field):
    wrong = Event(title_fr="Forum", date=TODAY, **fields)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert field in error.value.message_dict


def test_a_published_seances_logistics_stay_editable_and_each_change_is_a_new_revision():
    published = seance(days(10), time=datetime.time(18), minutes="")
    assert published.sequence == 0
    published.agenda_fr = "<p>Budget</p>"
    published.save()
    assert published.sequence == 0, "the agenda's text is not a change of the meeting itself"
    published.place = "Béthune"
    published.time = datetime.time(17, 30)
    published.full_clean()
    published.save()
    published.refresh_from_db()
    assert (published.place, published.time, published.sequence) == (
        "Béthune",
        datetime.time(17, 30),
        1,
    )
    Seance.objects.get(pk=published.pk).save()
    assert Seance.objects.get(pk=published.pk).sequence == 1


def test_the_feed_is_icalendar_with_stable_uids_revisions_and_cancellations(client, agenda):
    cal = calendar_of(client.get("/agenda/agenda.ics"))
    assert str(cal["VERSION"]) == "2.0"
    assert cal.refresh_interval == datetime.timedelta(hours=6)
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    entries = entries_of(cal)
    next_uid = f"seance-{agenda['next'].pk}@testserver"
    forum_uid = f"event-{agenda['forum'].pk}@testserver"
    assert set(entries) == {
        next_uid,
        forum_uid,
        f"event-{agenda['later'].pk}@testserver",
        f"seance-{agenda['past'].pk}@testserver",
        f"event-{agenda['older event'].pk}@testserver",
    }, "drafts stay out"
    next_seance = entries[next_uid]
    starts = next_seance.decoded("DTSTART")
    assert starts == datetime.datetime.combine(days(10), datetime.time(18), starts.tzinfo)
    assert next_seance["DTSTART"].params["TZID"] == "Europe/Paris"
    assert next_seance.decoded("DTEND").time() == datetime.time(20)
    assert str(next_seance["LOCATION"]) == "Hôtel communautaire, Lens"
    assert "Budget primitif\nQuestions diverses" in str(next_seance["DESCRIPTION"])
    assert str(next_seance["STATUS"]) == "CONFIRMED"
    assert int(next_seance["SEQUENCE"]) == 0
    assert str(next_seance["URL"]) == f"http://testserver/actes/seances/{agenda['next'].pk}/"
    modified = agenda["next"].updated_at.replace(microsecond=0)
    assert next_seance.decoded("LAST-MODIFIED") == modified
    assert next_seance.decoded("DTSTAMP") == modified
    # A whole-day event over several days: DATE values, the end exclusive.
    later = entries[f"event-{agenda['later'].pk}@testserver"]
    assert later.decoded("DTSTART") == days(40)
    assert later.decoded("DTEND") == days(61)

    moved = agenda["next"]
    moved.time = datetime.time(17)
    moved.save()
    moved.cancelled_on, moved.cancellation_reason_fr = TODAY, "Reportée."
    moved.save()
    after = entries_of(calendar_of(client.get("/agenda/agenda.ics")))
    assert set(after) == set(entries), "the same UIDs whatever changed"
    cancelled = after[next_uid]
    assert int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Reportée." in str(cancelled["DESCRIPTION"])
    assert cancelled.decoded("LAST-MODIFIED") == moved.updated_at.replace(microsecond=0)


def test_the_feed_holds_the_past_year_and_the_future_only(client):
    kept = seance(days(-300))
    seance(days(-400))
    uids = set(entries_of(calendar_of(client.get("/agenda/agenda.ics"))))
    assert uids == {f"seance-{kept.pk}@testserver"}


def test_the_empty_feed_is_still_a_calendar(client):
    cal = calendar_of(client.get("/agenda/agenda.ics"))
    assert cal.walk("VEVENT") == []
    assert cal.walk("VTIMEZONE")


def test_each_seance_and_event_has_its_own_file(client, agenda):
    forum = agenda["forum"]
    response = client.get(f"/agenda/{forum.pk}/evenement.ics")
    assert response["Content-Disposition"] == f'attachment; filename="event-{forum.pk}.ics"'
    [entry] = calendar_of(response).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{forum.pk}@testserver"
    assert str(entry["SUMMARY"]) == "Forum de la mobilité"
    assert entry.decoded("DTSTART") == days(3)
    assert "https://inscriptions.example.org/forum" in str(entry["DESCRIPTION"])
    english = calendar_of(client.get(f"/en/actes/seances/{agenda['next'].pk}/seance.ics"))
    assert "Séance of the comité syndical" in str(english.walk("VEVENT")[0]["SUMMARY"])
    assert client.get(f"/agenda/{agenda['draft'].pk}/evenement.ics").status_code == 404
    draft_seance = agenda["draft seance"]
    assert client.get(f"/actes/seances/{draft_seance.pk}/seance.ics").status_code == 404


def test_event_page_with_its_schema_org_event(client, agenda, django_assert_max_num_queries):
    forum = agenda["forum"]
    with django_assert_max_num_queries(6):
        response = client.get(forum.get_absolute_url())
    html = unescape(response.content.decode())
    assert "<h1>Forum de la mobilité</h1>" in html
    assert "Un forum pour parler des trajets du quotidien." in html
    assert f'href="/agenda/{forum.pk}/evenement.ics"' in html
    [data] = json_ld_events(html)
    assert data["name"] == "Forum de la mobilité"
    assert data["startDate"] == days(3).isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "Place", "name": "Béthune", "address": "Béthune"}
    assert data["organizer"]["@id"] == "http://testserver/#pole"
    assert data["offers"]["url"] == "https://inscriptions.example.org/forum"
    forum.cancelled_on, forum.cancellation_reason_fr = TODAY, "Annulé faute de salle."
    forum.save()
    [data] = json_ld_events(page(client, forum.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in data


def test_seance_page_is_a_schema_org_event_in_paris_time(client, agenda):
    [data] = json_ld_events(page(client, agenda["next"].get_absolute_url()))
    starts = datetime.datetime.fromisoformat(data["startDate"])
    assert starts.replace(tzinfo=None) == datetime.datetime.combine(days(10), datetime.time(18))
    assert starts.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    assert data["location"]["name"] == "Hôtel communautaire, Lens"


def test_an_event_address_follows_its_slug(client, agenda):
    forum = agenda["forum"]
    response = client.get(f"/agenda/{forum.pk}-ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == forum.get_absolute_url()
    assert client.get(agenda["draft"].get_absolute_url()).status_code == 404


def test_home_shows_the_next_seance_and_events(client, agenda):
    html = page(client, "/")
    assert "Prochaine séance du comité syndical" in html
    assert "Forum de la mobilité" in html
    assert "Visite de chantier" not in html
    assert 'href="/agenda/"' in html


def test_home_without_anything_announced(client):
    html = page(client, "/")
    assert "Aucune séance ni aucun événement n'est annoncé pour le moment." in html


def test_the_agenda_and_its_feed_are_cached_until_an_entry_changes(
    client, assert_cached, assert_rebuilt
):
    for path in ("/agenda/", "/agenda/agenda.ics"):
        client.get(path)
        assert_cached(client, path)
    event("Forum", days(3))
    assert "Forum" in assert_rebuilt(client, "/agenda/").content.decode()
    assert b"SUMMARY:Forum" in assert_rebuilt(client, "/agenda/agenda.ics").content
