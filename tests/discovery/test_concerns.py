"""A commune's page and feed list what the Pôle publishes about it: objectives, progress updates
and news naming the commune or its agglomeration."""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pole_artois.core.publication import PublicationStatus
from pole_artois.discovery.concerns import ON_COMMUNE_PAGE, PER_PAGE
from pole_artois.institution.models import Article
from territoire.models import Commune, Member
from tests.factories import make_objective, make_update
from tests.helpers import form_data, french_addresses  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LENS, LIEVIN, BETHUNE = "62498", "62510", "62119"


@pytest.fixture
def lens():
    return Commune.objects.get(insee_code=LENS)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def article(title, days=0, **fields):
    defaults = {"status": PublicationStatus.PUBLISHED, "published_at": days_ago(days)}
    return Article.objects.create(
        title_fr=title, slug="actualite", summary_fr=f"Résumé : {title}", **{**defaults, **fields}
    )


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def section(page):
    """The commune page's "What the Pôle does here" section."""
    start = page.index('aria-labelledby="concerns-title"')
    return page[start : page.index("</section>", start)]


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own feed, built by Django)


def test_the_page_lists_what_names_the_commune_or_its_agglomeration_and_nothing_else(client, lens):
    lens_lievin, bethune_bruay = (
        Member.objects.get(slug="lens-lievin"),
        Member.objects.get(slug="bethune-bruay"),
    )
    direct = make_objective(title_fr="Requalifier la gare de Lens")
    direct.communes.add(lens)
    through = article("Les bus de l'agglomération", days=2)
    through.agglomerations.add(lens_lievin)
    elsewhere = article("Une étude à Béthune", days=1)
    elsewhere.communes.add(Commune.objects.get(insee_code=BETHUNE))
    elsewhere.agglomerations.add(bethune_bruay)
    make_objective(title_fr="Un objectif sans lieu")
    listed = section(html(client, lens.get_absolute_url()))
    assert "Requalifier la gare de Lens" in listed
    assert f'href="{direct.get_absolute_url()}"' in listed
    assert "Les bus de l'agglomération" in listed
    assert f'href="{through.get_absolute_url()}"' in listed
    assert "Une étude à Béthune" not in listed
    assert "Un objectif sans lieu" not in listed
    # Liévin, in the same agglomeration, has the agglomeration's article but not Lens's objective.
    lievin = section(html(client, Commune.objects.get(insee_code=LIEVIN).get_absolute_url()))
    assert "Les bus de l'agglomération" in lievin
    assert "Requalifier la gare de Lens" not in lievin


def test_an_item_naming_the_commune_and_its_agglomeration_is_listed_once(client, lens):
    both = article("La commune et son agglomération")
    both.communes.add(lens)
    both.agglomerations.add(lens.member)
    assert section(html(client, lens.get_absolute_url())).count("La commune et son agglo") == 1


def test_updates_are_listed_when_they_or_their_objective_name_the_commune(client, lens):
    objective = make_objective(title_fr="Chaîne des parcs")
    objective.communes.add(lens)
    of_objective = make_update(objective, title_fr="Premier parc relié")
    elsewhere = make_objective(title_fr="Un autre objectif")
    named = make_update(elsewhere, title_fr="Travaux à Lens")
    named.communes.add(lens)
    make_update(elsewhere, title_fr="Travaux ailleurs")
    listed = section(html(client, lens.get_absolute_url()))
    assert "Premier parc relié" in listed
    assert f'href="{of_objective.get_absolute_url()}"' in listed
    assert "Travaux à Lens" in listed
    assert "Un autre objectif" in listed  # the update's context, not the objective itself
    assert f'href="{elsewhere.get_absolute_url()}"' not in listed
    assert "Travaux ailleurs" not in listed


def test_drafts_future_items_and_updates_of_hidden_objectives_are_not_listed(client, lens):
    article("Brouillon", status=PublicationStatus.DRAFT).communes.add(lens)
    article("Pour demain", days=-1).communes.add(lens)
    make_objective(title_fr="Objectif en brouillon", status=PublicationStatus.DRAFT).communes.add(
        lens
    )
    hidden = make_objective(title_fr="Objectif caché", status=PublicationStatus.DRAFT)
    make_update(hidden, title_fr="Avancée d'un objectif caché").communes.add(lens)
    page = html(client, lens.get_absolute_url())
    for title in ("Brouillon", "Pour demain", "Objectif en brouillon", "objectif caché"):
        assert title not in page
    assert "Rien n'est encore publié qui concerne Lens" in section(page)
    feed = entries(client, f"/territoire/communes/{LENS}/flux/")
    assert feed.findall(f"{ATOM}entry") == []


