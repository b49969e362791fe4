"""Everyday editing: the current image shown, a link to the page on the site."""

import io

import pytest
from django.core.management import call_command

from chantiers.models import Chantier, Objective
from partenaires.models import Partner, PartnerCategory
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


def test_objectives_are_reordered_within_their_chantier_without_typing_numbers(director_client):
    call_command("load_demo", stdout=io.StringIO())
    chantier = Chantier.objects.first()
    first, second, *_others_in_chantier = chantier.objectives.order_by("order", "pk")
    others = list(Objective.objects.exclude(chantier=chantier).values_list("pk", "order"))

    listing = director_client.get("/gestion/chantiers/objective/").content.decode()
    move_up = f"/gestion/chantiers/objective/{second.pk}/deplacer/haut/"
    assert f'formaction="{move_up}"' in listing
    assert director_client.post(move_up).status_code == 302

    reordered = list(chantier.objectives.order_by("order", "pk"))
    assert reordered[:2] == [second, first]
    assert [objective.order for objective in reordered] == list(range(1, len(reordered) + 1))
    assert list(Objective.objects.exclude(chantier=chantier).values_list("pk", "order")) == others


def test_moving_needs_a_post_and_the_right_to_change(client, director, officer):
    member = Member.objects.get(slug="lens-lievin")
    url = f"/gestion/territoire/member/{member.pk}/deplacer/bas/"
    client.force_login(director)
    assert client.get(url).status_code == 405
    client.force_login(officer)
    assert client.post(url).status_code == 403


def test_partners_move_up_and_down_within_their_category(director_client):
    call_command("load_demo", stdout=io.StringIO())
    institutions = list(Partner.objects.filter(category=PartnerCategory.INSTITUTION))
    collectivities = list(Partner.objects.filter(category=PartnerCategory.COLLECTIVITE))
    first, second = institutions[:2]
    director_client.post(f"/gestion/partenaires/partner/{first.pk}/deplacer/haut/")
    assert list(Partner.objects.filter(category=PartnerCategory.INSTITUTION)) == institutions
    director_client.post(f"/gestion/partenaires/partner/{second.pk}/deplacer/haut/")
    moved = list(Partner.objects.filter(category=PartnerCategory.INSTITUTION))
    assert moved[:2] == [second, first]
    assert list(Partner.objects.filter(category=PartnerCategory.COLLECTIVITE)) == collectivities
