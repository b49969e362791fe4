"""The history says in words what each version changed, shows what restoring one would
change, and its pages keep the admin's layout."""

import html
import json

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from reversion.models import Version

from pole_artois.institution.models import Article
from tests.factories import make_chantier, make_objective
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(director_client):
    add = director_client.get("/gestion/institution/article/add/")
    director_client.post(
        "/gestion/institution/article/add/",
        form_data(add, title_fr="Le bus à haut niveau", summary_fr="Premier résumé.", slug="bus"),
    )
    article = Article.objects.get(slug="bus")
    url = f"/gestion/institution/article/{article.pk}/change/"
    response = director_client.post(
        url, form_data(director_client.get(url), summary_fr="Second résumé, plus juste.")
    )
    assert response.status_code == 302
    return article


def test_the_history_names_the_changed_fields_in_french(director_client, article):
    page = director_client.get(f"/gestion/institution/article/{article.pk}/history/")
    text = page.content.decode()
    assert "Champ modifié : Résumé (français)." in text
    assert "Première version." in text
    assert "Summary" not in text
    assert "[fr]" not in text


def test_the_history_names_the_changed_fields_in_english(director_client, article):
    page = director_client.get(f"/en/gestion/institution/article/{article.pk}/history/")
    assert "Changed field: Summary (French)." in page.content.decode()


def test_a_version_shows_what_restoring_it_changes(director_client, article):
    first = Version.objects.get_for_object(article).last()
    page = director_client.get(f"/gestion/institution/article/{article.pk}/history/{first.pk}/")
    text = page.content.decode()
    assert "Ce que la restauration de cette version change" in text
    assert '<th scope="row">Résumé (français)</th>' in text
    assert "<del>Second résumé, plus juste.</del> <ins>Premier résumé.</ins>" in text


def test_the_version_and_recovery_pages_keep_the_admins_breadcrumbs(director_client, article):
    first = Version.objects.get_for_object(article).last()
    version_page = director_client.get(
        f"/gestion/institution/article/{article.pk}/history/{first.pk}/"
    ).content.decode()
    assert '<ol class="breadcrumbs">' in version_page
    assert f'href="/gestion/institution/article/{article.pk}/history/"' in version_page
    assert "Version du " in version_page

    director_client.post(f"/gestion/institution/article/{article.pk}/delete/", {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).first()
    recover_list = director_client.get("/gestion/institution/article/recover/").content.decode()
    assert '<ol class="breadcrumbs">' in recover_list
    assert "Récupérer des actualités supprimées" in recover_list
    recover = director_client.get(
        f"/gestion/institution/article/recover/{deleted.pk}/"
    ).content.decode()
    assert '<ol class="breadcrumbs">' in recover
    assert "Récupérer « Le bus à haut niveau »" in recover


def test_rows_changed_with_an_item_are_named_in_its_history(director_client):
    chantier = make_chantier()
    objective = make_objective(chantier)
    with reversion.create_revision():
        reversion.set_comment(
            json.dumps([{"added": {"name": "progress update", "object": "Le chantier avance"}}])
        )
        objective.save()
    page = director_client.get(f"/gestion/chantiers/objective/{objective.pk}/history/")
    assert "Ajout : point d'avancement « Le chantier avance »." in html.unescape(
        page.content.decode()
    )


def test_the_log_of_a_model_without_versions_is_said_in_words(admin_client, officer):
    LogEntry.objects.log_actions(
        user_id=User.objects.get(username="admin").pk,
        queryset=[officer],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["First name", "Groups"]}}],
    )
    page = admin_client.get(f"/gestion/auth/user/{officer.pk}/history/")
    assert "Champs modifiés : Prénom, Groupes." in page.content.decode()
