import datetime
import re
import time
from html import unescape

import pytest
from django.db import connection
from django.db.models import F
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from pole_artois.core.publication import PublicationStatus
from pole_artois.discovery.forms import SearchForm
from pole_artois.discovery.search import (
    KINDS,
    PER_KIND,
    Hit,
    _union,
    folded_query,
    search,
    suggestions,
    wanted_words,
)
from pole_artois.institution.models import Article
from territoire.models import Member

pytestmark = pytest.mark.django_db


def hits_of(response, kind):
    groups = {group.kind.key: group for group in response.context["results"].groups}
    return [unescape(re.sub(r"</?mark>", "", str(hit.title))) for hit in groups[kind].hits]


@pytest.mark.parametrize("query", ["lievin", "Liévin", "LIÉVIN", " liÉvin  "])
def test_accents_and_capitals_do_not_matter(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert hits_of(response, "communes")[0] == "Liévin"
    assert hits_of(response, "members") == ["Communauté d'agglomération de Lens-Liévin"]


@pytest.mark.parametrize("query", ["noeux", "Nœux"])
def test_a_ligature_is_found_and_marked_as_typed_or_spelt_out(client, query):
    response = client.get("/recherche/", {"q": query})
    groups = {group.kind.key: group for group in response.context["results"].groups}
    assert str(groups["communes"].hits[0].title) == "<mark>Nœux</mark>-les-Mines"


def test_same_hits_whatever_the_accents():
    results = [
        [[hit.url for hit in group.hits] for group in search(query).groups]
        for query in ("lievin", "Liévin", "LIÉVIN")
    ]
    assert results[0] == results[1] == results[2]
    assert results[0]


def test_hits_are_grouped_by_kind_best_first(client):
    response = client.get("/recherche/", {"q": "Lens"})
    groups = response.context["results"].groups
    assert [group.kind.key for group in groups] == ["communes", "members"]
    communes = groups[0]
    assert len(communes.hits) == PER_KIND
    assert communes.has_more
    assert hits_of(response, "communes")[0] == "Lens"
    html = response.content.decode()
    assert '<h2 id="results-communes">Communes</h2>' in html
    assert '<a href="/territoire/communes/62498-lens/"><mark>Lens</mark></a>' in html


def test_hits_ranked_alike_go_by_their_title_accents_aside(client):
    for title in ("Zone du canal", "Écluse du canal", "Bassin du canal"):
        Article.objects.create(
            title_fr=title,
            summary_fr="Un point sur les travaux.",
            status=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    response = client.get("/recherche/", {"q": "canal", "kind": "news"})
    assert hits_of(response, "news") == ["Bassin du canal", "Écluse du canal", "Zone du canal"]


def test_one_kind_lists_all_its_hits(client):
    response = client.get("/recherche/", {"q": "Lens", "kind": "communes"})
    groups = response.context["results"].groups
    assert [group.kind.key for group in groups] == ["communes"]
    # Every commune of the agglomeration of Lens-Liévin, found through its name.
    assert len(groups[0].hits) >= 36
    assert not groups[0].has_more


def test_words_are_marked_in_the_excerpt(client):
    member = Member.objects.get(slug="henin-carvin")
    member.description_fr = "Quatorze communes autour d'Hénin-Beaumont et de Carvin."
    member.save()
    response = client.get("/recherche/", {"q": "henin beaumont"})
    html = response.content.decode()
    assert "autour d&#x27;<mark>Hénin</mark>-<mark>Beaumont</mark>" in html


def test_content_cannot_inject_markup(client):
    member = Member.objects.get(slug="henin-carvin")
    member.description_fr = 'Carvin <img src=x onerror="alert(1)"> & "Oignies"'
    member.save()
    html = client.get("/recherche/", {"q": "carvin"}).content.decode()
    assert "onerror" not in html
    assert "<mark>Carvin</mark>" in html
    html = client.get("/recherche/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_visitors_language_with_french_fallback(client):
    member = Member.objects.get(slug="henin-carvin")
    member.description_en = "An agglomeration around a former coalfield."
    member.save()
    english = client.get("/en/recherche/", {"q": "coalfield"})
    assert hits_of(english, "members") == [member.name_fr]
    french = client.get("/recherche/", {"q": "coalfield"})
    assert french.context["results"].groups == []
    # Communes have no English text: the French one is searched in English too.
    assert hits_of(client.get("/en/recherche/", {"q": "lievin"}), "communes")[0] == "Liévin"


def test_empty_query_shows_the_form(client):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert response.context["results"] is None
    html = response.content.decode()
    assert 'type="search"' in html and 'name="q"' in html
    assert 'role="alert"' not in html


def test_too_long_query_is_a_clear_error(client):
    response = client.get("/recherche/", {"q": "lievin" * 100})
    assert response.status_code == 200
    assert response.context["results"] is None
    html = unescape(response.content.decode())
    assert "ne doit pas dépasser 200 caractères (il en contient 600)" in html
    assert "maxlength" not in html  # the query stays whole in the field, to be shortened


@pytest.mark.parametrize(
    "query",
    [
        "a",
        "\x00lievin",
        "💥💥",
        "\u0301\u0301",
        "%_%",
        "' OR 1=1 --",
        '"unterminated',
        "-lievin",
        "lievin | lens & !bethune :*",
        "ﬁ ß Œuvre",
        "le la les",
    ],
)
def test_odd_queries_never_fail(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200


def test_query_without_letters_says_so(client):
    response = client.get("/recherche/", {"q": "!!!"})
    assert "Tapez au moins une lettre ou un chiffre." in unescape(response.content.decode())


def test_unknown_kind_is_a_form_error(client):
    response = client.get("/recherche/", {"q": "lens", "kind": "secrets"})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["kind"]


def test_misspelt_query_suggests_close_names(client):
    response = client.get("/recherche/", {"q": "Lievn"})
    html = unescape(response.content.decode())
    assert response.context["results"].groups == []
    assert "Rien n'a été trouvé pour « Lievn »." in html
    assert response.context["suggested"][0][0] == "Liévin"
    assert '/recherche/?q=Li%C3%A9vin"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [{"q": "Lievn"}, {"kind": "", "q": "Lievn"}],
)
def test_a_suggestion_links_as_the_url_and_querystring_tags_would(client, rf, data):
    response = client.get("/recherche/", data)
    links = Template(
        "{% for name, _ in suggested %}"
        "{% url 'discovery:search' %}{% querystring q=name kind=None %}|"
        "{% endfor %}"
    ).render(
        RequestContext(rf.get("/recherche/", data), {"suggested": response.context["suggested"]})
    )
    assert links.count("|") == len(response.context["suggested"]) > 0
    for name, url in response.context["suggested"]:
        assert f'<li><a href="{escape(url)}">{escape(name)}</a></li>' in response.content.decode()
    assert "".join(f"{escape(url)}|" for _, url in response.context["suggested"]) == links


@pytest.mark.parametrize(("language", "path"), [("fr", "/recherche/"), ("en", "/en/recherche/")])
@pytest.mark.parametrize("data", [{"q": "Lens"}, {"kind": "", "q": "Lens"}])
def test_a_kind_with_more_hits_links_to_them_as_the_tags_would_write(
    client, rf, language, path, data
):
    response = client.get(path, data)
    more = Template(
        "{% load i18n %}{% for group in results.groups %}{% if group.has_more %}"
        "<p><a href=\"{% url 'discovery:search' %}"
        '{% querystring q=results.query kind=group.kind.key %}">'
        "{% blocktranslate with kind=group.kind.label|lower query=results.query %}"
        "All the {{ kind }} matching “{{ query }}”{% endblocktranslate %}</a></p>"
        "{% endif %}{% endfor %}"
    )
    with translation.override(language):
        expected = more.render(
            RequestContext(rf.get(path, data), {"results": response.context["results"]})
        )
    html = response.content.decode()
    assert expected.count("<p><a") == 1
    assert expected in html


@pytest.mark.parametrize("kind", ["", "news"])
def test_a_search_that_found_nothing_offers_the_sections_to_browse(client, kind):
    html = client.get("/recherche/", {"q": "zythologie", "kind": kind}).content.decode()
    assert '<li><a href="/territoire/communes/">Annuaire des communes</a></li>' in html
    assert '<li><a href="/plan-du-site/">Plan du site</a></li>' in html


def test_search_costs_the_same_queries_whatever_the_kinds(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/recherche/", {"q": "lens"})
    assert response.context["results"].groups


def test_every_kind_is_found_and_nothing_unpublished(client, content):
    response = client.get("/recherche/", {"q": "tramway"})
    found = {
        group.kind.key: [unescape(re.sub(r"</?mark>", "", str(hit.title))) for hit in group.hits]
        for group in response.context["results"].groups
    }
    assert found == {
        "chantiers": ["Les mobilités"],
        "objectives": ["Étudier un tramway Lens-Liévin"],
        "partners": ["Syndicat des transports"],
        "news": ["Le tramway avance"],
        "events": ["Forum du tramway"],
        "acts": ["Étude de faisabilité du tramway"],
    }
    html = response.content.decode()
    for hidden in ("secret", "caché", "brouillon", "à venir", "projet d&#x27;acte"):
        assert hidden not in html.lower()


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_every_kind_rebuilds_the_address_its_model_gives(content, kind):
    """A hit's address is rebuilt from its row, without the instance: as get_absolute_url()."""
    rows = (
        kind.queryset()
        .annotate(t_key=F(kind.url_key), t_parent=F(kind.url_parent or "pk"))
        .values_list("pk", "t_key", "t_parent")
    )
    rebuilt = {
        pk: kind.url(pk, str(key), str(parent) if kind.url_parent else "")
        for pk, key, parent in rows
    }
    assert rebuilt
    assert rebuilt == {item.pk: item.get_absolute_url() for item in kind.queryset()}


def test_every_hit_leads_to_its_page(client, content):
    for group in search("tramway").groups:
        for hit in group.hits:
            assert client.get(hit.url).status_code == 200, hit.url
    urls = {group.kind.key: group.hits[0].url for group in search("tramway").groups}
    assert urls["objectives"] == content["objective"].get_absolute_url()
    assert urls["acts"] == content["act"].get_absolute_url()
    assert urls["news"] == content["article"].get_absolute_url()
    assert urls["events"] == content["event"].get_absolute_url()


def test_events_are_found_by_their_text_and_dated_with_their_place(client, content):
    response = client.get("/recherche/", {"q": "habitants"})
    (group,) = response.context["results"].groups
    (hit,) = group.hits
    assert group.kind.key == "events"
    assert hit.date == datetime.date(2025, 5, 20)
    assert hit.detail == "Liévin"
    assert "<mark>habitants</mark>" in str(hit.excerpt)
    html = response.content.decode()
    assert "Événements de l'agenda" in unescape(html)
    assert (
        f'<li>\n      <h3><a href="{hit.url}">{hit.title}</a></h3>\n'
        '      <p class="meta"><time datetime="2025-05-20">20 mai 2025</time> · Liévin</p>\n'
        f"      <p>{hit.excerpt}</p>\n    </li>"
    ) in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_hit_is_written_with_what_it_has_escaped(language):
    hit = Hit(
        title=mark_safe("<mark>Lens</mark>"),
        url='/a?b=1&c="d"',
        excerpt=mark_safe(""),
        detail="A & <B>",
        date=datetime.date(2016, 1, 1),
    )
    first = {"fr": "1er janvier 2016", "en": "1 January 2016"}[language]
    with translation.override(language):
        assert hit.html() == (
            '\n    <li>\n      <h3><a href="/a?b=1&amp;c=&quot;d&quot;"><mark>Lens</mark></a></h3>'
            f'\n      <p class="meta"><time datetime="2016-01-01">{first}</time>'
            " · A &amp; &lt;B&gt;</p>"
            "\n    </li>"
        )
    undated = Hit(title="Lens", url="/", excerpt=mark_safe("x"), detail="", date=None)
    assert "meta" not in undated.html() and "<p>x</p>" in undated.html()


def test_rich_text_excerpt_is_plain_and_marked(client, content):
    response = client.get("/recherche/", {"q": "tramway", "kind": "news"})
    (hit,) = response.context["results"].groups[0].hits
    assert "<strong>" not in str(hit.excerpt)
    assert "<mark>tramway</mark> &amp; les bus" in str(hit.excerpt)
    # The date in the site's time zone: after 23:00 UTC it is already tomorrow in Paris.
    assert hit.date == timezone.localdate(content["article"].published_at)


def test_acts_are_found_by_number_and_dated_by_their_seance(client, content):
    (group,) = search("2025-07").groups
    assert group.kind.key == "acts"
    assert group.hits[0].detail == "2025-07"
    assert group.hits[0].date == datetime.date(2025, 3, 12)


def test_english_visitors_read_english_titles(client, content):
    response = client.get("/en/recherche/", {"q": "mobility"})
    assert hits_of(response, "chantiers") == ["Mobility"]
    assert response.context["results"].groups[0].hits[0].url == "/en/chantiers/mobilites/"


def test_one_query_for_every_kind(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/recherche/", {"q": "tramway"})
    assert len(response.context["results"].groups) == 6


def test_excerpts_keep_words_apart_and_mark_whole_words_only(client):
    member = Member.objects.get(slug="henin-carvin")
    member.description_fr = "<h2>Le parc</h2><p>La population visite les parcs<br>du bioparc.</p>"
    member.save()
    (hit,) = search("parc", kind="members").groups[0].hits
    assert str(hit.excerpt) == (
        "Le <mark>parc</mark> La population visite les <mark>parcs</mark> du bioparc."
    )


def test_one_kind_with_more_hits_than_shown_says_so_instead_of_linking_to_itself(client):
    html = unescape(
        client.get("/recherche/", {"q": "agglomération", "kind": "communes"}).content.decode()
    )
    assert "Seuls les 100 premiers résultats sont affichés" in html
    assert "Tous les résultats" not in html


def test_no_suggestion_within_one_kind_the_page_offers_every_kind_instead(client):
    html = unescape(client.get("/recherche/", {"q": "lens", "kind": "acts"}).content.decode())
    assert "Vouliez-vous dire" not in html
    assert 'href="/recherche/?q=lens"' in html
    assert "Vouliez-vous dire" in unescape(
        client.get("/recherche/", {"q": "lenz"}).content.decode()
    )


def test_a_word_excluded_with_a_minus_is_neither_found_by_title_nor_marked(client):
    response = client.get("/recherche/", {"q": "liévin -lens"})
    titles = hits_of(response, "communes")
    assert titles[0] == "Liévin"
    assert not any("Lens" in title for title in titles)
    html = response.content.decode()
    assert "<mark>Lens</mark>" not in html
    assert client.get("/recherche/", {"q": "-lens"}).status_code == 200


def test_the_stored_search_follows_writes_made_behind_the_models_back(client):
    """The search reads columns PostgreSQL computes itself: a bulk update() is found at once."""
    Member.objects.filter(slug="henin-carvin").update(description_fr="Un bassin de zythologues.")
    assert hits_of(client.get("/recherche/", {"q": "zythologue"}), "members") == [
        "Communauté d'agglomération d'Hénin-Carvin"
    ]


def test_marks_come_only_from_the_database_never_from_the_content(client):
    member = Member.objects.get(slug="henin-carvin")
    member.description_fr = "Carvin \ue000 &#xe000; \ue001 <mark>faux</mark> Carvin"
    member.save()
    html = str(search("carvin", kind="members").groups[0].hits[0].excerpt)
    assert html.count("<mark>") == html.count("</mark>") == 2
    assert "<mark>faux" not in html


def test_an_article_scheduled_for_later_is_found_once_its_time_has_come(client):
    """The search's SQL is built once per process: "published now" must still mean now."""
    soon = timezone.now() + datetime.timedelta(seconds=1)
    Article.objects.create(
        title_fr="Le funiculaire",
        summary_fr="Bientôt.",
        status=PublicationStatus.PUBLISHED,
        published_at=soon,
    )
    assert search("funiculaire").groups == []
    while timezone.now() <= soon:
        time.sleep(0.1)
    assert [group.kind.key for group in search("funiculaire").groups] == ["news"]


# The current time as psycopg writes it.
NOW_LITERAL = re.compile(r"'[^']*'::timestamptz")


@pytest.mark.parametrize("query", ["d'O'Hara \\ 100 %_ -lens", "lievin", "' OR 1=1 --"])
def test_the_words_reach_the_database_as_psycopg_quotes_them(query):
    """The search's SQL is written once per process with marks, and each run writes the words in
    it: PostgreSQL must receive what psycopg makes of the ORM's query for those very words."""
    folded = folded_query(query)
    wanted = wanted_words(folded)
    expected = [
        _union([kind.hits(folded, wanted, "fr")[: PER_KIND + 1] for kind in KINDS]),
        _union([kind.closest(wanted, "fr") for kind in KINDS if kind.suggests]),
    ]
    sent = []

    def note(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        search(query)
        suggestions(query)
    with connection.cursor() as cursor:
        merged = [cursor.cursor.mogrify(*queryset.query.sql_with_params()) for queryset in expected]
    assert [NOW_LITERAL.sub("now", sql) for sql in sent] == [
        NOW_LITERAL.sub("now", sql) for sql in merged
    ]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": "lens", "kind": "news"},
        {"q": "lens", "kind": ""},
        {"q": "lens", "kind": "nope"},
        {"q": 'l\'"<a>" & b', "kind": "acts"},
        {"q": "x"},
        {"q": "x" * 300, "kind": "nope"},
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_form_is_written_as_the_fields_template_and_djangos_widgets_would(data, language):
    """In both languages, one after the other: the labels and options are kept per language."""
    with translation.override(language):
        form = SearchForm(data)
        assert form.fields_html() == render_to_string("includes/form_fields.html", {"form": form})


def test_forms_sharing_their_fields_keep_their_own_values_and_errors(client):
    refused = SearchForm({"q": "x" * 300})
    assert not refused.is_valid()
    shown = SearchForm({"q": "lens"})
    assert shown.is_valid()
    assert shown.errors == {} and 'value="lens"' in shown.fields_html()
    assert "field-error" not in shown.fields_html() and "x" * 300 not in shown.fields_html()
    # The overlong text is refused with its count, not cut by the browser: no maxlength.
    assert "300" in str(refused.errors["q"]) and "maxlength" not in refused.fields_html()
