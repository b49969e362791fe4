import pytest

from partenaires.models import PartnerCategory
from pole_artois.core.publication import PublicationStatus
from tests.factories import make_chantier, make_objective, make_partner
from tests.helpers import page

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def test_partners_are_listed_by_category_collectivities_first(client):
    make_partner(name_fr="Université d'Artois", category=PartnerCategory.INSTITUTION, order=1)
    make_partner(name_fr="Région Hauts-de-France", category=PartnerCategory.COLLECTIVITE, order=2)
    make_partner(name_fr="Partenaire pressenti", status=DRAFT)
    html = page(client, "/partenaires/")
    assert html.index("Collectivités partenaires") < html.index("Région Hauts-de-France")
    assert html.index("Région Hauts-de-France") < html.index("Institutions partenaires")
    assert html.index("Institutions partenaires") < html.index("Université d'Artois")
    assert "Partenaire pressenti" not in html


def test_an_empty_category_is_not_shown(client):
    make_partner(category=PartnerCategory.INSTITUTION)
    assert "Collectivités partenaires" not in page(client, "/partenaires/")


def test_the_list_costs_the_same_whatever_the_partners(client, django_assert_max_num_queries):
    for size in (1, 20):
        for _ in range(size):
            make_partner()
        with django_assert_max_num_queries(2):
            page(client, "/partenaires/")


def test_a_partner_page_shows_what_it_is_and_the_objectives_it_takes_part_in(client):
    partner = make_partner(
        name_fr="Association Euralens",
        description_fr="Association qui anime la dynamique Euralens.",
        website="https://www.example.org/",
    )
    objective = make_objective(title_fr="Chaîne des parcs")
    objective.partners.add(partner)
    hidden = make_objective(objective.chantier, title_fr="Objectif secret", status=DRAFT)
    hidden.partners.add(partner)
    in_draft_chantier = make_objective(make_chantier(status=DRAFT), title_fr="Autre secret")
    in_draft_chantier.partners.add(partner)
    html = page(client, partner.get_absolute_url())
    assert "<h1>Association Euralens</h1>" in html
    assert "Association qui anime la dynamique Euralens." in html
    assert 'href="https://www.example.org/"' in html
    assert objective.get_absolute_url() in html
    assert objective.chantier.get_absolute_url() in html
    assert "Objectif secret" not in html and "Autre secret" not in html


def test_a_partner_page_reads_well_without_website_description_or_objectives(client):
    partner = make_partner(name_fr="Services de l'État")
    html = page(client, partner.get_absolute_url())
    assert "Site internet" not in html
    assert "Participation aux objectifs du Pôle" not in html


def test_a_partner_page_costs_the_same_whatever_its_objectives(
    client, django_assert_max_num_queries
):
    partner = make_partner()
    chantier = make_chantier()
    for size in (1, 10):
        for _ in range(size):
            make_objective(chantier).partners.add(partner)
        with django_assert_max_num_queries(3):
            page(client, partner.get_absolute_url())


def test_a_draft_partner_is_a_404_for_the_public_and_a_preview_for_staff(client, admin_client):
    partner = make_partner(status=DRAFT)
    assert client.get(partner.get_absolute_url()).status_code == 404
    assert "brouillon, visible de l'équipe seulement" in page(
        admin_client, partner.get_absolute_url()
    )


def test_english_falls_back_to_french(client):
    partner = make_partner(name_fr="Maisons de l'emploi", description_fr="Structures locales.")
    url = partner.get_absolute_url()
    html = page(client, f"/en{url}")
    assert '<html lang="en">' in html
    assert """<h1 lang="fr">Maisons de l'emploi</h1>""" in html
    assert "Structures locales." in html
    partner.name_en = "Local employment centres"
    partner.save()
    assert "<h1>Local employment centres</h1>" in page(client, f"/en{url}")


def test_a_logo_needs_alt_text_unless_decorative(client):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    partner = make_partner()
    partner.logo = SimpleUploadedFile("logo.png", b"pas une image")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "logo" in error.value.message_dict
