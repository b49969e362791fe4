import datetime

import pytest
from django.urls import reverse

from partenaires.models import Partner
from pole_artois.core.publication import PublicationStatus
from territoire.models import Member
from tests.factories import make_chantier, make_objective, make_partner, make_update
from tests.helpers import page

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def chantier():
    return make_chantier(title_fr="De l'Archipel noir à l'Archipel vert", slug="archipel-vert")


@pytest.fixture
def objective(chantier):
    objective = make_objective(
        chantier,
        title_fr="Chaîne des parcs",
        title_en="Chain of Parks",
        summary_fr="Relier les parcs.",
        summary_en="Linking the parks.",
    )
    objective.members.set(Member.objects.filter(slug__in=["lens-lievin", "henin-carvin"]))
    objective.partners.add(make_partner(name_fr="Association Euralens", short_name="Euralens"))
    return objective


def grow(chantier, count):
    """More content of every kind around `chantier`, to show page costs do not grow with it."""
    partners = [make_partner() for _ in range(count)]
    members = list(Member.objects.all())
    for _ in range(count):
        objective = make_objective(chantier)
        objective.members.set(members)
        objective.partners.set(partners)
        for _ in range(3):
            make_update(objective)


class TestChantierList:
    def test_lists_the_published_chantiers_with_their_objectives(self, client, objective):
        draft = make_chantier(title_fr="Chantier en préparation", status=DRAFT)
        html = page(client, "/chantiers/")
        assert "De l'Archipel noir à l'Archipel vert" in html
        assert objective.get_absolute_url() in html
        assert draft.title not in html

    def test_counts_the_published_chantiers_rather_than_saying_three(self, client, chantier):
        assert "s'organise en 1 chantier," in page(client, "/chantiers/")
        make_chantier(title_fr="Mutations économiques")
        make_chantier(title_fr="Brouillon de chantier", status=DRAFT)
        assert "s'organise en 2 chantiers, chacun" in page(client, "/chantiers/")

    def test_says_so_when_no_chantier_is_published(self, client):
        html = page(client, "/chantiers/")
        assert "Aucun chantier n'est encore publié." in html
        assert "s'organise en" not in html

    def test_leaves_out_draft_objectives(self, client, chantier, objective):
        hidden = make_objective(chantier, title_fr="Objectif secret", status=DRAFT)
        assert hidden.title not in page(client, "/chantiers/")

    def test_costs_the_same_whatever_the_content(
        self, client, chantier, django_assert_max_num_queries
    ):
        for size in (1, 10):
            grow(make_chantier(), size)
            with django_assert_max_num_queries(3):
                page(client, "/chantiers/")


