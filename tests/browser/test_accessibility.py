"""Every public page type passes axe-core's WCAG 2.1 A/AA rules and the W3C HTML validator."""

import pytest

from tests.browser.conftest import DEVICES
from tests.browser.pages import LANGUAGES, page_paths

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_has_no_accessibility_violation(
    site_url, open_page, accessibility_violations, language, device
):
    page = open_page(language, device)
    findings = []
    for name, path in page_paths(language).items():
        response = page.goto(site_url + path)
        assert response.status != 500, f"{name} ({path}) is a server error"
        assert page.locator("html").get_attribute("lang") == language, f"{name} ({path})"
        findings += [f"{name} ({path}): {line}" for line in accessibility_violations(page)]
    assert not findings, "axe-core found:\n" + "\n".join(findings)


def test_every_page_type_is_valid_html(site_url, open_page, validate_html):
    page = open_page()
    documents = {}
    for language in LANGUAGES:
        for name, path in page_paths(language).items():
            # The HTML as served, before any script could touch it.
            documents[f"{name} [{language}] {path}"] = page.request.get(site_url + path).text()
    errors = validate_html(documents)
    report = [f"{name}: {error}" for name, lines in errors.items() for error in lines]
    assert not report, "The HTML validator found:\n" + "\n".join(report)
