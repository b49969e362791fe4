"""A lock-out at the shared office, in a real browser: the officer is told in French, the
director still logs in from the same address and lifts it with one button."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser


def log_in(page, site_url, username, password):
    page.goto(f"{site_url}/gestion/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def test_the_director_lifts_the_lock_out_of_a_colleague_at_the_same_address(
    site_url, open_page, chromium, assert_accessible
):
    staff_user("directrice", DIRECTION)
    staff_user("agent", ADMINISTRATION)
    officer = open_page("fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(officer, site_url, "agent", "wrong-password")
    log_in(officer, site_url, "agent", PASSWORD)
    expect(officer.locator("h1")).to_have_text("Trop de tentatives de connexion échouées")
    notice = officer.locator("#content-main").inner_text()
    assert "pendant encore 60 minutes" in notice
    assert "Une personne du groupe Direction autre que celle qui est bloquée" in notice
    assert_accessible(officer)

    # Another browser at the same address (the live server sees every context as 127.0.0.1).
    office = chromium.new_context(locale="fr-FR")
    try:
        director = office.new_page()
        log_in(director, site_url, "directrice", PASSWORD)
        expect(director.locator("h1")).to_have_text("Tableau de bord")
        access = director.locator("section[aria-labelledby=access]")
        expect(access.locator("h2")).to_have_text("Accès")
        access.get_by_role("button", name="Débloquer agent").click()
        expect(director.locator(".messagelist .success")).to_contain_text(
            "Le compte « agent » peut de nouveau se connecter"
        )
        expect(director.locator("section[aria-labelledby=access]")).to_contain_text(
            "Aucun compte n\u2019est bloqué."
        )
    finally:
        office.close()

    log_in(officer, site_url, "agent", PASSWORD)
    expect(officer.locator("h1")).to_have_text("Tableau de bord")
