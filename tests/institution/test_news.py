import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from pole_artois.institution.models import Article
from tests.factories import make_objective

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def article(title, days_ago=0, status="published", **kwargs):
    return Article.objects.create(
        title_fr=title,
        slug=title.lower().replace(" ", "-"),
        summary_fr=f"Résumé de {title}",
        status=status,
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def titles(response):
    return [a.title for a in response.context["articles"]]


def test_news_list_is_paginated_newest_first_without_drafts(client, django_assert_max_num_queries):
    for day in range(12):
        article(f"Nouvelle {day}", days_ago=day)
    article("Brouillon", status="draft")
    article("Demain", days_ago=-1)
    with django_assert_max_num_queries(6):
        response = client.get("/actualites/")
    assert titles(response)[:2] == ["Nouvelle 0", "Nouvelle 1"]
    assert len(titles(response)) == 10
    assert "Brouillon" not in response.content.decode()
    assert "Demain" not in response.content.decode()
    assert titles(client.get("/actualites/", {"page": 2})) == ["Nouvelle 10", "Nouvelle 11"]
    assert client.get("/actualites/", {"page": "abc"}).status_code == 404


def test_article_page_previews_drafts_for_staff_only(client, admin_client):
    draft = article("Brouillon", status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert admin_client.get(draft.get_absolute_url()).status_code == 200


def test_article_page_and_its_old_address(client, django_assert_max_num_queries):
    news = article("Visite du Louvre-Lens", body_fr="<p>Le <strong>texte</strong></p>")
    with django_assert_max_num_queries(4):
        response = client.get(news.get_absolute_url())
    html = response.content.decode()
    assert "<h1>Visite du Louvre-Lens</h1>" in html
    assert "<strong>texte</strong>" in html
    old = f"/actualites/{news.pk}-ancien-titre/"
    assert client.get(old)["Location"] == news.get_absolute_url()
    location = client.get(f"/en/actualites/{news.pk}-x/")["Location"]
    assert location == f"/en/actualites/{news.pk}-visite-du-louvre-lens/"


def test_atom_feed_lists_published_news_only(client):
    article("Publiée")
    article("Brouillon", status="draft")
    response = client.get("/actualites/flux.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "<title>Publiée</title>" in feed
    assert "Brouillon" not in feed
    assert 'xml:lang="en"' in client.get("/en/actualites/flux.atom").content.decode()


def test_rich_text_is_sanitised(client):
    news = article("Piège", body_fr='<p onclick="x()">ok</p><script>alert(1)</script>')
    html = client.get(news.get_absolute_url()).content.decode()
    assert "alert(1)" not in html
    assert "onclick" not in html


def test_home_shows_the_latest_published_news(
    client, site_wide_values_cached, django_assert_max_num_queries
):
    for day in range(5):
        article(f"Nouvelle {day}", days_ago=day)
    article("Brouillon", status="draft")
    with django_assert_max_num_queries(6):
        html = client.get("/").content.decode()
    assert "Nouvelle 0" in html and "Nouvelle 2" in html
    assert "Nouvelle 3" not in html
    assert "Brouillon" not in html
    assert 'href="/actualites/"' in html


def test_an_objective_page_shows_its_latest_published_news_and_the_article_links_back(client):
    objective = make_objective()
    other = make_objective()
    news = article("Le parc est ouvert")
    news.objectives.add(objective)
    draft = article("Brouillon du parc", status="draft")
    draft.objectives.add(objective)
    article("Sans rapport").objectives.add(other)
    html = client.get(objective.get_absolute_url()).content.decode()
    assert 'id="objective-news"' in html
    assert "Le parc est ouvert" in html
    assert f'href="{news.get_absolute_url()}"' in html
    assert "Brouillon du parc" not in html
    assert "Sans rapport" not in html
    page = client.get(news.get_absolute_url()).content.decode()
    assert objective.get_absolute_url() in page


def test_an_objective_without_news_has_no_news_section(client):
    objective = make_objective()
    article("Sans rapport").objectives.add(make_objective())
    assert 'id="objective-news"' not in client.get(objective.get_absolute_url()).content.decode()


def test_feed_is_valid_atom_with_the_pole_as_author_and_ids_that_survive_a_rename(client):
    news = article("Visite du Louvre-Lens")
    feed = client.get("/actualites/flux.atom").content.decode()
    assert "<author><name>Pôle métropolitain de l'Artois</name>" in feed
    assert "<uri>http://testserver/</uri></author>" in feed
    entry_id = f"tag:testserver,{news.created_at:%Y-%m-%d}:actualites/article/{news.pk}"
    assert f"<id>{entry_id}</id>" in feed
    news.slug = "visite-au-louvre-lens"
    news.save()
    assert f"<id>{entry_id}</id>" in client.get("/actualites/flux.atom").content.decode()


def test_feed_summaries_are_plain_text_shown_as_typed(client):
    news = article("Budget")
    news.summary_fr = "Budget <b>2026</b> & plan"
    news.save()
    response = client.get("/actualites/flux.atom")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, built by Django)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Budget <b>2026</b> & plan"
