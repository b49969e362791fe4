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
