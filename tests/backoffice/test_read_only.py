"""A page shown read-only says why and who may change it, and shows text as the site does."""

import pytest

from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article
from tests.factories import make_objective

pytestmark = pytest.mark.django_db


def test_published_content_read_only_says_why_and_shows_formatted_text(officer_client):
    article = Article.objects.create(
        title_fr="Un nouveau schéma cyclable",
        slug="schema-cyclable",
        summary_fr="Adopté.",
        image_decorative=True,
        status=PublicationStatus.PUBLISHED,
    )
    # Behind the model's back, as a fixture or an import would: the page cleans it again.
    Article.objects.filter(pk=article.pk).update(
        body_fr="<p>Un <strong>grand</strong> pas.</p><script>alert(1)</script>"
    )
    url = f"/gestion/institution/article/{article.pk}/change/"
    html = officer_client.get(url).content.decode()
    assert (
        "« Un nouveau schéma cyclable » est en ligne : seule une personne du groupe Direction "
        "peut y apporter des modifications."
    ) in html
    assert "<p>Un <strong>grand</strong> pas.</p>" in html
    assert "&lt;strong&gt;" not in html
    assert "alert(1)" not in html


def test_a_draft_one_may_only_read_says_who_may_change_it(officer_client):
    """The officer reads objectives (to link news to them) but does not write them."""
    objective = make_objective(status=PublicationStatus.DRAFT)
    url = f"/gestion/chantiers/objective/{objective.pk}/change/"
    html = officer_client.get(url).content.decode()
    assert (
        f"Vous pouvez consulter « {objective.title_fr} », mais seule une personne du groupe "
        "Direction peut y apporter des modifications."
    ) in html
