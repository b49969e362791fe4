"""Every public page type passes axe-core's WCAG 2.1 A/AA rules and the W3C HTML validator, and
reflows: 320 px wide without horizontal scrolling, text enlarged to 200 % without loss."""

import pytest

from tests.browser.pages import DEVICES, LANGUAGES, PAGE_TYPES, page_paths

pytestmark = pytest.mark.browser

# Elements sticking out of the window, when the page scrolls sideways.
HORIZONTAL_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  }).slice(0, 5).map(element => `${element.tagName.toLowerCase()}.${element.className}`);
}"""

# What a browser's "text only" zoom does: the root font size, which rem units follow.
TEXT_AT_200_PERCENT = """() => {
  const heading = document.querySelector("h1");
  const before = parseFloat(getComputedStyle(heading).fontSize);
  document.documentElement.style.fontSize = "200%";
  return parseFloat(getComputedStyle(heading).fontSize) / before;
}"""


def test_every_page_type_is_accessible_in_both_languages_on_phone_and_desktop(
    site_url, open_page, start_accessibility_check
):
    views = [(language, device) for language in LANGUAGES for device in DEVICES]
    pages = {view: open_page(*view) for view in views}
    paths = {language: page_paths(language) for language in LANGUAGES}
    findings = []
    for name in PAGE_TYPES:
        checks = {}
        for (language, device), page in pages.items():
            path = paths[language][name]
            response = page.goto(site_url + path)
            assert response.status < 500, f"{name} ({path}) is a server error"
            assert page.locator("html").get_attribute("lang") == language, f"{name} ({path})"
            checks[language, device, path] = start_accessibility_check(page)
        for (language, device, path), finish in checks.items():
            where = f"{name} [{language}, {device}] {path}"
            page = pages[language, device]
            findings += [f"{where}: {line}" for line in finish()]
            if overflow := page.evaluate(HORIZONTAL_OVERFLOW):
                findings.append(f"{where}: scrolls sideways, because of {overflow}")
            if device == "desktop":
                if (growth := page.evaluate(TEXT_AT_200_PERCENT)) < 1.8:
                    findings.append(f"{where}: at 200 % text, the heading grows {growth:.2f} times")
                if overflow := page.evaluate(HORIZONTAL_OVERFLOW):
                    findings.append(f"{where}: text at 200 % scrolls sideways: {overflow}")
    assert not findings, "\n".join(findings)


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
