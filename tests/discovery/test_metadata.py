import json
import re
from html import unescape

import pytest

from territoire.models import Commune

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    return [json.loads(data) for data in JSON_LD.findall(html)]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


def test_pages_carry_open_graph_tags_from_their_content(client):
    html = client.get("/territoire/communes/62510-lievin/").content.decode()
    assert meta(html, "property", "og:title") == "Liévin"
    description = meta(html, "name", "description")
    assert description.startswith("Liévin, commune de la Communauté d'agglomération de Lens-Liévin")
    assert meta(html, "property", "og:description") == description
    assert meta(html, "property", "og:url") == "http://testserver/territoire/communes/62510-lievin/"
    assert meta(html, "property", "og:locale") == "fr_FR"
    assert meta(html, "property", "og:image") == "http://testserver/static/img/sharing.png"
    assert meta(html, "property", "og:image:alt")
    assert "<title>Liévin \u2013 Pôle métropolitain de l'Artois</title>" in html


def test_sharing_image_is_served(client):
    response = client.get("/static/img/sharing.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_english_pages_say_so_to_sharing_sites(client):
    html = client.get("/en/territoire/communes/62510-lievin/").content.decode()
    assert meta(html, "property", "og:locale") == "en_GB"
    assert meta(html, "property", "og:url") == (
        "http://testserver/en/territoire/communes/62510-lievin/"
    )


def test_canonical_and_hreflang(client):
    html = client.get("/territoire/communes/62510-lievin/?utm=x", follow=True).content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/territoire/communes/62510-lievin/">' in html
    )
    # Search engines get the canonical address in each language, without the query string…
    assert 'hreflang="en" href="http://testserver/en/territoire/communes/62510-lievin/"' in html
    assert 'hreflang="x-default" href="http://testserver/territoire/communes/62510-lievin/"' in html
    # …while a visitor switching language keeps theirs.
    directory = client.get("/territoire/communes/?q=lens&sort=name").content.decode()
    assert 'hreflang="en" href="http://testserver/en/territoire/communes/"' in directory
    assert 'href="/en/territoire/communes/?q=lens&amp;sort=name"' in directory


def test_breadcrumb_is_described_for_search_engines(client):
    html = client.get("/territoire/communes/62510-lievin/").content.decode()
    (breadcrumb,) = [data for data in json_ld(html) if data["@type"] == "BreadcrumbList"]
    assert breadcrumb["@context"] == "https://schema.org"
    assert [
        (item["position"], item["name"], item.get("item")) for item in breadcrumb["itemListElement"]
    ] == [
        (1, "Accueil", "http://testserver/"),
        (2, "Territoire", "http://testserver/territoire/"),
        (3, "Communes", "http://testserver/territoire/communes/"),
        (4, "Liévin", "http://testserver/territoire/communes/62510-lievin/"),
    ]


VISIBLE_TRAIL = re.compile(r'<nav class="breadcrumb[^"]*"[^>]*>(.*?)</nav>', re.S)
TRAIL_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.mark.parametrize(
    "path",
    [
        "/territoire/",
        "/chantiers/",
        "/partenaires/",
        "/actualites/",
        "/actes/",
        "/actes/seances/",
        "/contact/",
        "/le-pole/",
        "/mentions-legales/",
        "/en/territoire/communes/",
    ],
)
def test_search_engines_read_the_trail_visitors_see(client, path):
    html = client.get(path).content.decode()
    (visible,) = VISIBLE_TRAIL.findall(html)
    links = [
        ("http://testserver" + href, unescape(label)) for href, label in TRAIL_LINK.findall(visible)
    ]
    (breadcrumb,) = [data for data in json_ld(html) if data["@type"] == "BreadcrumbList"]
    described = [(item["item"], item["name"]) for item in breadcrumb["itemListElement"]]
    assert described == links
    assert len(links) >= 2
    assert 'aria-current="page"' in visible.rsplit("<li>", 1)[1]


def test_the_home_page_has_no_trail(client):
    html = client.get("/").content.decode()
    assert not VISIBLE_TRAIL.findall(html)
    assert not [data for data in json_ld(html) if data["@type"] == "BreadcrumbList"]


def test_home_describes_the_pole_with_its_members(client):
    html = client.get("/").content.decode()
    (pole,) = [data for data in json_ld(html) if data["@type"] == "GovernmentOrganization"]
    assert pole["name"] == "Pôle métropolitain de l'Artois"
    assert pole["url"] == "http://testserver/"
    assert pole["foundingDate"] == "2016-01-01"
    members = {member["name"]: member for member in pole["member"]}
    assert len(members) == 4
    lens = members["Communauté d'agglomération de Lens-Liévin"]
    assert lens["@type"] == "GovernmentOrganization"
    assert lens["url"] == "http://testserver/territoire/lens-lievin/"
    assert lens["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "SIREN",
        "value": "246200364",
    }


def test_json_ld_cannot_be_broken_out_of(client):
    Commune.objects.filter(insee_code="62510").update(name="Liévin</script><script>alert(1)")
    commune = Commune.objects.get(insee_code="62510")
    html = client.get(commune.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    (breadcrumb,) = [data for data in json_ld(html) if data["@type"] == "BreadcrumbList"]
    assert breadcrumb["itemListElement"][-1]["name"] == "Liévin</script><script>alert(1)"


def test_the_pole_s_contact_comes_from_its_identity(client):
    from pole_artois.institution.models import PoleIdentity

    identity = PoleIdentity.load()
    identity.email = "contact@example.org"
    identity.phone = "03 00 00 00 00"
    identity.save()
    html = client.get("/").content.decode()
    (pole,) = [data for data in json_ld(html) if data["@type"] == "GovernmentOrganization"]
    assert pole["email"] == "contact@example.org"
    assert pole["contactPoint"] == {
        "@type": "ContactPoint",
        "url": "http://testserver/contact/",
        "email": "contact@example.org",
        "telephone": "03 00 00 00 00",
    }
    assert "address" not in pole


def test_open_data_page_describes_its_datasets(client):
    html = client.get("/donnees/").content.decode()
    (catalog,) = [data for data in json_ld(html) if data["@type"] == "DataCatalog"]
    datasets = {dataset["name"]: dataset for dataset in catalog["dataset"]}
    communes = datasets["Communes du Pôle"]
    assert communes["@type"] == "Dataset"
    assert communes["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert {file["contentUrl"] for file in communes["distribution"]} == {
        "http://testserver/donnees/communes.csv",
        "http://testserver/donnees/communes.json",
    }