def test_items_are_listed_newest_first_with_their_kind_and_date(client, lens):
    article("La plus ancienne", days=30).communes.add(lens)
    objective = make_objective(title_fr="Au milieu", published_at=days_ago(10))
    objective.communes.add(lens)
    make_update(objective, title_fr="La plus récente", date=timezone.localdate())
    listed = section(html(client, lens.get_absolute_url()))
    positions = [listed.index(title) for title in ("La plus récente", "Au milieu", "La plus anc")]
    assert positions == sorted(positions)
    assert "Point d'avancement" in listed and "Objectif" in listed and "Actualité" in listed
    day = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert f'<time datetime="{day}">' in listed


def test_the_page_lists_a_bounded_number_and_links_to_the_rest_page_by_page(client, lens):
    for number in range(ON_COMMUNE_PAGE + PER_PAGE):
        article(f"Actualité numéro {number:02}", days=number).communes.add(lens)
    listed = section(html(client, lens.get_absolute_url()))
    assert listed.count("Actualité numéro") == ON_COMMUNE_PAGE
    assert f"Actualité numéro {ON_COMMUNE_PAGE - 1:02}" in listed
    assert f"Actualité numéro {ON_COMMUNE_PAGE:02}" not in listed
    everything = f"/territoire/communes/{LENS}/le-pole-ici/"
    assert f'href="{everything}"' in listed
    first = html(client, everything)
    assert first.count("Actualité numéro") == PER_PAGE
    assert 'rel="next"' in first
    second = html(client, everything + "?page=2")
    assert second.count("Actualité numéro") == ON_COMMUNE_PAGE
    assert f"Actualité numéro {ON_COMMUNE_PAGE + PER_PAGE - 1:02}" in second
    assert client.get(everything + "?page=9").status_code == 404


def test_the_list_kept_whole_reads_nothing_and_follows_what_is_published(
    client, lens, fragments_only, site_wide_values_cached
):
    """Page cache off, fragments on: the first page's commune is kept and its list is neither
    built nor counted before its kept fragment; the next page is counted, to decide its 404."""
    for number in range(PER_PAGE + 1):
        article(f"Actualité numéro {number:02}", days=number).communes.add(lens)
    everything = f"/territoire/communes/{LENS}/le-pole-ici/"
    for url, reads in ((everything, 0), (everything + "?page=2", 1)):
        built = client.get(url).content
        with CaptureQueriesContext(connection) as captured:
            assembled = client.get(url).content
        assert (assembled, len(captured)) == (built, reads), url
    assert client.get(everything + "?page=3").status_code == 404
    article("Toute dernière actualité").communes.add(lens)
    assert "Toute dernière actualité" in html(client, everything)


def test_a_few_items_need_no_link_to_the_rest(client, lens):
    article("Une seule actualité").communes.add(lens)
    assert "le-pole-ici" not in section(html(client, lens.get_absolute_url()))


def test_the_page_links_to_its_feed_in_the_head_and_visibly(client, lens):
    page = html(client, lens.get_absolute_url())
    feed = f"/territoire/communes/{LENS}/flux/"
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{feed}" '
        'title="Le Pôle métropolitain de l\'Artois à Lens">'
    ) in page
    assert f'<a href="{feed}">Suivre ce qui concerne Lens (flux Atom)</a>' in section(page)


def test_the_feed_is_valid_atom_with_the_pole_as_author_and_the_ids_of_the_other_feeds(
    client, lens
):
    news = article("Visite du Louvre-Lens", days=1)
    news.communes.add(lens)
    objective = make_objective(title_fr="Chaîne des parcs", published_at=days_ago(2))
    objective.agglomerations.add(lens.member)
    update = make_update(
        objective,
        title_fr="Parc relié",
        body_fr="<p>Le <strong>parc</strong> est relié.</p>",
        date=timezone.localdate(),
    )
    feed = entries(client, f"/territoire/communes/{LENS}/flux/")
    assert feed.findtext(f"{ATOM}title") == "Le Pôle métropolitain de l'Artois à Lens"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Pôle métropolitain de l'Artois"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        f"http://testserver/territoire/communes/{LENS}/flux/"
    )
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"http://testserver{lens.get_absolute_url()}"
    )
    found = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in found] == [
        "Chaîne des parcs : Parc relié",
        "Visite du Louvre-Lens",
        "Chaîne des parcs",
    ]
    first, second, third = found
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{objective.get_absolute_url()}#update-{update.pk}"
    )
    assert first.findtext(f"{ATOM}summary") == "Le parc est relié."
    assert first.find(f"{ATOM}summary").get("type") == "text"
    assert first.find(f"{ATOM}category").get("term") == "Point d'avancement"
    # The same ids as in the objectives' and the news feeds: a reader shows each item once.
    assert first.findtext(f"{ATOM}id") == (
        f"tag:testserver,{update.created_at:%Y-%m-%d}:chantiers/update/{update.pk}"
    )
    news_feed = client.get("/actualites/flux.atom").content.decode()
    assert f"<id>{second.findtext(f'{ATOM}id')}</id>" in news_feed
    assert second.findtext(f"{ATOM}summary") == "Résumé : Visite du Louvre-Lens"
    assert third.findtext(f"{ATOM}id").endswith(f":chantiers/objective/{objective.pk}")
    for entry in found:
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}published")


