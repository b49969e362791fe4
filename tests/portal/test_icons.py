"""The Pôle's icon in the browser's tab, bookmarks and home screens: on the public site and in
the admin, as SVG with PNG-in-ICO and touch-icon fallbacks for browsers without SVG icons."""

import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests.helpers import staff_user

pytestmark = pytest.mark.django_db

ICON_LINK = re.compile(r'<link rel="(icon|apple-touch-icon)" href="/static/([^"]+)"')


def linked_icons(response):
    return {path for _rel, path in ICON_LINK.findall(response.content.decode())}


EXPECTED = {"img/favicon.svg", "img/favicon.ico", "img/apple-touch-icon.png"}


@pytest.mark.parametrize("url", ["/", "/en/", "/gestion/login/", "/en/gestion/login/"])
def test_every_page_links_the_icons(client, url):
    assert linked_icons(client.get(url)) == EXPECTED


def test_the_admins_pages_link_the_icons(client):
    client.force_login(staff_user("directrice", "Direction"))
    assert linked_icons(client.get("/gestion/")) == EXPECTED
    assert linked_icons(client.get("/gestion/institution/article/add/")) == EXPECTED


def test_the_fallbacks_are_real_images_of_the_sizes_browsers_ask_for():
    with Image.open(finders.find("img/favicon.ico")) as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(ico.info["sizes"])
    with Image.open(finders.find("img/apple-touch-icon.png")) as touch:
        # iOS paints transparent pixels of a home-screen icon black.
        assert touch.size == (180, 180)
        assert touch.mode == "RGB"
