import datetime
import xml.etree.ElementTree as ET

import pytest

from chantiers.models import ObjectiveUpdate
from pole_artois.core.publication import PublicationStatus
from tests.factories import make_chantier, make_objective, make_update

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, built by Django)
    return feed, feed.findall(f"{ATOM}entry")


def titles(found):
    return [entry.findtext(f"{ATOM}title") for entry in found]


@pytest.fixture
def objective():
    return make_objective(make_chantier(slug="archipel-vert"), title_fr="Chaîne des parcs")


def test_the_feed_lists_published_updates_newest_first_with_a_link_to_each(client, objective):
    make_update(objective, title_fr="Étude lancée", date=datetime.date(2030, 1, 10))
    latest = make_update(
        objective,
        title_fr="Premier parc relié",
        body_fr="<p>Le <strong>parc</strong> est relié.</p>",
        date=datetime.date(2030, 6, 1),
    )
    feed, found = entries(client, "/chantiers/flux/")
    assert feed.findtext(f"{ATOM}title") == (
        "Avancement des objectifs du Pôle métropolitain de l'Artois"
    )
    assert titles(found) == [
        "Chaîne des parcs : Premier parc relié",
        "Chaîne des parcs : Étude lancée",
    ]
    first = found[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{objective.get_absolute_url()}#update-{latest.pk}"
    )
    assert first.findtext(f"{ATOM}summary") == "<p>Le <strong>parc</strong> est relié.</p>"
    assert first.find(f"{ATOM}category").get("term") == objective.chantier.title


def test_the_feed_never_lists_a_draft(client, objective):
    make_update(objective, title_fr="Publiée")
    make_update(objective, title_fr="Brouillon", status=PublicationStatus.DRAFT)
    make_update(
        objective,
        title_fr="Plus tard",
        published_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    hidden_objective = make_objective(objective.chantier, status=PublicationStatus.DRAFT)
    make_update(hidden_objective, title_fr="Objectif en brouillon")
    hidden_chantier = make_objective(make_chantier(status=PublicationStatus.DRAFT))
    make_update(hidden_chantier, title_fr="Chantier en brouillon")
    _feed, found = entries(client, "/chantiers/flux/")
    assert titles(found) == ["Chaîne des parcs : Publiée"]


def test_an_entry_keeps_its_id_when_the_objective_is_renamed(client, objective):
    make_update(objective)
    _feed, before = entries(client, "/chantiers/flux/")
    objective.title_fr, objective.slug = "Trame verte et bleue", "trame-verte-et-bleue"
    objective.save()
    _feed, after = entries(client, "/chantiers/flux/")
    assert before[0].findtext(f"{ATOM}id") == after[0].findtext(f"{ATOM}id")
    assert before[0].findtext(f"{ATOM}id").startswith("tag:testserver,")


def test_a_chantier_feed_lists_only_its_own_objectives_updates(client, objective):
    make_update(objective, title_fr="Ici")
    make_update(make_objective(make_chantier()), title_fr="Ailleurs")
    feed, found = entries(client, "/chantiers/archipel-vert/flux/")
    assert titles(found) == ["Chaîne des parcs : Ici"]
    assert objective.chantier.title in feed.findtext(f"{ATOM}title")


def test_a_draft_or_unknown_chantier_has_no_feed(client):
    draft = make_chantier(status=PublicationStatus.DRAFT)
    assert client.get(draft.get_feed_url()).status_code == 404
    assert client.get("/chantiers/nulle-part/flux/").status_code == 404


def test_the_feed_speaks_the_language_of_its_address(client, objective):
    make_update(objective, title_fr="Étude lancée", title_en="Study started")
    feed, found = entries(client, "/en/chantiers/flux/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert titles(found) == ["Chaîne des parcs: Study started"]
    assert found[0].find(f"{ATOM}link").get("href").startswith("http://testserver/en/chantiers/")


@pytest.mark.parametrize("written", ["through the model", "behind its back"])
def test_hostile_html_never_reaches_the_feed(client, objective, written):
    hostile = '<p onclick="steal()">Texte<script>alert(1)</script></p>'
    update = make_update(objective, body_fr=hostile)
    if written == "behind its back":
        ObjectiveUpdate.objects.filter(pk=update.pk).update(body_fr=hostile)
    _feed, found = entries(client, "/chantiers/flux/")
    assert found[0].findtext(f"{ATOM}summary") == "<p>Texte</p>"


def test_pages_announce_their_feeds(client, objective):
    chantier_feed = objective.chantier.get_feed_url()
    for url in ("/chantiers/", objective.chantier.get_absolute_url(), objective.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" href="/chantiers/flux/"' in html
    html = client.get(objective.get_absolute_url()).content.decode()
    assert f'type="application/atom+xml" href="{chantier_feed}"' in html


def test_the_feed_costs_the_same_whatever_the_content(
    client, objective, django_assert_max_num_queries
):
    for size in (1, 10):
        for _ in range(size):
            make_update(make_objective(objective.chantier))
        with django_assert_max_num_queries(1):
            entries(client, "/chantiers/flux/")
        # The chantier, its updates, status changes, milestones and indicator values.
        with django_assert_max_num_queries(5):
            entries(client, "/chantiers/archipel-vert/flux/")
