"""On paper: the content, without what only works on a screen."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_printed_page_keeps_the_content_and_drops_the_navigation(site_url, open_page):
    page = open_page("fr", "desktop")
    page.goto(site_url + "/territoire/")
    page.emulate_media(media="print")

    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Langue")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
