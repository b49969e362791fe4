import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own sitemap
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_public_page_in_both_languages(client, django_assert_max_num_queries):
    # One query per section, whatever the amount of content.
    with django_assert_max_num_queries(12):
        urls = sitemap_urls(client)
    for path in ["/", "/territoire/", "/territoire/communes/", "/donnees/"]:
        assert f"http://testserver{path}" in urls
        assert f"http://testserver/en{path}" in urls
    assert "http://testserver/territoire/communes/62510-lievin/" in urls
    assert "http://testserver/en/territoire/communes/62510-lievin/" in urls
    assert "http://testserver/territoire/lens-lievin/" in urls
    assert sum("/territoire/communes/6" in url for url in urls) == 150 * 2
    assert not any("/recherche/" in url or "/gestion/" in url for url in urls)


def test_each_page_names_its_alternates(client):
    urls = sitemap_urls(client)
    expected = {
        "fr": "http://testserver/territoire/communes/62510-lievin/",
        "en": "http://testserver/en/territoire/communes/62510-lievin/",
        "x-default": "http://testserver/territoire/communes/62510-lievin/",
    }
    assert urls["http://testserver/territoire/communes/62510-lievin/"] == expected
    assert urls["http://testserver/en/territoire/communes/62510-lievin/"] == expected


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /gestion/" in lines
    assert "Disallow: /recherche/" in lines and "Disallow: /en/recherche/" in lines
    assert "Disallow: /" not in lines


def test_sitemap_has_published_content_only(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        urls = sitemap_urls(client)
    for name in ("chantier", "objective", "partner", "article", "act", "seance", "event"):
        path = content[name].get_absolute_url()
        assert f"http://testserver{path}" in urls, name
        assert f"http://testserver/en{path}" in urls, name
    for path in (
        "/chantiers/",
        "/partenaires/",
        "/actualites/",
        "/actes/",
        "/agenda/",
        "/mentions-legales/",
    ):
        assert f"http://testserver{path}" in urls
    assert not any("brouillon" in url for url in urls)
    assert sum("/chantiers/" in url and "/objectifs/" in url for url in urls) == 2
    assert sum("/actualites/" in url for url in urls) == 2 * 2
    assert sum("/actes/" in url and "seances" not in url for url in urls) == 2 * 2
    assert sum("/partenaires/" in url for url in urls) == 2 * 2
    assert sum("/agenda/" in url for url in urls) == 2 * 2, "the agenda and the published event"


def test_site_map_page_lists_every_section(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/plan-du-site/")
    html = response.content.decode()
    for url in (
        "/le-pole/",
        "/actes/",
        "/agenda/",
        "/actualites/",
        "/contact/",
        "/territoire/communes/",
    ):
        assert f'href="{url}"' in html
    assert 'href="/territoire/lens-lievin/"' in html
    assert 'href="/plan-du-site/" aria-current="page"' in html
