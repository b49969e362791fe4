"""The chantiers' pages without the page cache: their costly part is a fragment kept until its
tables are written, and the views leave all of its work to it, so that a kept one costs no
query beyond what the status and the layout need."""

import pytest

from territoire.models import Member
from tests.chantiers.test_tracking import track
from tests.factories import make_chantier, make_objective, make_partner, make_update
from tests.helpers import visit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fragments_only", "site_wide_values_cached"),
]


@pytest.fixture
def objective():
    objective = make_objective(make_chantier(slug="archipel-vert"), title_en="Chain of Parks")
    objective.members.set(Member.objects.filter(slug__in=["lens-lievin", "henin-carvin"]))
    objective.partners.add(make_partner(name_fr="Association Euralens"))
    make_update(objective)
    track(objective)
    return objective


# The page → the queries of a visit when its fragment is kept: none, the chantier shown and the
# objective shown with its siblings (its status and its address) being kept too.
PAGES = {
    "/chantiers/": 0,
    "/chantiers/archipel-vert/": 0,
    "/chantiers/archipel-vert/objectifs/{pk}-{slug}/": 0,
    "/chantiers/suivi/": 0,
    "/chantiers/suivi/?chantier=archipel-vert&sort=status": 0,
}


@pytest.mark.parametrize(("address", "kept_cost"), PAGES.items())
def test_a_kept_fragment_saves_the_views_work_and_the_page_is_the_same(
    client, settings, objective, address, kept_cost
):
    url = address.format(pk=objective.pk, slug=objective.slug)
    built, build_cost = visit(client, url)
    assert visit(client, url) == (built, kept_cost)
    assert build_cost > kept_cost
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert visit(client, url)[0] == built


def test_what_an_edit_adds_shows_on_every_page(client, objective):
    for address in PAGES:
        visit(client, address.format(pk=objective.pk, slug=objective.slug))
    make_update(objective, title_fr="Premier parc relié")
    added = make_objective(objective.chantier, title_fr="Trame verte et bleue")
    assert "Premier parc relié" in visit(client, objective.get_absolute_url())[0]
    for address in ("/chantiers/", "/chantiers/archipel-vert/", "/chantiers/suivi/"):
        assert added.title in visit(client, address)[0], address
    assert added.title in visit(client, objective.get_absolute_url())[0]


def test_old_and_unknown_addresses_answer_as_before_once_kept(client, objective):
    visit(client, objective.get_absolute_url())
    response = client.get(f"/chantiers/archipel-vert/objectifs/{objective.pk}/")
    assert response.status_code == 301
    assert response["Location"] == objective.get_absolute_url()
    unknown = f"/chantiers/archipel-vert/objectifs/{objective.pk + 1}-x/"
    assert client.get(unknown).status_code == 404
