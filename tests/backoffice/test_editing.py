"""Everyday editing: the current image shown, a link to the page on the site."""

import pytest

from territoire.models import Member

pytestmark = pytest.mark.django_db


def test_an_image_field_shows_the_current_image(director_client):
    member = Member.objects.get(slug="lens-lievin")
    Member.objects.filter(pk=member.pk).update(logo="territoire/logos/lens-lievin.png")
    html = director_client.get(f"/gestion/territoire/member/{member.pk}/change/").content.decode()
    assert '<img src="/media/territoire/logos/lens-lievin.png" alt=""' in html
    assert "backoffice/admin.css" in html


def test_the_change_page_links_to_the_page_on_the_site(director_client):
    member = Member.objects.get(slug="lens-lievin")
    html = director_client.get(f"/gestion/territoire/member/{member.pk}/change/").content.decode()
    assert 'class="viewsitelink"' in html
