"""Only those with the publication right put content online; the public never sees a draft."""

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from chantiers.models import Objective, ObjectiveUpdate
from pole_artois.core.publication import PublicationStatus
from tests.factories import make_update
from tests.helpers import PASSWORD, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective(db):
    call_command("load_demo", stdout=io.StringIO())
    return Objective.objects.select_related("chantier").first()


@pytest.fixture
def editor_client(client, db):
    """Someone who may edit objectives but not publish them (as Administration is for news)."""
    user = User.objects.create_user("redacteur", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="chantiers",
            codename__in=["view_objective", "change_objective", "add_objective"],
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def update_writer_client(client, db):
    """Someone who may write objectives and their progress updates, but publish neither."""
    user = User.objects.create_user("auteur", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="chantiers",
            codename__in=[
                f"{action}_{model}"
                for action in ("view", "add", "change", "delete")
                for model in ("objective", "objectiveupdate")
            ],
        )
    )
    client.force_login(user)
    return client


def change_url(obj):
    return f"/gestion/chantiers/objective/{obj.pk}/change/"


def test_without_the_right_status_is_read_only_and_drafts_stay_drafts(editor_client, objective):
    Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.DRAFT)
    page = editor_client.get(change_url(objective))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    data = form_data(page, title_fr="Titre retravaillé", status=PublicationStatus.PUBLISHED)
    assert editor_client.post(change_url(objective), data).status_code == 302
    objective.refresh_from_db()
    assert objective.title_fr == "Titre retravaillé"
    assert objective.status == PublicationStatus.DRAFT


def test_without_the_right_published_content_is_read_only(editor_client, objective):
    Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.PUBLISHED)
    page = editor_client.get(change_url(objective))
    assert page.status_code == 200
    assert 'name="title_fr"' not in page.content.decode()
    response = editor_client.post(change_url(objective), {"title_fr": "Piraté"})
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.title_fr != "Piraté"


def test_the_director_publishes_and_takes_offline_from_the_list(director_client, objective):
    Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.DRAFT)
    listing = director_client.get("/gestion/chantiers/objective/")
    assert 'value="publish_selected"' in listing.content.decode()
    director_client.post(
        "/gestion/chantiers/objective/",
        {"action": "publish_selected", "_selected_action": [objective.pk]},
    )
    objective.refresh_from_db()
    assert objective.status == PublicationStatus.PUBLISHED
    director_client.post(
        "/gestion/chantiers/objective/",
        {"action": "unpublish_selected", "_selected_action": [objective.pk]},
    )
    objective.refresh_from_db()
    assert objective.status == PublicationStatus.DRAFT


def test_the_publish_action_is_not_offered_without_the_right(editor_client, objective):
    listing = editor_client.get("/gestion/chantiers/objective/").content.decode()
    assert "publish_selected" not in listing


def test_administration_cannot_publish_news_even_by_a_forged_request(officer_client):
    page = officer_client.get("/gestion/institution/article/add/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


def test_staff_preview_a_draft_with_a_banner_the_public_gets_a_404(
    client, director_client, objective
):
    Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.DRAFT)
    url = objective.get_absolute_url()
    preview = director_client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Brouillon — aperçu" in html
    assert change_url(objective) in html
    director_client.logout()
    assert client.get(url).status_code == 404


def test_no_banner_on_published_content(director_client, objective):
    Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.PUBLISHED)
    html = director_client.get(objective.get_absolute_url()).content.decode()
    assert "Brouillon — aperçu" not in html


class TestProgressUpdatesOnTheObjectivePage:
    """The updates are edited inline on their objective's page: the same right applies there."""

    def test_a_new_update_written_there_stays_a_draft(self, update_writer_client, objective):
        Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.DRAFT)
        page = update_writer_client.get(change_url(objective))
        assert 'name="updates-__prefix__-title_fr"' in page.content.decode()
        assert 'name="updates-__prefix__-status"' not in page.content.decode()
        data = form_data(
            page,
            **{
                "updates-TOTAL_FORMS": "1",
                "updates-0-title_fr": "Premier comité de pilotage",
                "updates-0-date": "2026-11-20",
                "updates-0-body_fr": "<p>Les partenaires se sont réunis.</p>",
                "updates-0-published_at_0": "2026-11-20",
                "updates-0-published_at_1": "09:00:00",
                "updates-0-status": PublicationStatus.PUBLISHED,
            },
        )
        assert update_writer_client.post(change_url(objective), data).status_code == 302
        update = ObjectiveUpdate.objects.get(objective=objective)
        assert update.title_fr == "Premier comité de pilotage"
        assert update.status == PublicationStatus.DRAFT

    @pytest.mark.parametrize("change", ["edit", "delete"])
    def test_an_update_online_is_neither_changed_nor_deleted_and_the_text_typed_is_kept(
        self, update_writer_client, objective, change
    ):
        Objective.objects.filter(pk=objective.pk).update(status=PublicationStatus.DRAFT)
        online = make_update(objective, title_fr="Étude lancée")
        page = update_writer_client.get(change_url(objective))
        edits = {"updates-0-title_fr": "Étude abandonnée"}
        if change == "delete":
            edits = {"updates-0-DELETE": "on"}
        response = update_writer_client.post(change_url(objective), form_data(page, **edits))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Seule une personne autorisée à publier" in html
        if change == "edit":
            assert 'value="Étude abandonnée"' in html
        online.refresh_from_db()
        assert online.title_fr == "Étude lancée"
        assert online.status == PublicationStatus.PUBLISHED

    def test_the_director_changes_an_update_online(self, director_client, objective):
        online = make_update(objective, title_fr="Étude lancée")
        page = director_client.get(change_url(objective))
        data = form_data(page, **{"updates-0-title_fr": "Étude rendue"})
        assert director_client.post(change_url(objective), data).status_code == 302
        online.refresh_from_db()
        assert online.title_fr == "Étude rendue"
