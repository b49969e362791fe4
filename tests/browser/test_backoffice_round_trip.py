"""The director's round trip in a real browser: edit in two languages, preview, publish.

(The back office's browser test, here to share this folder's Chromium and live server.)
"""

import pytest
from playwright.sync_api import expect

from chantiers.models import Objective
from pole_artois.backoffice.roles import DIRECTION
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser


def collect_csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def show_tab_of(page, field_id):
    panel = page.evaluate(f"document.getElementById('{field_id}').closest('.ui-tabs-panel').id")
    page.click(f'a[href="#{panel}"]')


def test_the_director_edits_previews_and_publishes_an_objective(site_url, open_page, chromium):
    staff_user("directrice", DIRECTION)
    objective = Objective.objects.select_related("chantier").first()
    page = open_page("fr")
    csp_violations = collect_csp_violations(page)

    page.goto(f"{site_url}/gestion/login/")
    page.fill("#id_username", "directrice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.locator("h1").inner_text() == "Tableau de bord"

    page.goto(f"{site_url}/gestion/chantiers/objective/{objective.pk}/change/")
    page.fill("#id_title_fr", "Cités minières : le renouveau")
    show_tab_of(page, "id_title_en")
    page.fill("#id_title_en", "Mining estates: the renewal")
    page.select_option("#id_status", "draft")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    # Preview: the admin's "view on site" opens the public page, with the draft banner.
    page.click("a.viewsitelink")
    assert page.locator("h1").inner_text() == "Cités minières : le renouveau"
    assert "Brouillon — aperçu" in page.locator(".preview-banner").inner_text()
    public_url = page.url
    english_url = public_url.replace(site_url, f"{site_url}/en", 1)
    page.goto(english_url)
    assert page.locator("h1").inner_text() == "Mining estates: the renewal"

    visitor = chromium.new_context(locale="fr-FR")
    try:
        assert visitor.new_page().goto(public_url).status == 404

        page.goto(f"{site_url}/gestion/chantiers/objective/{objective.pk}/change/")
        page.select_option("#id_status", "published")
        page.click("input[name=_save]")
        expect(page.locator(".messagelist .success")).to_have_count(1)

        public = visitor.new_page()
        assert public.goto(public_url).status == 200
        assert public.locator("h1").inner_text() == "Cités minières : le renouveau"
        assert public.locator(".preview-banner").count() == 0
        assert public.goto(english_url).status == 200
        assert public.locator("h1").inner_text() == "Mining estates: the renewal"
    finally:
        visitor.close()
    assert csp_violations == []
