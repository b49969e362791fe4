"""The director reads what changed, who changed it and when, and restores, even after deletion."""

import pytest
import reversion
from django.contrib import admin
from reversion.admin import VersionAdmin
from reversion.models import Version

from pole_artois.backoffice.roles import content_models
from territoire.models import Member, Scot

from .conftest import form_data

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
