"""The territory map with the keyboard: every commune a stop, named, with a visible focus."""

import pytest

from territoire.models import Commune
from tests.browser.keyboard import focused, tab_to

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_commune_of_the_map_is_reached_by_tab_with_its_name(site_url, open_page, device):
    page = open_page("fr", device)
    page.goto(site_url + "/territoire/")
    first = tab_to(page, tag="a", limit=200)
    while not first["href"].startswith("/territoire/communes/"):
        page.keyboard.press("Tab")
        first = focused(page)
    names = [first["name"]]
    for _ in range(Commune.objects.in_pole().count() - 1):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["href"].startswith("/territoire/communes/"), element
        assert element["outline"] != "none" and element["outlineWidth"] >= 2, element
        names.append(element["name"])
    assert len(set(names)) == 150
    assert "Lens — Communauté d'agglomération de Lens-Liévin" in names

    page.keyboard.press("Tab")
    assert not focused(page)["href"].startswith("/territoire/communes/"), "one map stop too many"


def test_a_click_on_a_commune_opens_its_page(site_url, open_page):
    page = open_page("fr", "desktop")
    page.goto(site_url + "/territoire/")
    page.get_by_role(
        "link", name="Lens — Communauté d'agglomération de Lens-Liévin", exact=True
    ).click()
    page.wait_for_url(f"{site_url}/territoire/communes/62498-lens/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lens"