def test_the_feed_speaks_the_language_of_its_address(client, lens):
    news = article("Visite", title_en="Visit")
    news.communes.add(lens)
    feed = entries(client, f"/en/territoire/communes/{LENS}/flux/")
    assert feed.findtext(f"{ATOM}title") == "The Pôle métropolitain de l'Artois in Lens"
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "Visit"


def test_an_english_page_marks_a_title_left_in_french(client, lens):
    article("Seulement en français").communes.add(lens)
    listed = section(html(client, "/en" + lens.get_absolute_url()))
    assert 'lang="fr">Seulement en français</a>' in listed


def test_unknown_communes_have_no_feed_nor_list(client):
    assert client.get("/territoire/communes/75056/flux/").status_code == 404
    assert client.get("/territoire/communes/75056/le-pole-ici/").status_code == 404


def test_naming_the_commune_evicts_its_cached_page(client, lens, assert_cached, assert_rebuilt):
    url = lens.get_absolute_url()
    client.get(url)
    assert_cached(client, url)
    news = article("Nouvelle actualité")
    client.get(url)
    assert_cached(client, url)
    news.communes.add(lens)
    assert "Nouvelle actualité" in section(unescape(assert_rebuilt(client, url).content.decode()))


def test_the_director_names_communes_and_agglomerations_in_the_admin_and_the_page_shows_them(
    admin_client, client, lens
):
    objective = make_objective(title_fr="Chaîne des parcs")
    update = make_update(objective, title_fr="Parc relié")
    news = article("Visite du Louvre-Lens")
    bethune = Commune.objects.get(insee_code=BETHUNE)
    bethune_bruay = Member.objects.get(slug="bethune-bruay")
    objective_url = f"/gestion/chantiers/objective/{objective.pk}/change/"
    form = admin_client.get(objective_url)
    # Without JavaScript, a plain multiple select of the Pôle's communes; the Département, which
    # covers the whole Pôle, is not an agglomeration to choose.
    select = re.search(r'<select name="communes"[^>]*>', form.content.decode()).group()
    assert " multiple " in select and 'class="selectfilter"' in select
    assert form.context["adminform"].form.fields["communes"].queryset.count() == 150
    agglomerations = form.context["adminform"].form.fields["agglomerations"].queryset
    assert sorted(agglomerations.values_list("slug", flat=True)) == [
        "bethune-bruay",
        "henin-carvin",
        "lens-lievin",
    ]
    data = form_data(form, communes=[str(lens.pk)], agglomerations=[str(bethune_bruay.pk)])
    data["updates-0-communes"] = [str(bethune.pk)]
    response = admin_client.post(objective_url, data)
    assert response.status_code == 302, response.context["errors"]
    objective.refresh_from_db()
    assert list(objective.communes.all()) == [lens]
    assert list(objective.agglomerations.all()) == [bethune_bruay]
    assert list(update.communes.all()) == [bethune]
    # The choice is shown again when the form reopens.
    reopened = admin_client.get(objective_url).context["adminform"].form
    assert reopened["communes"].value() == [lens.pk]

    news_url = f"/gestion/institution/article/{news.pk}/change/"
    data = form_data(admin_client.get(news_url), communes=[str(lens.pk)])
    assert admin_client.post(news_url, data).status_code == 302
    assert list(news.communes.all()) == [lens]
    update_url = f"/gestion/chantiers/objectiveupdate/{update.pk}/change/"
    data = form_data(admin_client.get(update_url), agglomerations=[str(lens.member_id)])
    assert admin_client.post(update_url, data).status_code == 302
    assert list(update.agglomerations.all()) == [lens.member]

    listed = section(html(client, lens.get_absolute_url()))
    assert "Chaîne des parcs" in listed and "Parc relié" in listed
    assert "Visite du Louvre-Lens" in listed
    on_bethune = section(html(client, bethune.get_absolute_url()))
    assert "Chaîne des parcs" in on_bethune and "Parc relié" in on_bethune
    assert "Visite du Louvre-Lens" not in on_bethune
