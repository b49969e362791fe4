"""The admin's forms of the Pôle's own making pass axe-core, and their rich text editor speaks
the admin's language, checks spelling in the field's language and is named by its label.

(The back office's browser test, here to share this folder's Chromium and live server.)
"""

import pytest

from chantiers.models import Objective
from pole_artois.backoffice.roles import DIRECTION
from tests.helpers import PASSWORD, staff_user

pytestmark = pytest.mark.browser

EDITOR = ".prose-editor .ProseMirror"


def log_in(page, site_url, prefix=""):
    staff_user("directrice", DIRECTION)
    page.goto(f"{site_url}{prefix}/gestion/login/")
    page.fill("#id_username", "directrice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def editor_of(page, field_id):
    return page.locator(f"#{field_id}").locator("xpath=..").locator("[contenteditable]")


def test_the_forms_of_news_objectives_and_acts_pass_axe(
    site_url, open_page, start_accessibility_check
):
    page = open_page("fr")
    log_in(page, site_url)
    objective = Objective.objects.first()
    findings = []
    for path in (
        "/gestion/institution/article/add/",
        f"/gestion/chantiers/objective/{objective.pk}/change/",
        "/gestion/institution/deliberation/add/",
    ):
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("networkidle")
        findings += [f"{path}: {finding}" for finding in start_accessibility_check(page)()]
    assert not findings, "\n".join(findings)


def test_the_editor_speaks_french_and_checks_each_fields_language(site_url, open_page):
    page = open_page("fr")
    log_in(page, site_url)
    page.goto(f"{site_url}/gestion/institution/article/add/")
    page.wait_for_selector(EDITOR, state="attached")
    french, english = editor_of(page, "id_body_fr"), editor_of(page, "id_body_en")
    assert french.get_attribute("spellcheck") == "true"
    assert french.get_attribute("lang") == "fr"
    assert english.get_attribute("lang") == "en"
    label = page.locator("label[for=id_body_fr]").inner_text()
    # Named by its label as the page gives it, before the tabs shorten it to "Texte".
    assert french.get_attribute("aria-label") == f"{label.rstrip(' :\u00a0')} [fr]"
    menu = french.locator("xpath=ancestor::div[contains(@class,'prose-editor')]")
    assert menu.locator("button[title=Gras]").count() == 1
    assert menu.locator("button[title=bold]").count() == 0
    french.click()
    page.keyboard.type("Le site du Pôle")
    page.keyboard.press("Control+A")
    menu.locator("button[title='Insérer un lien']").click()
    dialog = page.locator("dialog[open]")
    assert "Modifier le lien" in dialog.inner_text()
    assert "Update" not in dialog.inner_text()


def test_the_editor_speaks_english_under_en(site_url, open_page):
    page = open_page("en")
    log_in(page, site_url, "/en")
    page.goto(f"{site_url}/en/gestion/institution/article/add/")
    page.wait_for_selector(EDITOR, state="attached")
    menu = page.locator(".prose-editor").first
    assert menu.locator("button[title=Bold]").count() == 1
