"""Order is set with ↑/↓ alone: no number to type, new items last, and a move touches only the
two items that change places."""

import io
import re
from itertools import groupby

import pytest
from django.core.management import call_command

from chantiers.models import Objective
from partenaires.models import Partner, PartnerCategory
from pole_artois.core.publication import PublicationStatus
from tests.factories import make_partner
from tests.helpers import form_data

pytestmark = pytest.mark.django_db

ORDERED_LISTS = [
    "/gestion/chantiers/chantier/",
    "/gestion/chantiers/objective/",
    "/gestion/partenaires/partner/",
    "/gestion/territoire/member/",
    "/gestion/territoire/scot/",
    "/gestion/institution/staffposition/",
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("changelist", ORDERED_LISTS)
def test_lists_and_forms_with_move_buttons_have_no_order_number_to_type(
    director_client, demo, changelist
):
    listing = director_client.get(changelist).content.decode()
    assert "/deplacer/haut/" in listing
    assert not re.search(r'name="form-\d+-order"', listing)
    add_form = director_client.get(f"{changelist}add/").content.decode()
    assert 'name="order"' not in add_form


def test_a_new_partner_goes_last_in_its_category(director_client):
    make_partner(order=4)
    make_partner(order=7)
    make_partner(category=PartnerCategory.COLLECTIVITE, order=30)
    page = director_client.get("/gestion/partenaires/partner/add/")
    data = form_data(
        page,
        category=PartnerCategory.INSTITUTION,
        name_fr="Agence d'urbanisme",
        slug="agence-urbanisme",
        logo_decorative="on",
    )
    response = director_client.post("/gestion/partenaires/partner/add/", data)
    assert response.status_code == 302, response.context["errors"]
    institutions = Partner.objects.filter(category=PartnerCategory.INSTITUTION)
    assert institutions.last().slug == "agence-urbanisme"
    assert institutions.last().order == 8


def test_moving_a_draft_leaves_the_published_siblings_it_does_not_pass_alone(director_client):
    first = make_partner(order=10)
    second = make_partner(order=20)
    draft = make_partner(order=30, status=PublicationStatus.DRAFT)
    last = make_partner(order=40)
    response = director_client.post(f"/gestion/partenaires/partner/{draft.pk}/deplacer/haut/")
    assert response.status_code == 302
    orders = dict(Partner.objects.values_list("pk", "order"))
    assert orders == {first.pk: 10, draft.pk: 20, second.pk: 30, last.pk: 40}
    assert list(Partner.objects.published()) == [first, second, last]


def test_objectives_are_listed_chantier_by_chantier_in_their_order(director_client, demo):
    listing = director_client.get("/gestion/chantiers/objective/")
    shown = [row.pk for row in listing.context["cl"].result_list]
    expected = list(
        Objective.objects.order_by("chantier__order", "chantier__pk", "order", "pk").values_list(
            "pk", flat=True
        )
    )
    assert shown == expected
    chantiers = [row.chantier_id for row in listing.context["cl"].result_list]
    assert len({*chantiers}) > 1
    assert len([chantier for chantier, _rows in groupby(chantiers)]) == len({*chantiers})
