import re
from html import unescape

import pytest
from django.urls import reverse

from territoire.models import Commune, Member

pytestmark = pytest.mark.django_db


def french(client, url, **kwargs):
    return client.get(url, headers={"accept-language": "fr"}, **kwargs)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_territory_page_lists_the_members_with_their_figures(
    client, prefix, site_wide_values_cached, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(f"{prefix}/territoire/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Communauté d'agglomération de Lens-Liévin" in html
    assert "242\xa0591" in html or "242,591" in html


def test_territory_page_in_english_says_so(client):
    html = client.get("/en/territoire/").content.decode()
    assert '<html lang="en">' in html
    assert "The territory in figures" in html
    assert 'hreflang="fr" href="http://testserver/territoire/"' in html


def test_territory_page_in_french_says_so(client):
    html = client.get("/territoire/").content.decode()
    assert '<html lang="fr">' in html
    assert "Le territoire en chiffres" in html
    assert 'hreflang="en" href="http://testserver/en/territoire/"' in html


def test_member_page_lists_its_communes(
    client, site_wide_values_cached, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/territoire/henin-carvin/")
    html = response.content.decode()
    assert "Ses 14 communes" in html
    listed = html[html.index('<ul class="columns">') :].split("</ul>")[0]
    assert "Carvin" in listed and "Oignies" in listed
    assert "62510-lievin" not in listed


def test_unknown_member_is_a_404_in_the_visitors_language(client):
    assert "Page introuvable" in client.get("/territoire/nulle-part/").content.decode()
    response = client.get("/en/territoire/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()

    # An address no view knows has no French version: "Français" leads to the French home page.
    unknown = client.get("/en/nothing-here/").content.decode()
    assert '<a href="/" hreflang="fr" lang="fr">Français</a>' in unknown


def test_directory_lists_every_commune_in_constant_queries(
    client, site_wide_values_cached, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/territoire/communes/")
    assert response.context["paginator"].count == 150
    assert len(response.context["communes"]) == 150


@pytest.mark.parametrize("query", ["lievin", "Liévin", "LIÉVIN", "  liEvin "])
def test_directory_text_filter_ignores_accents_and_case(client, query):
    response = client.get("/territoire/communes/", {"q": query})
    names = [commune.name for commune in response.context["communes"]]
    assert names == ["Liévin"]


@pytest.mark.parametrize("query", ["noeux", "Nœux", "NŒUX"])
def test_directory_text_filter_spells_out_ligatures(client, query):
    response = client.get("/territoire/communes/", {"q": query})
    assert [commune.name for commune in response.context["communes"]] == ["Nœux-les-Mines"]


def test_a_ligature_is_spelt_out_in_the_address_and_the_old_one_redirects(client):
    noeux = Commune.objects.get(name="Nœux-les-Mines")
    assert noeux.get_absolute_url() == f"/territoire/communes/{noeux.insee_code}-noeux-les-mines/"
    old = client.get(f"/territoire/communes/{noeux.insee_code}-nux-les-mines/")
    assert old.status_code == 301
    assert old["Location"] == noeux.get_absolute_url()


def test_directory_filters_by_member_and_sorts_by_population(client):
    response = client.get(
        "/territoire/communes/", {"member": "henin-carvin", "sort": "-population"}
    )
    communes = list(response.context["communes"])
    assert len(communes) == 14
    assert communes[0].name == "Hénin-Beaumont"
    populations = [commune.population_municipale for commune in communes]
    assert populations == sorted(populations, reverse=True)


def test_directory_explains_bad_filters_instead_of_failing(client):
    response = client.get("/territoire/communes/", {"member": "atlantis", "sort": "chaos"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Certains filtres ne sont pas valides" in html
    assert "0 commune trouvée" in html


def test_directory_empty_result_is_explained(client):
    html = client.get("/territoire/communes/", {"q": "zzzz"}).content.decode()
    assert "Aucune commune ne correspond" in html


def test_commune_page_shows_codes_populations_and_agglomeration(
    client, site_wide_values_cached, django_assert_max_num_queries
):
    lievin = Commune.objects.get(insee_code="62510")
    # The commune with its town hall, its neighbours, its SCoTs, and what concerns it.
    with django_assert_max_num_queries(4):
        response = client.get(lievin.get_absolute_url())
    html = response.content.decode()
    assert "62510" in html and "62800" in html
    assert "30\xa0113" in html
    assert "données officielles 2026" in html
    assert Member.objects.get(slug="lens-lievin").get_absolute_url() in html


def test_commune_address_with_an_old_or_missing_slug_redirects_to_the_canonical_one(client):
    response = client.get("/territoire/communes/62510/")
    assert response.status_code == 301
    assert response["Location"] == "/territoire/communes/62510-lievin/"
    assert client.get("/en/territoire/communes/62510-old-name/")["Location"] == (
        "/en/territoire/communes/62510-lievin/"
    )


def test_unknown_commune_is_a_404(client):
    assert client.get("/territoire/communes/99999-nowhere/").status_code == 404


def test_language_switcher_keeps_the_current_page_and_query(client):
    html = client.get("/territoire/communes/?q=lens").content.decode()
    assert 'href="/en/territoire/communes/?q=lens" hreflang="en" lang="en"' in html


def test_urls_are_reversed_in_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert reverse("territoire:index") == "/en/territoire/"
    assert reverse("territoire:index") == "/territoire/"


def test_a_later_page_of_a_list_is_its_own_canonical_page(client, monkeypatch):
    from territoire.views import CommuneListView

    monkeypatch.setattr(CommuneListView, "paginate_by", 100)
    second = client.get("/territoire/communes/", {"page": "2", "sort": "-name"})
    first = client.get("/territoire/communes/", {"sort": "-name"})
    canonical = '<link rel="canonical" href="http://testserver/territoire/communes/{}">'
    assert canonical.format("?page=2") in second.content.decode()
    assert canonical.format("") in first.content.decode()


def test_the_shares_of_the_agglomerations_add_up_to_a_hundred_percent(client):
    html = unescape(client.get("/territoire/").content.decode())
    shares = [int(share) for share in re.findall(r"\((\d+)\xa0?%\)", html)]
    communes, population = shares[0::2], shares[1::2]
    assert len(communes) == len(population) == 3
    assert sum(communes) == sum(population) == 100


@pytest.mark.parametrize(("prefix", "population"), [("", "12\xa0345"), ("/en", "12,345")])
def test_directory_rows_escape_what_the_director_types_and_group_digits(client, prefix, population):
    """The rows are written by a tag, not the template's autoescaping: a name typed in the admin
    is shown as typed, never as markup."""
    commune = Commune.objects.in_pole().first()
    Member.objects.filter(pk=commune.member_id).update(short_name="Lens & <b>Liévin</b>")
    Commune.objects.filter(pk=commune.pk).update(
        name='Ablain "<i>Saint</i>"', population_municipale=12345
    )
    html = client.get(f"{prefix}/territoire/communes/").content.decode()
    row = next(line for line in html.splitlines() if commune.insee_code in line and "<tr>" in line)
    assert "&quot;&lt;i&gt;Saint&lt;/i&gt;&quot;</a>" in row
    assert ">Lens &amp; &lt;b&gt;Liévin&lt;/b&gt;</td>" in row
    assert f'data-label="Population">{population}</td>' in row
