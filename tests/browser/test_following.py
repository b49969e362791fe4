"""Following by e-mail in a real browser: the pages of the feature pass axe and the HTML
validator in both languages at 320 and 1280 px, and the form is used with the keyboard alone,
its error included."""

import pytest

from tests.browser.pages import DEVICES, LANGUAGES, page_paths

pytestmark = pytest.mark.browser

FOLLOWING_PAGES = [
    "follow by e-mail",
    "follow by e-mail, request sent",
    "follow by e-mail, confirmation",
    "follow by e-mail, unsubscribe",
    "personal data",
]


def test_the_following_pages_are_accessible_and_valid(
    site_url, open_page, start_accessibility_check, validate_html
):
    findings, documents = [], {}
    for language in LANGUAGES:
        paths = page_paths(language)
        for device in DEVICES:
            page = open_page(language, device)
            for name in FOLLOWING_PAGES:
                path = paths[name]
                assert page.goto(site_url + path).status == 200, path
                assert page.locator("html").get_attribute("lang") == language, path
                findings += [
                    f"{name} [{language}, {device}]: {line}"
                    for line in start_accessibility_check(page)()
                ]
                documents[f"{name} [{language}]"] = page.request.get(site_url + path).text()
    errors = validate_html(documents)
    findings += [f"{name}: {error}" for name, lines in errors.items() for error in lines]
    assert not findings, "\n".join(findings)


def test_a_partner_asks_with_the_keyboard_and_corrects_a_mistyped_address(
    site_url, open_page, accessibility_violations
):
    page = open_page("fr", "phone")
    page.goto(site_url + page_paths("fr")["follow by e-mail"])
    field = page.get_by_label("Votre adresse électronique")
    field.focus()
    page.keyboard.type("partenaire-at-region")
    page.keyboard.press("Enter")
    # The browser's own check is off (novalidate): the server says what is wrong, and keeps it.
    page.get_by_role("alert").wait_for()
    assert field.input_value() == "partenaire-at-region"
    assert field.get_attribute("aria-invalid") == "true"
    assert accessibility_violations(page) == []
    field.fill("partenaire@region.example")
    field.press("Enter")
    page.wait_for_url("**/suivre/demande-envoyee/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre messagerie"
