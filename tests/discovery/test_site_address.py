"""Absolute URLs come from the configured site address (SITE_URL), never from the Host header."""

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://www.example.fr"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1"]


# Both pass Django's host validation for "127.0.0.1".
@pytest.fixture(params=["127.0.0.1:1", "127.0.0.1."])
def odd_host(request):
    return request.param


@pytest.mark.parametrize(
    "path",
    [
        "/",  # canonical, hreflang, Open Graph, the Pôle's JSON-LD
        "/territoire/communes/",  # breadcrumb JSON-LD
        "/sitemap.xml",
        "/robots.txt",
        "/actualites/flux.atom",
        "/chantiers/flux/",
        "/territoire/communes/62498/flux/",
        "/donnees/",
        "/donnees/membres.csv",
    ],
)
def test_absolute_urls_name_the_site_whatever_the_host_asked(client, odd_host, path):
    response = client.get(path, headers={"host": odd_host})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert SITE in text or "www.example.fr" in text
    assert "127.0.0.1" not in text
