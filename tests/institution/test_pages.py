import datetime
import io
from html import unescape

import pytest

from pole_artois.institution import demo
from pole_artois.institution.models import (
    AccessibilityStatement,
    AccessibilityStatus,
    Article,
    Deliberation,
    HistoryEvent,
    Mandate,
    Page,
    PoleIdentity,
    Seance,
    StaffPosition,
)
from tests.helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content():
    demo.load(io.StringIO())


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_presentation_page_gathers_text_governance_team_and_history(
    client, demo_content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = page_html(client, "/le-pole/")
    assert "<h1>Le Pôle métropolitain</h1>" in html
    assert "Un syndicat mixte au service d'un bassin de vie" in html
    assert "a été installé le 25 mars 2016 avec 21 délégués" in html
    # The brochure tells who was elected in 2016, not who holds office today.
    assert "aujourd'hui" not in html
    assert 'depuis le <time datetime="2016-03-25">25 mars 2016</time>' in html
    for name in ("Michel Dagbert", "Sylvain Robert", "Alain Wacheux", "Jean-Pierre Corbisez"):
        assert name in html
    assert html.index("Michel Dagbert") < html.index("Jean-Pierre Corbisez")
    assert "Responsable administratif" in html
    assert "Benoît Brocq" in html
    assert '<time datetime="2012-12-04">4 décembre 2012</time>' in html
    assert '<time datetime="2009">2009</time>' in html


def test_presentation_page_reads_well_with_nothing_but_its_text(client):
    html = page_html(client, "/le-pole/")
    assert "Gouvernance" not in html
    assert "L'équipe" not in html


def test_presentation_page_shows_only_the_mandates_running_today(client, demo_content):
    Mandate.objects.filter(person__last_name="Wacheux").update(end=datetime.date(2020, 7, 15))
    html = page_html(client, "/le-pole/")
    assert '<th scope="row">Sylvain Robert' in html
    assert '<th scope="row">Alain Wacheux' not in html


def test_history_dates_show_only_what_is_known(client):
    HistoryEvent.objects.create(
        date=datetime.date(2016, 3, 1), precision="month", title_fr="Un mois", title_en="A month"
    )
    assert '<time datetime="2016-03">mars 2016</time>' in page_html(client, "/le-pole/")
    assert '<time datetime="2016-03">March 2016</time>' in page_html(client, "/en/le-pole/")


def test_presentation_page_in_english(client, demo_content):
    html = page_html(client, "/en/le-pole/")
    assert '<html lang="en">' in html
    assert "<h1>About the Pôle métropolitain</h1>" in html
    assert "Administrative officer" in html


@pytest.mark.parametrize(
    ("url", "title", "queries"),
    [
        ("/mentions-legales/", "Mentions légales", 3),
        ("/donnees-personnelles/", "Données personnelles", 3),
        # The statement itself besides the page and the identity (with its conformity).
        ("/accessibilite/", "Déclaration d'accessibilité", 4),
        ("/en/mentions-legales/", "Legal notice", 3),
        ("/en/donnees-personnelles/", "Personal data", 3),
        ("/en/accessibilite/", "Accessibility statement", 4),
    ],
)
def test_legal_pages_exist_from_the_start_in_both_languages(
    client, url, title, queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(queries):
        html = page_html(client, url)
    assert f"<h1>{title}</h1>" in html


def test_legal_notice_states_what_the_director_entered(client, demo_content):
    PoleIdentity.objects.filter(pk=1).update(host_name="Hébergeur SA")
    html = page_html(client, "/mentions-legales/")
    assert "Hébergeur SA" in html
    assert "Directeur de la publication</dt>" not in html  # empty: not shown
    assert "Propriété intellectuelle" in html


def test_footer_states_the_accessibility_status_set_by_the_editor(client, demo_content):
    html = page_html(client, "/territoire/")
    assert "Accessibilité : non conforme" in html
    assert "déclare ce site non conforme" in page_html(client, "/accessibilite/")
    AccessibilityStatement.objects.update_or_create(
        pk=1,
        defaults={
            "status": AccessibilityStatus.PARTIALLY_COMPLIANT,
            "rate": 60,
            "audit_date": datetime.date(2026, 10, 1),
        },
    )
    assert "Accessibilité : partiellement conforme" in page_html(client, "/territoire/")
    assert "Accessibility: partially compliant" in page_html(client, "/en/territoire/")
    assert "déclare ce site partiellement conforme" in page_html(client, "/accessibilite/")


def test_footer_links_to_every_legal_page(client):
    html = page_html(client, "/")
    for url in (
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
        "/plan-du-site/",
    ):
        assert f'href="{url}"' in html


def test_load_demo_twice_keeps_the_editors_changes(demo_content):
    page = Page.objects.get(key=Page.Key.LEGAL_NOTICE)
    page.body_fr = "<p>Texte du directeur</p>"
    page.save()
    StaffPosition.objects.filter(order=1).update(holder="Nom saisi")
    demo.load(io.StringIO())
    assert Page.objects.get(key=Page.Key.LEGAL_NOTICE).body_fr == "<p>Texte du directeur</p>"
    assert StaffPosition.objects.count() == 2
    assert StaffPosition.objects.get(order=1).holder == "Nom saisi"
    assert Mandate.objects.count() == 4
    assert HistoryEvent.objects.count() == 6


PUBLIC_PAGES = [
    "/le-pole/",
    "/actualites/",
    "/actes/",
    "/actes/seances/",
    "/contact/",
    "/contact/merci/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/plan-du-site/",
]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_answers_in_both_languages_within_the_query_budget(
    client, demo_content, prefix, url, django_assert_max_num_queries
):
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    for number in range(21):
        Deliberation.objects.create(
            number=f"2016-{number:02}",
            subject_fr=f"Délibération {number}",
            seance=seance,
            status="published",
            document=pdf(),
        )
        Article.objects.create(
            title_fr=f"Nouvelle {number}", summary_fr="Résumé", slug="n", status="published"
        )
    with django_assert_max_num_queries(6):
        response = client.get(prefix + url)
    assert response.status_code == 200
    assert f'<html lang="{"en" if prefix else "fr"}">' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/actualites/999-rien/", "/actes/999/", "/actes/999/texte.pdf", "/actes/seances/999/"]
)
def test_unknown_content_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_no_cookie_but_the_contact_forms_csrf_one(client, demo_content):
    for url in ("/le-pole/", "/actes/", "/actualites/", "/mentions-legales/"):
        assert not client.get(url).cookies, url
    assert set(client.get("/contact/").cookies) == {"csrftoken"}


def test_english_pages_write_dates_the_british_way(client, demo_content):
    html = page_html(client, "/en/le-pole/")
    assert '<time datetime="2012-12-04">4 December 2012</time>' in html
    assert "December 4, 2012" not in html


def test_the_first_day_of_a_month_is_written_as_french_writes_it(client, demo_content):
    assert '<time datetime="2016-01-01">1er janvier 2016</time>' in page_html(client, "/le-pole/")
    english = page_html(client, "/en/le-pole/")
    assert '<time datetime="2016-01-01">1 January 2016</time>' in english
