"""What each of the two roles may and may not do, through the admin's pages and direct URLs."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from pole_artois.institution.models import ContactMessage
from territoire.models import Member, Scot
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.django_db


def codenames(group):
    return set(
        Group.objects.get(name=group).permissions.values_list("content_type__app_label", "codename")
    )


def test_the_migrations_create_both_groups_with_their_rights():
    direction, administration = codenames(DIRECTION), codenames(ADMINISTRATION)
    assert ("territoire", "change_member") in direction
    assert ("auth", "add_user") in direction
    assert ("institution", "view_contactmessage") in administration
    assert not {p for p in administration if p[0] in {"territoire", "auth"}}


def test_publishing_is_a_right_of_its_own_that_only_the_direction_has_for_news_and_objectives():
    direction, administration = codenames(DIRECTION), codenames(ADMINISTRATION)
    publish = {p for p in direction if p[1].startswith("publish_")}
    assert publish, "every publishable model has a publish_<model> permission"
    assert not {p for p in administration if p[1] in {"publish_article", "publish_objective"}}


def test_sync_roles_puts_back_exactly_what_the_roles_define():
    group = Group.objects.get(name=ADMINISTRATION)
    before = codenames(ADMINISTRATION)
    group.permissions.clear()
    group.permissions.add(*Group.objects.get(name=DIRECTION).permissions.all())
    out = StringIO()
    call_command("sync_roles", stdout=out)
    assert codenames(ADMINISTRATION) == before
    assert "Administration:" in out.getvalue()


def test_the_director_edits_territory_content(director_client):
    member = Member.objects.get(slug="lens-lievin")
    response = director_client.get(f"/gestion/territoire/member/{member.pk}/change/")
    assert response.status_code == 200
    assert director_client.get("/gestion/territoire/scot/add/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/gestion/territoire/member/",
        "/gestion/territoire/member/{member}/change/",
        "/gestion/territoire/member/{member}/delete/",
        "/gestion/territoire/scot/add/",
        "/gestion/auth/user/",
        "/gestion/auth/user/add/",
        "/gestion/auth/group/",
    ],
)
def test_the_administrative_officer_is_refused_what_is_not_theirs(officer_client, url):
    member = Member.objects.get(slug="lens-lievin")
    response = officer_client.get(url.format(member=member.pk))
    assert response.status_code == 403


def test_a_refused_post_changes_nothing(officer_client):
    scot = Scot.objects.first()
    response = officer_client.post(f"/gestion/territoire/scot/{scot.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Scot.objects.filter(pk=scot.pk).exists()


def test_the_administrative_officer_handles_contact_messages(officer_client):
    message = ContactMessage.objects.create(
        name="Camille", email="camille@example.org", subject="Visite", message="Bonjour"
    )
    assert officer_client.get("/gestion/institution/contactmessage/").status_code == 200
    url = f"/gestion/institution/contactmessage/{message.pk}/delete/"
    assert officer_client.post(url, {"post": "yes"}).status_code == 302
    assert not ContactMessage.objects.exists()


def test_the_index_shows_each_role_only_its_own_sections(director_client, officer, client):
    director_page = director_client.get("/gestion/").content.decode()
    assert "/gestion/territoire/member/" in director_page
    client.force_login(officer)
    officer_page = client.get("/gestion/").content.decode()
    assert "/gestion/institution/contactmessage/" in officer_page
    assert "/gestion/territoire/member/" not in officer_page
    assert "/gestion/auth/user/" not in officer_page


def test_the_director_creates_an_account_that_lands_in_the_administration_group(
    director_client,
):
    response = director_client.post(
        "/gestion/auth/user/add/",
        {
            "username": "nouvel-agent",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            # Rights the form does not offer the director are ignored, not granted.
            "is_superuser": "on",
            "groups": [Group.objects.get(name=DIRECTION).pk],
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="nouvel-agent")
    assert created.is_staff and not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [ADMINISTRATION]


def test_the_director_manages_only_administration_accounts(director_client, director, officer):
    other_director = staff_user("autre-direction", DIRECTION)
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    listing = director_client.get("/gestion/auth/user/").content.decode()
    assert "agent" in listing and "root" not in listing and "autre-direction" not in listing
    for user in (other_director, superuser, director):
        response = director_client.post(
            f"/gestion/auth/user/{user.pk}/change/", {"username": "pirate", "is_active": ""}
        )
        assert response.status_code in {302, 403, 404}
        user.refresh_from_db()
        assert user.username != "pirate"
    change_page = director_client.get(f"/gestion/auth/user/{officer.pk}/change/")
    assert change_page.status_code == 200
    assert 'name="is_superuser"' not in change_page.content.decode()
    assert 'name="groups"' not in change_page.content.decode()


def test_the_director_resets_an_officers_password(director_client, officer):
    response = director_client.post(
        f"/gestion/auth/user/{officer.pk}/password/",
        {"password1": "Another-long-pass-42", "password2": "Another-long-pass-42"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Another-long-pass-42")


def test_the_administrative_officer_can_name_the_objectives_a_news_item_is_about(officer_client):
    call_command("load_demo", stdout=StringIO())
    response = officer_client.get(
        "/gestion/autocomplete/",
        {"app_label": "institution", "model_name": "article", "field_name": "objectives"},
    )
    assert response.status_code == 200
    assert response.json()["results"]
