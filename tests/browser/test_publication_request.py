"""The officer submits a draft in a real browser; the director sees it and publishes it.

(The back office's browser test, here to share this folder's Chromium and live server.)
"""

import pytest
from playwright.sync_api import expect

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser


def log_in(page, site_url, username):
    page.goto(f"{site_url}/gestion/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_the_officer_submits_a_draft_that_the_director_sends_back_then_publishes(
    site_url, chromium
):
    staff_user("agent", ADMINISTRATION)
    staff_user("directrice", DIRECTION)
    article = Article.objects.create(
        title_fr="Le plan climat en concertation",
        slug="plan-climat",
        summary_fr="Premier jet.",
        image_decorative=True,
    )
    change_url = f"{site_url}/gestion/institution/article/{article.pk}/change/"
    officer = chromium.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    director = chromium.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    try:
        page = officer.new_page()
        log_in(page, site_url, "agent")
        page.goto(change_url)
        page.fill("#id_summary_fr", "La concertation sur le plan climat s'ouvre le 3 mars.")
        page.check("#id_submit_for_publication")
        page.click("input[name=_continue]")
        expect(page.locator(".messagelist")).to_contain_text("soumis pour publication")

        boss = director.new_page()
        log_in(boss, site_url, "directrice")
        requests = boss.locator("table", has_text="Soumis pour publication")
        expect(requests).to_contain_text("agent")
        requests.get_by_role("link", name="Le plan climat en concertation").click()
        boss.fill("#id_send_back_comment", "Précisez le lieu de la réunion.")
        boss.click("input[name=_continue]")

        page.goto(f"{site_url}/gestion/")
        expect(page.locator("table", has_text="Renvoyés vers vous")).to_contain_text(
            "Précisez le lieu de la réunion."
        )
        page.goto(change_url)
        page.fill("#id_summary_fr", "La concertation s'ouvre le 3 mars, salle du conseil.")
        page.check("#id_submit_for_publication")
        page.click("input[name=_continue]")

        boss.goto(change_url)
        boss.select_option("#id_status", "published")
        boss.click("input[name=_save]")
        expect(boss.locator(".messagelist .success")).to_have_count(1)
    finally:
        officer.close()
        director.close()
    article.refresh_from_db()
    assert article.status == PublicationStatus.PUBLISHED
    assert article.summary_fr == "La concertation s'ouvre le 3 mars, salle du conseil."
