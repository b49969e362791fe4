"""The accessibility statement, as the demo leaves it (no audit) and audited with its plans,
passes axe-core and the HTML validator in both languages at both widths."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pole_artois.institution.models import (
    AccessibilityPlan,
    AccessibilityStatement,
    AccessibilityStatus,
)
from pole_artois.institution.models.accessibility import PlanKind
from tests.browser.pages import DEVICES, LANGUAGES
from tests.helpers import pdf

pytestmark = pytest.mark.browser


def audit_with_plans(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    statement = AccessibilityStatement.load()
    for name, value in {
        "status": AccessibilityStatus.PARTIALLY_COMPLIANT,
        "rate": 82,
        "audit_date": datetime.date(2026, 10, 5),
        "auditor": "Cabinet d'audit",
        "statement_date": datetime.date(2026, 10, 20),
        "non_compliances_fr": "Une carte sans alternative textuelle\nUn tableau sans en-tête",
        "non_compliances_en": "A map without a text alternative\nA table without headers",
        "disproportionate_burden_fr": "Les procès-verbaux numérisés avant 2020",
        "out_of_scope_fr": "Les vidéos des partenaires",
        "audited_pages_fr": "Accueil — /\nContact — /contact/",
        "test_environment_fr": "NVDA avec Firefox\nVoiceOver avec Safari",
        "tools": "axe-core\nW3C Nu HTML Checker",
        "contact_email": "accessibilite@example.org",
    }.items():
        setattr(statement, name, value)
    statement.save()
    for kind, first, last in [(PlanKind.MULTI_YEAR, 2026, 2028), (PlanKind.YEARLY, 2026, None)]:
        AccessibilityPlan.objects.create(
            statement=statement,
            kind=kind,
            first_year=first,
            last_year=last,
            title_fr=f"Plan {first}",
            file=pdf("plan.pdf"),
        )


def check(site_url, state, open_page, start_accessibility_check, documents):
    findings = []
    for language in LANGUAGES:
        with translation.override(language):
            path = reverse("institution:accessibility")
        for device in DEVICES:
            page = open_page(language, device)
            page.goto(site_url + path)
            findings += [
                f"{state} [{language}, {device}] {line}"
                for line in start_accessibility_check(page)()
            ]
        documents[f"{state} [{language}] {path}"] = page.request.get(site_url + path).text()
    return findings


def test_the_statement_is_accessible_and_valid_before_and_after_an_audit(
    site_url, settings, tmp_path, open_page, start_accessibility_check, validate_html
):
    documents = {}
    findings = check(site_url, "demo", open_page, start_accessibility_check, documents)
    audit_with_plans(settings, tmp_path)
    findings += check(site_url, "audited", open_page, start_accessibility_check, documents)
    assert "Résultats des tests" in documents["audited [fr] /accessibilite/"]
    errors = validate_html(documents)
    findings += [f"{name}: {error}" for name, lines in errors.items() for error in lines]
    assert not findings, "\n".join(findings)
