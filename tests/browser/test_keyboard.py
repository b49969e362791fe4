"""Keyboard-only journeys: everything a mouse user does, done with Tab, Enter and typing."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import focused, tab_to

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_skip_link_is_the_first_stop_and_leads_to_the_content(site_url, open_page, device):
    page = open_page("fr", device)
    page.goto(site_url + "/territoire/")

    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Aller au contenu"
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_in_viewport()

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_main_navigation_reached_and_followed_with_the_keyboard(site_url, open_page):
    page = open_page("fr")
    page.goto(site_url + "/")

    tab_to(page, "Territoire")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{site_url}/territoire/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le territoire")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Territoire")).to_have_attribute("aria-current", "page")


def test_language_switcher_keeps_the_page_and_switches_back(site_url, open_page):
    page = open_page("fr")
    page.goto(site_url + "/territoire/communes/")

    tab_to(page, "English")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/en/territoire/communes/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of communes")

    tab_to(page, "Français")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/territoire/communes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des communes")


def test_commune_directory_filtered_with_the_keyboard(site_url, open_page):
    page = open_page("fr")
    page.goto(site_url + "/territoire/communes/")
    expect(page.get_by_role("status")).to_have_text("150 communes trouvées")

    tab_to(page, "Le nom contient")
    page.keyboard.type("lievin")
    tab_to(page, tag="button")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"\?q=lievin"))
    expect(page.get_by_role("status")).to_have_text("1 commune trouvée")
    expect(page.get_by_role("table").get_by_role("link")).to_have_text(["Liévin"])
    expect(page.get_by_label("Le nom contient")).to_have_value("lievin")


def test_every_stop_of_the_keyboard_shows_where_the_focus_is(site_url, open_page):
    page = open_page("en")
    page.goto(site_url + "/en/territoire/communes/?q=lens")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None or element in stops:
            break
        stops.append(element)
    assert len(stops) > 10
    invisible = [stop for stop in stops if stop["outline"] == "none" or stop["outlineWidth"] < 2]
    assert not invisible, f"focus not visible on {invisible}"


def test_contact_form_error_announced_then_corrected_with_the_keyboard(
    site_url, open_page, assert_accessible
):
    page = open_page("fr")
    page.goto(site_url + "/contact/")

    tab_to(page, "Votre nom (obligatoire)")
    page.keyboard.type("Camille Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille.martin")  # no domain: the one mistake
    tab_to(page, "Objet (obligatoire)")
    page.keyboard.type("Horaires")
    page.keyboard.press("Tab")
    page.keyboard.type("Quels sont vos horaires ?")
    tab_to(page, tag="button")
    page.keyboard.press("Enter")

    page.wait_for_load_state()
    expect(page).to_have_title(re.compile("^Erreur"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Votre adresse électronique")
    email = page.get_by_label("Votre adresse électronique")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby").split()
    assert "id_email_error" in described_by
    expect(page.get_by_label("Votre message")).to_have_value("Quels sont vos horaires ?")
    assert_accessible(page)

    # From the summary's link straight to the field, then fixed and sent again.
    tab_to(page, "Votre adresse électronique")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_email"
    page.keyboard.press("End")
    page.keyboard.type("@example.fr")
    tab_to(page, tag="button")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{site_url}/contact/merci/")
    assert_accessible(page)


def test_search_reached_from_the_menu_and_run_with_the_keyboard(site_url, open_page):
    page = open_page("fr")
    page.goto(site_url + "/")

    tab_to(page, "Rechercher")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/recherche/")
    tab_to(page, "Rechercher sur le site")
    page.keyboard.type("liévin")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/recherche/\?q="))
    expect(page.get_by_role("status")).to_contain_text("liévin")
    expect(page.get_by_role("main").get_by_role("link", name="Liévin", exact=True)).to_be_visible()