class TestChantierPage:
    def test_shows_its_objectives_with_their_last_update(self, client, chantier, objective):
        make_update(objective, date=datetime.date(2031, 5, 4))
        html = page(client, chantier.get_absolute_url())
        assert "<h1>De l'Archipel noir à l'Archipel vert</h1>" in html
        assert objective.get_absolute_url() in html
        assert '<time datetime="2031-05-04">4 mai 2031</time>' in html

    def test_leaves_out_draft_objectives(self, client, chantier, objective):
        make_objective(chantier, title_fr="Objectif secret", status=DRAFT)
        assert "Objectif secret" not in page(client, chantier.get_absolute_url())

    def test_a_draft_chantier_is_a_404_for_the_public_and_a_preview_for_staff(
        self, client, admin_client
    ):
        draft = make_chantier(status=DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        html = page(admin_client, draft.get_absolute_url())
        assert "brouillon, visible de l'équipe seulement" in html

    def test_a_chantier_published_in_the_future_is_not_yet_public(self, client):
        later = make_chantier(published_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
        assert client.get(later.get_absolute_url()).status_code == 404

    def test_costs_the_same_whatever_the_content(
        self, client, chantier, django_assert_max_num_queries
    ):
        for size in (1, 10):
            grow(chantier, size)
            with django_assert_max_num_queries(3):
                page(client, chantier.get_absolute_url())


class TestObjectivePage:
    def test_tells_a_partner_what_it_is_who_is_involved_and_what_changed(
        self, client, chantier, objective
    ):
        make_update(objective, title_fr="Première avancée", date=datetime.date(2030, 3, 1))
        make_update(objective, title_fr="Dernière avancée", date=datetime.date(2030, 9, 15))
        html = page(client, objective.get_absolute_url())
        assert "<h1>Chaîne des parcs</h1>" in html
        assert "Relier les parcs." in html
        assert f'<a href="{chantier.get_absolute_url()}">{chantier.title}</a>' in html
        assert html.index("Dernière avancée") < html.index("Première avancée")
        assert '<time datetime="2030-09-15">15 septembre 2030</time>' in html
        assert Member.objects.get(slug="lens-lievin").get_absolute_url() in html
        assert Partner.objects.get(short_name="Euralens").get_absolute_url() in html
        assert ">Euralens</a>" in html

    def test_has_a_breadcrumb_to_its_chantier(self, client, chantier, objective):
        html = page(client, objective.get_absolute_url())
        breadcrumb = html[html.index('aria-label="Fil d\'Ariane"') :].split("</nav>")[0]
        assert reverse("chantiers:index") in breadcrumb
        assert chantier.get_absolute_url() in breadcrumb
        assert f'aria-current="page">{objective.title}</a>' in breadcrumb

    def test_links_to_its_sibling_objectives(self, client, chantier, objective):
        sibling = make_objective(chantier, title_fr="Voie d'eau")
        elsewhere = make_objective(title_fr="Mobilité ailleurs")
        hidden = make_objective(chantier, title_fr="Objectif secret", status=DRAFT)
        html = page(client, objective.get_absolute_url())
        assert sibling.get_absolute_url() in html
        assert elsewhere.title not in html
        assert hidden.title not in html

    def test_shows_the_contact_only_when_there_is_one(self, client, objective):
        assert "mailto:" not in page(client, objective.get_absolute_url())
        objective.contact_name = "Chargée de mission"
        objective.contact_email = "contact@example.org"
        objective.save()
        assert 'href="mailto:contact@example.org"' in page(client, objective.get_absolute_url())

    def test_leaves_out_draft_updates_and_draft_partners(self, client, objective):
        make_update(objective, title_fr="Avancée pas encore publiée", status=DRAFT)
        objective.partners.add(make_partner(name_fr="Partenaire en attente", status=DRAFT))
        html = page(client, objective.get_absolute_url())
        assert "Avancée pas encore publiée" not in html
        assert "Partenaire en attente" not in html

    @pytest.mark.parametrize("what", ["objective", "chantier"])
    def test_a_draft_is_a_404_for_the_public_and_a_preview_for_staff(
        self, client, admin_client, objective, what
    ):
        target = objective if what == "objective" else objective.chantier
        target.status = DRAFT
        target.save()
        assert client.get(objective.get_absolute_url()).status_code == 404
        assert admin_client.get(objective.get_absolute_url()).status_code == 200

    def test_unknown_objective_is_a_404(self, client, chantier):
        assert client.get(f"/chantiers/{chantier.slug}/objectifs/999999-rien/").status_code == 404

    def test_costs_the_same_whatever_the_content(
        self, client, site_wide_values_cached, chantier, objective, django_assert_max_num_queries
    ):
        for size in (1, 10):
            grow(chantier, size)
            objective.members.set(Member.objects.all())
            objective.partners.set(Partner.objects.all())
            for _ in range(size):
                make_update(objective)
            # Its siblings, updates, documents, partners, members and news.
            with django_assert_max_num_queries(6):
                page(client, objective.get_absolute_url())


class TestStableAddresses:
    def test_a_renamed_objective_answers_its_old_address(self, client, objective):
        old = objective.get_absolute_url()
        objective.title_fr = "Chaîne des parcs et Trame verte et bleue"
        objective.slug = "chaine-des-parcs-trame-verte-et-bleue"
        objective.save()
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == objective.get_absolute_url()
        assert client.get(response["Location"]).status_code == 200

    def test_an_objective_moved_to_another_chantier_answers_its_old_address(
        self, client, objective
    ):
        old = objective.get_absolute_url()
        objective.chantier = make_chantier(slug="culture-population")
        objective.save()
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].startswith("/chantiers/culture-population/objectifs/")

    def test_the_number_alone_leads_to_the_page_in_the_same_language(self, client, objective):
        canonical = objective.get_absolute_url()
        response = client.get(f"/en/chantiers/x/objectifs/{objective.pk}/")
        assert response.status_code == 301
        assert response["Location"] == f"/en{canonical}"

    def test_a_draft_objective_does_not_leak_its_address_through_a_redirect(
        self, client, objective
    ):
        objective.status = DRAFT
        objective.save()
        assert client.get(f"/chantiers/x/objectifs/{objective.pk}-autre/").status_code == 404


class TestLanguages:
    def test_english_pages_show_the_english_text(self, client, objective):
        html = page(client, f"/en{objective.get_absolute_url()}")
        assert "<h1>Chain of Parks</h1>" in html
        assert "Linking the parks." in html

    def test_english_pages_fall_back_to_french_when_english_is_empty(self, client, chantier):
        untranslated = make_objective(chantier, title_fr="Mobilité", summary_fr="Se déplacer.")
        chantier_url, objective_url = chantier.get_absolute_url(), untranslated.get_absolute_url()
        html = page(client, f"/en{objective_url}")
        assert '<html lang="en">' in html
        assert '<h1 lang="fr">Mobilité</h1>' in html
        assert "Se déplacer." in html
        assert "Progress updates" in html
        assert "Mobilité" in page(client, f"/en{chantier_url}")

    def test_addresses_stay_french_in_english(self, client, objective):
        html = page(client, f"/en{objective.get_absolute_url()}")
        assert f'href="/en/chantiers/{objective.chantier.slug}/objectifs/{objective.pk}-' in html


class TestMemberPage:
    def test_lists_the_published_objectives_that_concern_the_member(self, client, objective):
        hidden = make_objective(objective.chantier, title_fr="Objectif secret", status=DRAFT)
        hidden.members.set(Member.objects.all())
        in_draft_chantier = make_objective(make_chantier(status=DRAFT), title_fr="Autre secret")
        in_draft_chantier.members.set(Member.objects.all())
        html = page(client, "/territoire/lens-lievin/")
        assert "Participation aux objectifs du Pôle" in html
        assert objective.get_absolute_url() in html
        assert objective.chantier.get_absolute_url() in html
        assert "Objectif secret" not in html and "Autre secret" not in html
        assert objective.get_absolute_url() not in page(client, "/territoire/bethune-bruay/")

    def test_costs_one_query_whatever_the_objectives(
        self, client, chantier, site_wide_values_cached, django_assert_max_num_queries
    ):
        for size in (1, 10):
            grow(chantier, size)
            with django_assert_max_num_queries(5):
                page(client, "/territoire/lens-lievin/")


class TestHomeAndNavigation:
    def test_home_page_presents_the_chantiers(self, client, chantier):
        draft = make_chantier(title_fr="Chantier en préparation", status=DRAFT)
        html = page(client, "/")
        assert chantier.get_absolute_url() in html
        assert draft.title not in html

    def test_main_menu_leads_to_chantiers_and_partners(self, client):
        html = page(client, "/chantiers/")
        menu = html[html.index('class="main-nav"') :].split("</nav>")[0]
        assert 'href="/chantiers/" aria-current="page"' in menu
        assert 'href="/partenaires/"' in menu


def test_a_chantier_cannot_take_the_feeds_address():
    from django.core.exceptions import ValidationError

    chantier = make_chantier()
    chantier.slug = "flux"
    with pytest.raises(ValidationError) as error:
        chantier.full_clean()
    assert "slug" in error.value.message_dict
