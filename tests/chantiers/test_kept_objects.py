"""A chantier's and an objective's page keep what decides their status for visitors until its
tables are written (cached_for_visitors): their answers stay the database's, as time passes and
for staff, who see drafts. Fragments off: the kept values alone."""

import datetime
import time

import pytest
from django.utils import timezone

from pole_artois.backoffice.roles import DIRECTION
from pole_artois.core.publication import PublicationStatus
from tests.factories import make_chantier, make_objective
from tests.helpers import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_values_only(settings, site_wide_values_cached):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


def in_a_second():
    return timezone.now() + datetime.timedelta(seconds=1)


def wait_until(moment):
    while timezone.now() <= moment:
        time.sleep(0.05)


def test_an_objective_published_for_later_appears_at_its_date_among_kept_siblings(client):
    chantier = make_chantier()
    shown = make_objective(chantier)
    moment = in_a_second()
    later = make_objective(chantier, published_at=moment)
    assert later.get_absolute_url() not in client.get(shown.get_absolute_url()).content.decode()
    assert client.get(later.get_absolute_url()).status_code == 404
    wait_until(moment)
    assert client.get(later.get_absolute_url()).status_code == 200
    assert later.get_absolute_url() in client.get(shown.get_absolute_url()).content.decode()


def test_the_objectives_of_a_chantier_published_for_later_appear_at_its_date(client):
    moment = in_a_second()
    objective = make_objective(make_chantier(published_at=moment))
    pages = [objective.get_absolute_url(), objective.chantier.get_absolute_url()]
    assert [client.get(url).status_code for url in pages] == [404, 404]
    wait_until(moment)
    assert [client.get(url).status_code for url in pages] == [200, 200]


def test_old_addresses_and_unknown_numbers_answer_as_the_database_says(client):
    chantier = make_chantier(slug="archipel-vert")
    objective = make_objective(chantier, slug="parcs")
    url = objective.get_absolute_url()
    assert client.get(url).status_code == 200
    for old in (
        f"/chantiers/archipel-vert/objectifs/{objective.pk}-ancien-nom/",
        f"/chantiers/archipel-vert/objectifs/{objective.pk}/",
        f"/chantiers/autre/objectifs/{objective.pk}-parcs/",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, url)
    assert (
        client.get(f"/chantiers/archipel-vert/objectifs/{objective.pk + 1}-parcs/").status_code
        == 404
    )
    objective.chantier = make_chantier(slug="cadre-de-vie")
    objective.slug = "parcs-et-jardins"
    objective.save()
    moved = f"/chantiers/cadre-de-vie/objectifs/{objective.pk}-parcs-et-jardins/"
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, moved)
    assert client.get(moved).status_code == 200


def test_an_unpublished_chantier_or_objective_is_gone_at_once(client):
    objective = make_objective(make_chantier())
    pages = [objective.get_absolute_url(), objective.chantier.get_absolute_url()]
    assert [client.get(url).status_code for url in pages] == [200, 200]
    objective.status = PublicationStatus.DRAFT
    objective.save()
    assert [client.get(url).status_code for url in pages] == [404, 200]
    objective.chantier.status = PublicationStatus.DRAFT
    objective.chantier.save()
    assert [client.get(url).status_code for url in pages] == [404, 404]


def test_staff_see_the_drafts_that_visitors_never_get(client):
    chantier = make_chantier(status=PublicationStatus.DRAFT)
    published = make_objective(chantier)
    draft = make_objective(chantier, status=PublicationStatus.DRAFT)
    pages = [chantier.get_absolute_url(), published.get_absolute_url(), draft.get_absolute_url()]
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    client.force_login(staff_user("directrice", DIRECTION))
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    assert draft.get_absolute_url() in client.get(published.get_absolute_url()).content.decode()
    client.logout()
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    chantier.status = PublicationStatus.PUBLISHED
    chantier.save()
    assert [client.get(url).status_code for url in pages] == [200, 200, 404]
    assert draft.get_absolute_url() not in client.get(published.get_absolute_url()).content.decode()
