"""What a phone downloads: small compressed pages, nothing from elsewhere, no layout shift."""

import gzip
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
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
    "/chantiers/",
    "/chantiers/archipel-vert/",
    "/partenaires/",
    "/le-pole/",
    "/actualites/",
    "/actes/",
    "/recherche/?q=artois",
    "/contact/",
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


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
def test_home_page_html_css_and_js_weigh_under_50_kb_compressed(client, demo):
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


def test_pages_load_nothing_from_elsewhere_and_size_their_images(client, demo):
    """No stylesheet, script or image from another site (render-blocking or tracking); every
    image has width/height (no layout shift) and loads lazily unless it is above the fold
    (fetchpriority="high")."""
    problems = []
    for url in PUBLIC_PAGES:
        found = resources(client.get(url).content.decode())
        addresses = found.stylesheets + found.scripts + [img.get("src", "") for img in found.images]
        problems += [
            f"{url}: {address} is not ours"
            for address in addresses
            if not address.startswith("/") or address.startswith("//")
        ]
        for image in found.images:
            if not (image.get("width") and image.get("height")):
                problems.append(f"{url}: {image.get('src')} has no width/height")
            if image.get("loading") != "lazy" and image.get("fetchpriority") != "high":
                problems.append(f"{url}: {image.get('src')} is neither lazy nor high priority")
    assert not problems, "\n".join(problems)
