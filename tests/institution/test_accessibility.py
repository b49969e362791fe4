"""The accessibility statement: structured as the RGAA's model, shown at /accessibilite/ and in
the footer, renewed when the dashboard says so."""

import datetime
import io
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pole_artois.institution import demo
from pole_artois.institution.models import (
    AccessibilityPlan,
    AccessibilityStatement,
    AccessibilityStatus,
    PoleIdentity,
)
from pole_artois.institution.models.accessibility import SITE_CHANGES, PlanKind
from tests.browser.pages import PAGE_TYPES
from tests.helpers import form_data, page, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content():
    demo.load(io.StringIO())


def audited(**changes):
    statement = AccessibilityStatement.load()
    values = {
        "status": AccessibilityStatus.PARTIALLY_COMPLIANT,
        "rate": 75,
        "audit_date": datetime.date(2026, 10, 5),
        "auditor": "Cabinet Audit",
        "statement_date": datetime.date(2026, 10, 20),
        "non_compliances_fr": "Des cartes sans alternative\nUn tableau sans en-tête",
        "disproportionate_burden_fr": "Les anciens procès-verbaux numérisés",
        "out_of_scope_fr": "Une vidéo d'un partenaire",
        "audited_pages_fr": "Accueil — /",
        "tools": "axe-core",
        **changes,
    }
    for name, value in values.items():
        setattr(statement, name, value)
    statement.full_clean()
    statement.save()
    return statement


def test_demo_declares_the_site_not_compliant_with_no_audit_invented(client, demo_content):
    statement = AccessibilityStatement.load()
    assert statement.status == AccessibilityStatus.NON_COMPLIANT
    assert (statement.rate, statement.audit_date, statement.auditor) == (None, None, "")
    assert statement.statement_date is None
    assert "Accessibilité : non conforme" in page(client, "/territoire/")
    html = page(client, "/accessibilite/")
    assert "déclare ce site non conforme" in html
    assert "n'a pas encore été audité" in html
    assert "<li>HTML5</li>" in html
    # The means of redress, with the Défenseur des droits' official address.
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html
    # No contact of its own: the identity's telephone, and the contact form.
    assert 'href="tel:0687426078"' in html
    assert 'href="/contact/"' in html
    # No audit: no test results, no date.
    assert "Résultats des tests" not in html
    assert "a été établie le" not in html


def test_the_statement_shows_its_audit_and_what_is_not_accessible(client, demo_content):
    audited(contact_email="accessibilite@example.org")
    html = page(client, "/accessibilite/")
    assert "Cabinet Audit" in html and "75" in html and "RGAA version 4.1.2" in html
    assert "<li>Des cartes sans alternative</li>" in html
    assert "<li>Un tableau sans en-tête</li>" in html
    assert "Les anciens procès-verbaux numérisés" in html
    assert "Une vidéo d'un partenaire" in html
    assert "Cette déclaration a été établie le 20 octobre 2026" in html
    assert 'href="mailto:accessibilite@example.org"' in html
    assert "n'a pas encore été audité" not in html


def test_the_footer_conformity_comes_from_the_statement(client, demo_content):
    assert "Accessibilité : non conforme" in page(client, "/territoire/")
    audited()
    assert "Accessibilité : partiellement conforme" in page(client, "/territoire/")
    assert "Accessibility: partially compliant" in page(client, "/en/territoire/")
    assert not hasattr(PoleIdentity, "accessibility_status")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": AccessibilityStatus.PARTIALLY_COMPLIANT}, "status"),
        ({"status": AccessibilityStatus.FULLY_COMPLIANT, "rate": 75}, "status"),
        ({"status": AccessibilityStatus.NON_COMPLIANT, "rate": 60}, "status"),
        ({"rate": 40, "status": AccessibilityStatus.NON_COMPLIANT}, "audit_date"),
        (
            {"audit_date": datetime.date(2026, 5, 1), "statement_date": datetime.date(2026, 4, 1)},
            "statement_date",
        ),
    ],
)
def test_the_conformity_follows_the_rgaa_rules(changes, field):
    statement = AccessibilityStatement(**changes)
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert field in error.value.message_dict


def test_a_rate_decides_the_conformity():
    for rate, status in [(100, "totalement"), (50, "partiellement"), (49, "non")]:
        AccessibilityStatement(
            rate=rate, status=status, audit_date=datetime.date(2026, 5, 1)
        ).full_clean()


