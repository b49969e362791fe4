"""An act's page as a resident reads it, on a phone and a desktop, in French and English: its
legal mentions are there and legible, and the page passes axe-core and the HTML validator."""

import hashlib

import pytest
from django.utils import translation

from pole_artois.institution.models import Deliberation
from tests.browser.pages import DEVICES, LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.browser

# What a reader must find on the page, per language (the demo's contact person included).
MENTIONS = {
    "fr": [
        "Prénom Nom, Président",
        "En ligne depuis",
        "5.7 Intercommunalité (5 Institutions et vie politique)",
        "en exercice : 21, votants : 20 ; pour : 19, contre : 0, abstentions : 1",
        "reçue le 26 mars 2016, identifiant 062-000000000-20160326-2016_01-DE",
        "Le fichier déclare le format d'archivage PDF/A-2B.",
        "Une version papier est disponible gratuitement sur demande",
        "Benoît Brocq",
    ],
    "en": [
        "Prénom Nom, President",
        "Online since",
        "members in office: 21, voting: 20; for: 19, against: 0, abstaining: 1",
        "received on 26 March 2016",
        "A paper copy is available free of charge on request",
    ],
}


def test_an_acts_page_shows_its_legal_mentions_accessibly(
    site_url, open_page, start_accessibility_check, validate_html
):
    paths = {}
    for language in LANGUAGES:
        with translation.override(language):
            paths[language] = PAGE_TYPES["délibération"]()
    act = Deliberation.objects.get(number="2016-01")
    with act.document.open("rb") as stored:
        digest = hashlib.sha256(stored.read()).hexdigest()
    findings = []
    documents = {}
    for language in LANGUAGES:
        for device in DEVICES:
            page = open_page(language, device)
            page.goto(site_url + paths[language])
            finish = start_accessibility_check(page)
            text = page.locator("main").inner_text()
            missing = [mention for mention in [*MENTIONS[language], digest] if mention not in text]
            findings += [f"[{language}, {device}] missing: {mention}" for mention in missing]
            findings += [f"[{language}, {device}] {line}" for line in finish()]
            # The 64-character fingerprint wraps on a phone instead of widening the page.
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > DEVICES[device]["width"]:
                findings.append(f"[{language}, {device}] scrolls sideways ({width} px)")
            # The text downloads as the PDF whose fingerprint the page shows.
            response = page.request.get(site_url + act.get_document_url())
            if hashlib.sha256(response.body()).hexdigest() != digest:
                findings.append(f"[{language}, {device}] the text is not the file fingerprinted")
        documents[language] = page.request.get(site_url + paths[language]).text()
    errors = validate_html(documents)
    findings += [f"[{name}] {error}" for name, lines in errors.items() for error in lines]
    assert not findings, "\n".join(findings)
