"""Nothing the staff type or choose on an admin form is lost, whatever comes back with it."""

import pytest

from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return Article.objects.create(
        title_fr="Le pôle recrute", slug="le-pole-recrute", summary_fr="Ancien résumé."
    )


def article_url(article):
    return f"/gestion/institution/article/{article.pk}/change/"


def test_save_and_publish_publishes_what_was_just_typed(director_client, draft):
    page = director_client.get(article_url(draft))
    html = page.content.decode()
    assert 'name="_publish"' in html
    # No list action on the change form: run there, it would publish the stored text.
    assert 'name="action"' not in html

    data = form_data(page, summary_fr="Nouveau résumé.", _publish="Save and publish")
    response = director_client.post(article_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert draft.summary_fr == "Nouveau résumé."


def test_who_may_not_publish_gets_no_publish_button_and_saves_a_draft(officer_client, draft):
    page = officer_client.get(article_url(draft))
    assert 'name="_publish"' not in page.content.decode()

    data = form_data(page, summary_fr="Nouveau résumé.", _publish="Save and publish")
    assert officer_client.post(article_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.summary_fr) == (PublicationStatus.DRAFT, "Nouveau résumé.")