def plan(kind, first, last=None, **values):
    statement, _ = AccessibilityStatement.objects.get_or_create(pk=1)
    return AccessibilityPlan(
        statement=statement,
        kind=kind,
        first_year=first,
        last_year=last,
        title_fr=f"Plan {first}",
        file=pdf("plan.pdf"),
        **values,
    )


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        (PlanKind.MULTI_YEAR, 2026, 2029),
        (PlanKind.MULTI_YEAR, 2026, None),
        (PlanKind.MULTI_YEAR, 2026, 2025),
        (PlanKind.YEARLY, 2026, 2027),
    ],
)
def test_a_multi_year_plan_covers_at_most_three_years(kind, first, last):
    with pytest.raises(ValidationError) as error:
        plan(kind, first, last).full_clean()
    assert "last_year" in error.value.message_dict


def test_plans_are_offered_for_download(client, demo_content):
    plan(PlanKind.MULTI_YEAR, 2026, 2028).full_clean()
    plan(PlanKind.MULTI_YEAR, 2026, 2028, title_en="Multi-year plan").save()
    plan(PlanKind.YEARLY, 2026).save()
    html = page(client, "/accessibilite/")
    assert "Schéma pluriannuel de mise en accessibilité" in html
    assert "2026\u20132028" in html
    assert html.count('type="application/pdf"') == 2
    assert html.index("Schéma pluriannuel") < html.index("Plan d'action annuel")


def test_the_statement_opens_directly_in_the_admin_and_refuses_a_false_conformity(
    admin_client, demo_content
):
    response = admin_client.get("/gestion/institution/accessibilitystatement/")
    assert response.status_code == 302
    url = response["Location"]
    assert admin_client.post(url.replace("change/", "delete/")).status_code == 403
    form = admin_client.get(url)
    response = admin_client.post(
        url, form_data(form, status=AccessibilityStatus.FULLY_COMPLIANT, auditor="Cabinet")
    )
    assert response.status_code == 200
    assert "le RGAA impose de déclarer le site non conforme" in unescape(response.content.decode())
    # What was typed is kept for the correction.
    assert 'value="Cabinet"' in response.content.decode()
    assert AccessibilityStatement.load().status == AccessibilityStatus.NON_COMPLIANT


def test_the_dashboard_asks_for_a_statement_until_one_is_dated(admin_client, demo_content):
    html = admin_client.get("/gestion/").content.decode()
    assert "/gestion/institution/accessibilitystatement/1/change/" in html
    assert "aucune date" in unescape(html)
    statement = AccessibilityStatement.load()
    statement.statement_date = timezone.localdate()
    statement.save()
    html = admin_client.get("/gestion/").content.decode()
    assert "/gestion/institution/accessibilitystatement/1/change/" not in html


def test_the_dashboard_asks_again_after_three_years(admin_client, demo_content):
    statement = AccessibilityStatement.load()
    statement.statement_date = timezone.localdate() - datetime.timedelta(days=3 * 366)
    statement.save()
    html = unescape(admin_client.get("/gestion/").content.decode())
    assert "Plus de trois ans" in html


def test_the_dashboard_asks_again_after_a_substantial_change(admin_client, demo_content):
    statement = AccessibilityStatement.load()
    statement.statement_date = SITE_CHANGES[-1].released_on - datetime.timedelta(days=1)
    statement.save()
    html = unescape(admin_client.get("/gestion/").content.decode())
    assert "Le site a changé en profondeur" in html
    assert "Le site tel que publié la première fois" in html


def test_every_page_type_is_recorded_as_a_site_change():
    """Adding a page type changes the site substantially: record it in SITE_CHANGES, so that the
    dashboard asks for a new accessibility statement."""
    recorded = {name for change in SITE_CHANGES for name in change.page_types}
    assert set(PAGE_TYPES) <= recorded, set(PAGE_TYPES) - recorded


def test_a_plan_of_four_years_is_refused_in_the_admin_with_what_was_typed_kept(
    admin_client, demo_content
):
    url = "/gestion/institution/accessibilitystatement/1/change/"
    form = admin_client.get(url)
    data = form_data(
        form,
        **{
            "plans-TOTAL_FORMS": "1",
            "plans-0-kind": PlanKind.MULTI_YEAR,
            "plans-0-first_year": "2026",
            "plans-0-last_year": "2029",
            "plans-0-title_fr": "Schéma pluriannuel",
            "plans-0-date": "01/01/2026",
            "plans-0-file": pdf("schema.pdf"),
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Un schéma pluriannuel couvre au plus trois ans : de 2026 à 2029" in html
    assert 'value="Schéma pluriannuel"' in html
    assert not AccessibilityPlan.objects.exists()
    data["plans-0-last_year"] = "2028"
    data["plans-0-file"] = pdf("schema.pdf")
    assert admin_client.post(url, data).status_code == 302
    assert AccessibilityPlan.objects.get().period == "2026\u20132028"
