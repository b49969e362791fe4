"""What a phone downloads: small compressed pages, nothing from elsewhere, no layout shift."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

pytestmark = pytest.mark.django_db

BUDGET = 50 * 1024
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/territoire/",
    "/territoire/lens-lievin/",
    "/territoire/communes/",
    "/territoire/communes/62510-lievin/",
    "/contact/",
]


class Resources(HTMLParser):
    """The stylesheets, scripts and images a page makes the browser fetch."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.images = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "img":
            self.images.append(attrs)


def resources(html):
    parser = Resources()
    parser.feed(html)
    return parser


def static_file(url):
    path = finders.find(re.sub(r"^/static/", "", url))
    assert path, f"{url} is not one of our static files"
    with open(path, "rb") as file:
        return file.read()


@override_settings(PAGE_CACHE_SECONDS=0)
def test_home_page_html_css_and_js_weigh_under_50_kb_compressed(client):
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    found = resources(html)
    weight = len(response.content) + sum(
        len(gzip.compress(static_file(url), compresslevel=9))
        for url in found.stylesheets + found.scripts
    )
    assert found.stylesheets, "the page should have its stylesheet"
    assert weight < BUDGET, f"{weight} bytes"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_resource_comes_from_another_site(client, url):
    found = resources(client.get(url).content.decode())
    for address in found.stylesheets + found.scripts + [img.get("src", "") for img in found.images]:
        assert address.startswith("/") and not address.startswith("//"), address


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_images_have_their_size_and_load_lazily_below_the_fold(client, url):
    """width/height reserve the space (no layout shift); an image above the fold opts out of
    lazy loading with fetchpriority="high"."""
    for image in resources(client.get(url).content.decode()).images:
        assert image.get("width") and image.get("height"), image
        assert image.get("loading") == "lazy" or image.get("fetchpriority") == "high", image
