"""An objective that partners follow: its status, two milestones and an indicator with three
values, read in both languages, on a phone and on paper; axe-core and the Nu checker find
nothing."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from chantiers.models import Objective
from tests.chantiers.test_tracking import track

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


def test_a_tracked_objective_reads_well_everywhere(
    site_url, open_page, assert_accessible, validate_html
):
    objective = Objective.objects.published().last()
    track(objective)
    documents = {}
    for language, (status, milestone, chart, value) in SEEN.items():
        with translation.override(language):
            path = objective.get_absolute_url()
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
    errors = validate_html(documents)
    assert not any(errors.values()), errors
