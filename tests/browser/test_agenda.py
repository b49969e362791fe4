"""The agenda as a resident reads it on a phone or a desktop, in French and English: the séance to
come with its time, place, how to attend and agenda, the forum with its registration link, the
cancelled consultation said in words, the past séance; an event's page; the calendar feed and an
event's file open in a calendar app; the home page announces them briefly. axe-core and the Nu
checker find nothing, nothing scrolls sideways."""

import icalendar
import pytest
from django.utils import translation
from playwright.sync_api import expect

from pole_artois.institution.models import Event, Seance
from tests.browser.pages import DEVICES, _agenda, _sample_event
from tests.browser.test_accessibility import HORIZONTAL_OVERFLOW, TEXT_AT_200_PERCENT

pytestmark = pytest.mark.browser

SEEN = {
    "fr": {
        "upcoming": "À venir",
        "seance": "Séance du comité syndical",
        "cancelled": "Annulé (annonce du",
        "agenda": "Ordre du jour",
        "register": "S'inscrire",
        "calendar": "Ajouter à mon calendrier",
        "subscribe": "S'abonner à l'agenda",
    },
    "en": {
        "upcoming": "Coming up",
        "seance": "Séance of the comité syndical",
        "cancelled": "Cancelled (announced on",
        "agenda": "Agenda (ordre du jour)",
        "register": "Register",
        "calendar": "Add to my calendar",
        "subscribe": "Subscribe to the agenda",
    },
}


def assert_reflows(page, device):
    assert not page.evaluate(HORIZONTAL_OVERFLOW), f"{page.url} [{device}] scrolls sideways"
    if device == "desktop":
        assert page.evaluate(TEXT_AT_200_PERCENT) >= 1.8, f"{page.url}: text does not grow"
        assert not page.evaluate(HORIZONTAL_OVERFLOW), f"{page.url}: 200 % text scrolls sideways"


def test_the_agenda_reads_well_and_opens_in_calendar_apps(
    site_url, open_page, assert_accessible, validate_html
):
    documents = {}
    for language, seen in SEEN.items():
        with translation.override(language):
            agenda, event = _agenda(), _sample_event().get_absolute_url()
            seance = Seance.objects.upcoming().get().get_absolute_url()
        for device in DEVICES:
            page = open_page(language, device)
            page.goto(site_url + agenda)
            upcoming = page.get_by_role("region", name=seen["upcoming"])
            entries = upcoming.get_by_role("listitem").filter(has=page.get_by_role("heading"))
            expect(entries).to_have_count(3)
            # Soonest first: the forum, the séance a week later, then the consultation.
            expect(entries.nth(0).get_by_role("heading")).to_have_text("Forum de test")
            expect(entries.nth(1).get_by_role("heading")).to_have_text(seen["seance"])
            expect(entries.nth(2)).to_contain_text(seen["cancelled"])
            expect(entries.nth(2)).to_contain_text("Reportée à une date ultérieure.")
            expect(entries.nth(1)).to_contain_text("18:00")
            expect(entries.nth(1)).to_contain_text("Séance publique, entrée libre.")
            # The agenda of the séance opens without JavaScript (a <details>) and by keyboard.
            summary = entries.nth(1).get_by_text(seen["agenda"], exact=True)
            summary.focus()
            page.keyboard.press("Enter")
            expect(entries.nth(1).get_by_text("Budget primitif")).to_be_visible()
            expect(entries.nth(0).get_by_role("link", name=seen["register"])).to_have_attribute(
                "href", "https://inscriptions.example.org/forum"
            )
            past = page.locator("#agenda-past + table tbody tr")
            expect(past).to_have_count(1)
            feed_href = page.get_by_role("link", name=seen["subscribe"]).get_attribute("href")
            assert_accessible(page)
            assert_reflows(page, device)
            for path in (event, seance):
                page.goto(site_url + path)
                expect(page.get_by_role("link", name=seen["calendar"])).to_be_visible()
                assert_accessible(page)
                assert_reflows(page, device)
            expect(page.get_by_role("heading", level=1)).to_contain_text(seen["seance"])
            # The home page announces the same, briefly.
            page.goto(f"{site_url}/{'' if language == 'fr' else 'en/'}")
            home_agenda = page.locator("#home-agenda + ul")
            expect(home_agenda.get_by_role("listitem")).to_have_count(3)
            expect(home_agenda).to_contain_text("Forum de test")
            assert_accessible(page)
            assert_reflows(page, device)
        feed = page.request.get(site_url + feed_href)
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(feed.body())
        statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
        assert statuses["Consultation de test"] == "CANCELLED"
        assert statuses["Forum de test"] == "CONFIRMED"
        forum = Event.objects.get(slug="forum-de-test")
        single = page.request.get(f"{site_url}{forum.get_calendar_url()}")
        [entry] = icalendar.Calendar.from_ical(single.body()).walk("VEVENT")
        assert str(entry["UID"]).startswith(f"event-{forum.pk}@")
        documents[f"agenda [{language}]"] = page.request.get(site_url + agenda).text()
        documents[f"event [{language}]"] = page.request.get(site_url + event).text()
        documents[f"séance [{language}]"] = page.request.get(site_url + seance).text()
        home = f"{site_url}/{'' if language == 'fr' else 'en/'}"
        documents[f"home [{language}]"] = page.request.get(home).text()
    errors = validate_html(documents)
    assert not any(errors.values()), errors
