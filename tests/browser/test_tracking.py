"""An objective that partners follow: the director imports an indicator's latest value from a
CSV file; its status, two milestones and the indicator with its three values then read well in
both languages, on a phone and on paper, on its page, the tracking page, the feeds and the open
data; axe-core and the Nu checker find nothing."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from chantiers.models import Objective
from pole_artois.backoffice.roles import DIRECTION
from tests.chantiers.test_tracking import track
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser

SEEN = {
    "fr": (
        "En cours",
        "Premiers travaux",
        "Surface de parcs reliés, valeurs dans le temps",
        "31,5",
    ),
    "en": ("Under way", "First works", "Area of linked parks, values over time", "31.5"),
}


def import_the_latest_value(site_url, page, indicator):
    staff_user("directrice", DIRECTION)
    page.goto(f"{site_url}/gestion/login/")
    page.fill("#id_username", "directrice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site_url}/gestion/chantiers/indicator/{indicator.pk}/change/")
    page.click("text=Importer des valeurs d'un fichier CSV")
    page.set_input_files(
        "#id_file",
        {
            "name": "valeurs.csv",
            "mimeType": "text/csv",
            "buffer": b"date;valeur\n2032-01-01;31,5\n",
        },
    )
    page.click("text=Vérifier le fichier")
    expect(page.get_by_text("Nouvelles : 1 ; remplacées : 0 ; inchangées : 0.")).to_be_visible()
    page.click("text=Importer ces valeurs")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert indicator.values.count() == 3


def test_a_tracked_objective_reads_well_everywhere(
    site_url, open_page, assert_accessible, validate_html
):
    objective = Objective.objects.published().last()
    indicator = track(objective, values=(("2030-01-01", "12"), ("2031-01-01", "20")))
    import_the_latest_value(site_url, open_page("fr", "desktop"), indicator)
    documents = {}
    for language, (status, milestone, chart, value) in SEEN.items():
        with translation.override(language):
            path, feed = objective.get_absolute_url(), objective.get_feed_url()
            tracking = reverse("chantiers:tracking")
        page = open_page(language, "phone")
        page.goto(site_url + path)
        expect(page.locator(".facts strong").filter(has_text=status)).to_be_visible()
        expect(page.locator(".timeline li")).to_have_count(2)
        expect(page.locator(".timeline").get_by_text(milestone)).to_be_visible()
        expect(page.get_by_role("img", name=chart)).to_be_visible()
        expect(page.get_by_role("table").filter(has_text=value)).to_be_visible()
        assert page.locator("del").count() == 1
        assert_accessible(page)
        page.emulate_media(media="print")
        expect(page.get_by_role("img", name=chart)).to_be_visible()
        documents[f"objective [{language}]"] = page.request.get(site_url + path).text()
        listing = page.request.get(site_url + tracking).text()
        assert f"{value} ha" in listing and milestone in listing
        assert f"{value} ha" in page.request.get(site_url + feed).text()
    assert "31.5" in page.request.get(site_url + "/donnees/valeurs-indicateurs.csv").text()
    errors = validate_html(documents)
    assert not any(errors.values()), errors
