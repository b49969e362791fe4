"""The director reads what changed, who changed it and when, and restores, even after deletion."""

import datetime
from html import unescape

import pytest
import reversion
from django.contrib import admin
from django.db import IntegrityError, transaction
from reversion.admin import VersionAdmin
from reversion.models import Version

from pole_artois.backoffice.roles import content_models
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution import services
from pole_artois.institution.models import Article, Deliberation, Seance
from territoire.models import Member, Scot
from tests.backoffice.test_nothing_lost import jpeg
from tests.helpers import form_data, pdf

pytestmark = pytest.mark.django_db


def edit_scot(client, scot, **changes):
    url = f"/gestion/territoire/scot/{scot.pk}/change/"
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    scot.refresh_from_db()


def test_every_edit_is_kept_with_its_author_and_shown_in_the_history(director_client, director):
    scot = Scot.objects.first()
    original = scot.description_fr
    edit_scot(director_client, scot, description_fr="Première version.")
    edit_scot(director_client, scot, description_fr="Deuxième version.")

    versions = Version.objects.get_for_object(scot)
    assert versions.count() == 2
    assert {version.revision.user for version in versions} == {director}
    history = director_client.get(f"/gestion/territoire/scot/{scot.pk}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert "directrice" in html
    assert "Description [fr]" in html or "description" in html.lower()
    assert original != "Première version."


def test_the_director_restores_an_earlier_version(director_client):
    scot = Scot.objects.first()
    edit_scot(director_client, scot, description_fr="Texte juste.")
    edit_scot(director_client, scot, description_fr="Texte abîmé par erreur.")
    earlier = Version.objects.get_for_object(scot).last()
    url = f"/gestion/territoire/scot/{scot.pk}/history/{earlier.pk}/"
    page = director_client.get(url)
    assert page.status_code == 200
    assert "Texte juste." in page.content.decode()
    # Viewing a version changes nothing; saving it restores it.
    scot.refresh_from_db()
    assert scot.description_fr == "Texte abîmé par erreur."
    assert director_client.post(url, form_data(page)).status_code == 302
    scot.refresh_from_db()
    assert scot.description_fr == "Texte juste."


def test_deleting_asks_for_confirmation_and_can_be_undone(director_client):
    scot = Scot.objects.first()
    members = set(scot.members.values_list("pk", flat=True))
    url = f"/gestion/territoire/scot/{scot.pk}/delete/"
    confirmation = director_client.get(url)
    assert confirmation.status_code == 200
    assert Scot.objects.filter(pk=scot.pk).exists()
    assert director_client.post(url, {"post": "yes"}).status_code == 302
    assert not Scot.objects.filter(pk=scot.pk).exists()

    recover_list = director_client.get("/gestion/territoire/scot/recover/")
    assert scot.name in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Scot).get(object_id=str(scot.pk))
    recover_url = f"/gestion/territoire/scot/recover/{deleted.pk}/"
    page = director_client.get(recover_url)
    assert director_client.post(recover_url, form_data(page)).status_code == 302
    restored = Scot.objects.get(pk=scot.pk)
    assert restored.name == scot.name
    assert set(restored.members.values_list("pk", flat=True)) == members


def test_the_administrative_officer_cannot_reach_the_history_of_what_is_not_theirs(
    officer_client,
):
    member = Member.objects.first()
    assert officer_client.get(f"/gestion/territoire/member/{member.pk}/history/").status_code == 403
    assert officer_client.get("/gestion/territoire/member/recover/").status_code == 403


def test_every_public_content_model_keeps_its_history_and_visitors_messages_do_not():
    tracked = {model._meta.label_lower for model in reversion.get_registered_models()}
    content = {model._meta.label_lower for model in content_models()}
    assert content - tracked == {"institution.contactmessage"}
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in content - {"institution.contactmessage"}:
            assert isinstance(model_admin, VersionAdmin), model


def versioned(obj, **changes):
    """Save `obj` with `changes` as a new version in its history; returns that version."""
    for name, value in changes.items():
        setattr(obj, name, value)
    with reversion.create_revision():
        obj.save()
    return Version.objects.get_for_object(obj).first()


@pytest.fixture
def news(db):
    article = Article(title_fr="Brouillon", summary_fr="Résumé.", slug="nouvelle")
    draft = versioned(article, status=PublicationStatus.DRAFT)
    versioned(article, title_fr="Publiée", status=PublicationStatus.PUBLISHED)
    return article, draft


def test_a_version_is_restored_only_from_its_own_models_pages(officer_client, news):
    article, draft = news
    article.delete()
    response = officer_client.post(f"/gestion/institution/seance/recover/{draft.pk}/", {})
    assert response.status_code == 404
    assert not Article.objects.filter(pk=article.pk).exists()


def test_without_the_right_to_publish_no_restore_touches_what_is_online(officer_client, news):
    article, draft = news
    url = f"/gestion/institution/article/{article.pk}/history/{draft.pk}/"
    assert officer_client.post(url, {}).status_code == 403
    article.refresh_from_db()
    assert (article.title_fr, article.status) == ("Publiée", PublicationStatus.PUBLISHED)


def test_an_official_act_is_never_restored_from_its_history_even_by_the_director(
    director_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    act = Deliberation(number="2016-01", subject_fr="Budget", seance=seance, document=pdf())
    first = versioned(act, status=PublicationStatus.PUBLISHED)
    services.correct_deliberation(act, reason_fr="Erreur matérielle.", document=pdf("rectifie.pdf"))
    url = f"/gestion/institution/deliberation/{act.pk}/history/{first.pk}/"
    assert director_client.post(url, {}).status_code == 403
    # Nor by reversion itself, past the admin: the database refuses the old text back.
    with pytest.raises(IntegrityError), transaction.atomic():
        first.revert()
    act.refresh_from_db()
    assert act.changes.count() == 1
    assert act.document.name.endswith("rectifie.pdf")


def test_restoring_a_version_whose_image_was_replaced_keeps_the_current_image(
    director_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    url = "/gestion/institution/article/add/"
    fields = {"title_fr": "Le pôle en été", "slug": "le-pole-en-ete", "summary_fr": "Première."}
    with django_capture_on_commit_callbacks(execute=True):
        director_client.post(
            url,
            form_data(director_client.get(url), **fields, image=jpeg(), image_alt_fr="Un étang."),
        )
    article = Article.objects.get()
    change = f"/gestion/institution/article/{article.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        director_client.post(change, form_data(director_client.get(change), image=jpeg()))
    article.refresh_from_db()
    current = article.image.name
    first = Version.objects.get_for_object(article).last()
    assert not article.image.storage.exists(first.field_dict["image"].name)

    page = director_client.get(f"/gestion/institution/article/{article.pk}/history/{first.pk}/")
    assert "a été remplacé depuis et n'existe plus" in unescape(page.content.decode())
    response = director_client.post(page.request["PATH_INFO"], form_data(page))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.image.name == current
    assert article.image.storage.exists(current)
