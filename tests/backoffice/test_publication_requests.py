"""The officer submits a draft for publication; the director publishes it or sends it back with
a comment, which the officer reads on the item and on her dashboard."""

import datetime

import pytest

from pole_artois.backoffice.models import PublicationRequest, RequestStatus
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return Article.objects.create(
        title_fr="Un nouveau schéma cyclable",
        slug="schema-cyclable",
        summary_fr="Premier jet.",
        image_decorative=True,
    )


def change_url(article):
    return f"/gestion/institution/article/{article.pk}/change/"


def submit(client, article, **changes):
    page = client.get(change_url(article))
    return client.post(change_url(article), form_data(page, submit_for_publication="on", **changes))


def test_the_officer_submits_a_draft_with_her_changes(officer_client, officer, draft):
    page = officer_client.get(change_url(draft)).content.decode()
    assert 'name="submit_for_publication"' in page
    assert "Soumettre pour publication" in page
    response = submit(officer_client, draft, summary_fr="Le schéma cyclable est adopté.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary_fr == "Le schéma cyclable est adopté."
    assert draft.status == PublicationStatus.DRAFT
    request = PublicationRequest.objects.get()
    assert (request.item, request.requested_by, request.status) == (
        draft,
        officer,
        RequestStatus.PENDING,
    )
    again = officer_client.get(change_url(draft)).content.decode()
    assert 'name="submit_for_publication"' not in again
    assert "en attente de publication" in again


def test_the_director_sees_who_asked_and_publishes(
    officer_client, officer, director, draft, client
):
    submit(officer_client, draft)
    client.force_login(director)
    dashboard = client.get("/gestion/").content.decode()
    assert "Soumis pour publication" in dashboard
    assert change_url(draft) in dashboard and officer.username in dashboard

    page = client.get(change_url(draft))
    assert "Soumis par agent le" in page.content.decode()
    response = client.post(change_url(draft), form_data(page, status=PublicationStatus.PUBLISHED))
    assert response.status_code == 302
    request = PublicationRequest.objects.get()
    assert (request.status, request.decided_by) == (RequestStatus.PUBLISHED, director)
    assert "Soumis pour publication" not in client.get("/gestion/").content.decode()


def test_publishing_from_the_list_answers_the_request(officer_client, director, draft, client):
    submit(officer_client, draft)
    client.force_login(director)
    client.post(
        "/gestion/institution/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert PublicationRequest.objects.get().status == RequestStatus.PUBLISHED


def test_sent_back_with_a_comment_the_officer_reads_it_and_submits_again(
    officer_client, officer, director, draft, client
):
    submit(officer_client, draft)
    client.force_login(director)
    page = client.get(change_url(draft))
    comment = "Ajoutez la date du vote, s'il vous plaît."
    response = client.post(change_url(draft), form_data(page, send_back_comment=comment))
    assert response.status_code == 302
    request = PublicationRequest.objects.get()
    assert (request.status, request.comment, request.decided_by) == (
        RequestStatus.SENT_BACK,
        comment,
        director,
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT

    client.force_login(officer)
    dashboard = client.get("/gestion/").content.decode()
    assert "Renvoyés vers vous" in dashboard
    assert "Ajoutez la date du vote, s&#x27;il vous plaît." in dashboard
    item_page = client.get(change_url(draft)).content.decode()
    assert "Renvoyé par directrice le" in item_page
    assert "Ajoutez la date du vote, s&#x27;il vous plaît." in item_page

    submit(client, draft, summary_fr="Adopté le 3 mars.")
    assert PublicationRequest.objects.filter(status=RequestStatus.PENDING).count() == 1
    assert "Renvoyés vers vous" not in client.get("/gestion/").content.decode()


def test_publishing_and_sending_back_at_once_is_refused_and_keeps_the_input(
    officer_client, director, draft, client
):
    submit(officer_client, draft)
    client.force_login(director)
    page = client.get(change_url(draft))
    data = form_data(
        page, status=PublicationStatus.PUBLISHED, send_back_comment="À revoir.", title_fr="Neuf"
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "À revoir." in html and 'value="Neuf"' in html
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
    assert PublicationRequest.objects.get().status == RequestStatus.PENDING


def test_who_may_publish_is_not_offered_to_submit(director_client, draft):
    page = director_client.get(change_url(draft)).content.decode()
    assert 'name="submit_for_publication"' not in page
    assert 'name="send_back_comment"' not in page


def test_the_request_is_dated_in_the_pole_s_time(officer_client, director, draft, client):
    submit(officer_client, draft)
    late_in_paris = datetime.datetime(2026, 6, 1, 22, 30, tzinfo=datetime.UTC)
    PublicationRequest.objects.update(requested_at=late_in_paris)
    client.force_login(director)
    page = client.get(change_url(draft)).content.decode()
    assert "Soumis par agent le 2 juin 2026 00:30" in page


def test_the_dashboard_costs_the_same_whatever_the_number_of_requests(
    officer, director, client, django_assert_max_num_queries
):
    def ask(count):
        for number in range(count):
            article = Article.objects.create(
                title_fr=f"Brouillon {number}", slug=f"brouillon-{number}", summary_fr="…"
            )
            PublicationRequest.objects.create(item=article, requested_by=officer)

    ask(1)
    client.force_login(director)
    with django_assert_max_num_queries(60) as few:
        client.get("/gestion/")
    ask(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Soumis pour publication (13)" in client.get("/gestion/").content.decode()


def test_deleting_a_submitted_draft_takes_it_off_the_dashboard(
    officer_client, director, draft, client
):
    submit(officer_client, draft)
    client.force_login(director)
    delete_url = f"/gestion/institution/article/{draft.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not PublicationRequest.objects.exists()
    assert "Soumis pour publication" not in client.get("/gestion/").content.decode()
