"""A commune's "What the Pôle does here", empty and filled, and the page listing all of it: axe
and the HTML validator in both languages, at a phone and a desktop width (the same checks as
test_accessibility.py, on these pages alone)."""

import pytest

from tests.browser.pages import DEVICES, LANGUAGES, page_paths

pytestmark = pytest.mark.browser

PAGES = ("commune", "commune, with what concerns it", "what concerns a commune")


def test_the_commune_pages_are_accessible_and_valid(
    site_url, open_page, start_accessibility_check, validate_html
):
    findings, documents = [], {}
    for language in LANGUAGES:
        paths = {name: path for name, path in page_paths(language).items() if name in PAGES}
        for device in DEVICES:
            page = open_page(language, device)
            for name, path in paths.items():
                page.goto(site_url + path)
                findings += [
                    f"{name} [{language}, {device}]: {line}"
                    for line in start_accessibility_check(page)()
                ]
                documents[f"{name} [{language}]"] = page.request.get(site_url + path).text()
    assert "Objectif" in documents["what concerns a commune [fr]"]
    assert "encore publié qui concerne Lens" in documents["commune [fr]"]
    errors = validate_html(documents)
    findings += [f"{name}: {error}" for name, lines in errors.items() for error in lines]
    assert not findings, "\n".join(findings)


def test_the_feed_link_leads_to_the_feed(site_url, open_page):
    page = open_page("fr", "phone")
    page.goto(site_url + page_paths("fr")["commune, with what concerns it"])
    with page.expect_response(lambda response: "/flux/" in response.url) as answer:
        page.get_by_role("link", name="Suivre ce qui concerne Béthune (flux Atom)").click()
    assert answer.value.headers["content-type"].startswith("application/atom+xml")
