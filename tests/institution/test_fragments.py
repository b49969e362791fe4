"""The Pôle's pages, the partners' and the open data page built from their fragments (page cache
off): once a fragment is kept, a visitor costs only the queries that decide the status (the
paginator's count past the first page; the object of a detail page is kept too), and gets the
same page."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from partenaires.models import Partner
from pole_artois.institution.models import Article, Deliberation, Event, Seance
from tests.helpers import read_site_wide_values, visit
from tests.performance.test_query_counts import institution_content

pytestmark = pytest.mark.django_db

# Path → the queries of a page assembled from its kept fragments.
ASSEMBLED = {
    "/partenaires/": 0,
    # A first page exists whatever the count: its rows, count and filters wait for its fragment.
    "/actualites/": 0,
    "/actes/": 0,
    "/actes/?year=2016": 0,
    "/actes/seances/": 0,
    "/actes/seances/?page=1": 0,
    "/actes/?year=2016&page=1": 0,
    "/agenda/": 0,
    # The title says which page of the past is shown.
    "/agenda/?page=2": 1,
    "/donnees/": 0,
    "/le-pole/": 1,
    "/mentions-legales/": 1,
    "/donnees-personnelles/": 1,
    "/accessibilite/": 1,
}


@pytest.fixture
def pages(client, settings, tmp_path, fragments_only):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    institution_content()
    read_site_wide_values(client)
    details = {
        model.objects.published().first().get_absolute_url(): 0
        for model in (Partner, Article, Deliberation, Seance, Event)
    }
    return {**ASSEMBLED, **details}


def test_a_page_assembled_from_its_fragments_reads_only_what_decides_its_status(client, pages):
    built = {path: visit(client, path) for path in pages}
    assembled = {path: visit(client, path) for path in pages}
    assert {path: content for path, (content, _) in assembled.items()} == {
        path: content for path, (content, _) in built.items()
    }
    assert {path: count for path, (_, count) in assembled.items()} == pages


def test_the_status_is_decided_outside_the_fragments(client, pages):
    for path in pages:
        client.get(path)
    assert client.get("/actualites/?page=2").status_code == 404
    assert client.get("/actes/?page=2").status_code == 404
    assert client.get("/actes/?year=2016&page=2").status_code == 404
    assert client.get("/partenaires/inconnu/").status_code == 404
    article = Article.objects.published().first()
    wrong_slug = f"/actualites/{article.pk}-autre-titre/"
    assert client.get(wrong_slug).headers["Location"] == article.get_absolute_url()


@pytest.fixture
def two_pages_of_news(client, fragments_only, site_wide_values_cached):
    for day in range(12):
        Article.objects.create(
            title_fr=f"Nouvelle {day}",
            slug=f"nouvelle-{day}",
            status="published",
            published_at=timezone.now() - datetime.timedelta(days=day),
        )


def test_a_page_past_the_first_is_counted_before_its_kept_fragment(client, two_pages_of_news):
    for page, reads in (("1", 0), ("2", 1)):
        built, _ = visit(client, f"/actualites/?page={page}")
        assembled, count = visit(client, f"/actualites/?page={page}")
        assert (assembled, count) == (built, reads), page


@pytest.mark.parametrize(
    ("page", "status"),
    [("", 200), ("1", 200), ("2", 200), ("last", 200), ("3", 404), ("0", 404), ("x", 404)],
)
def test_the_news_pages_answer_as_a_list_view_does(client, two_pages_of_news, page, status):
    client.get("/actualites/")
    assert client.get("/actualites/", query_params={"page": page}).status_code == status
