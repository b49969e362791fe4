"""The territory's pages and the home page with the page cache off: their bodies are fragments,
and the views read nothing before them, so that a kept fragment saves the work."""

import pytest

from territoire.models import Commune, Member, TownHall
from tests.helpers import visit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fragments_only", "site_wide_values_cached"),
]

LIEVIN = "/territoire/communes/62510-lievin/"
LENS_LIEVIN = "/territoire/lens-lievin/"


@pytest.mark.parametrize(
    ("url", "reads"),
    [
        ("/", 0),
        ("/territoire/", 0),
        # The commune is kept with its agglomeration and town hall.
        (LIEVIN, 0),
        # The member is kept with its figures.
        (LENS_LIEVIN, 0),
        # The first page is neither counted nor filtered before its fragment.
        ("/territoire/communes/", 0),
        ("/territoire/communes/?page=1&q=lens", 0),
        ("/territoire/communes/?member=henin-carvin", 0),
        # Another page is counted first, its filter checked against the agglomerations kept.
        ("/territoire/communes/?member=henin-carvin&page=last", 1),
    ],
)
def test_a_page_assembled_from_its_kept_body_reads_almost_nothing(client, url, reads):
    built, _ = visit(client, url)
    assembled, queries = visit(client, url)
    assert assembled == built
    assert queries == reads


def test_the_commune_page_follows_an_edit_of_its_town_hall_and_neighbours(client):
    client.get(LIEVIN)
    TownHall.objects.filter(commune__insee_code="62510").update(phone="03 21 00 00 00")
    assert "03 21 00 00 00" in client.get(LIEVIN).content.decode()
    neighbour = Commune.objects.get(insee_code="62510").neighbours.order_by("insee_code").first()
    Commune.objects.filter(pk=neighbour.pk).update(name="Commune renommée")
    assert "Commune renommée" in client.get(LIEVIN).content.decode()


def test_the_commune_page_follows_a_renaming_to_its_new_address(client):
    client.get(LIEVIN)
    lievin = Commune.objects.get(insee_code="62510")
    lievin.name = "Liévin-Nouveau"
    lievin.save()
    assert client.get(LIEVIN)["Location"] == "/territoire/communes/62510-lievin-nouveau/"


def test_the_member_page_follows_an_edit_of_its_communes_figures(client):
    html = client.get(LENS_LIEVIN).content.decode()
    figures = Member.objects.with_figures().get(slug="lens-lievin")
    population = f"{figures.population:,}".replace(",", "\xa0")
    assert f"<dd>{figures.commune_count}</dd>" in html
    assert f"<dd>{population}</dd>" in html
    Commune.objects.filter(insee_code="62510").update(population_municipale=1)
    figures = Member.objects.with_figures().get(slug="lens-lievin")
    population = f"{figures.population:,}".replace(",", "\xa0")
    assert f"<dd>{population}</dd>" in client.get(LENS_LIEVIN).content.decode()


@pytest.mark.parametrize(("page", "status"), [("2", 404), ("0", 404), ("x", 404), ("last", 200)])
def test_the_directorys_other_pages_are_still_counted_before_their_answer(client, page, status):
    client.get("/territoire/communes/")
    client.get("/territoire/communes/", query_params={"page": "1"})
    assert client.get("/territoire/communes/", query_params={"page": page}).status_code == status


def test_the_directorys_first_page_says_how_many_and_whether_there_are_more(client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    response = client.get("/territoire/communes/", query_params={"q": "a"})
    found = Commune.objects.in_pole().matching("a").count()
    assert response.context["paginator"].count == found
    assert not response.context["is_paginated"]
    assert f"{found} communes trouvées" in response.content.decode()
