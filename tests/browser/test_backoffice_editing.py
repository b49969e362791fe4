"""Nothing typed or chosen in the back office is lost, in a real browser."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from pole_artois.backoffice.roles import DIRECTION
from pole_artois.institution.models import Article
from tests.helpers import PASSWORD, staff_user

from .test_backoffice_round_trip import collect_csp_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def director_page(site_url, open_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff_user("directrice", DIRECTION)
    page = open_page("fr")
    page.goto(f"{site_url}/gestion/login/")
    page.fill("#id_username", "directrice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Tableau de bord")
    return page


def jpeg_bytes():
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(output, "JPEG")
    return output.getvalue()


def test_a_news_image_and_an_overlong_title_survive_the_errors_they_cause(site_url, director_page):
    page = director_page
    csp_violations = collect_csp_violations(page)
    page.goto(f"{site_url}/gestion/institution/article/add/")
    page.fill("#id_slug", "le-pole-en-vacances")  # First: the title would fill it in.
    pasted = "Le pôle." * 1250
    page.fill("#id_title_fr", pasted)
    page.fill("#id_summary_fr", "Une image, sans texte alternatif.")
    image = {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    page.set_input_files("#id_image", image)
    page.click("input[name=_save]")

    # The whole paste reached the form, which refuses it with the limit and the count.
    expect(page.locator(".errorlist").first).to_contain_text("ne doit pas dépasser 200 caractères")
    assert page.input_value("#id_title_fr") == pasted
    expect(page.locator(".field-image")).to_contain_text(
        "Fichier choisi : holiday.jpg (sera enregistré)"
    )

    page.fill("#id_title_fr", "Le pôle en vacances")
    page.click("input[name=_save]")
    expect(page.locator(".errorlist")).to_contain_text("qui ne peuvent pas la voir")
    page.fill("#id_image_alt_fr", "La plage de Berck au soleil.")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist .success")).to_have_count(1)
    article = Article.objects.get()
    assert article.image.name.endswith("holiday.jpg")
    with Image.open(article.image) as stored:  # Re-encoded without its metadata: not the bytes.
        assert (stored.format, stored.size) == ("JPEG", (64, 48))
    assert csp_violations == []


def test_leaving_a_form_with_unsaved_changes_asks_first(site_url, director_page):
    page = director_page
    article = Article.objects.create(
        title_fr="Le pôle recrute", slug="le-pole-recrute", summary_fr="Un poste est ouvert."
    )
    url = f"{site_url}/gestion/institution/article/{article.pk}/change/"
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.goto(url)
    page.click("text=Historique")  # Nothing changed: no question.
    expect(page).to_have_url(f"{url.removesuffix('change/')}history/")
    assert dialogs == []

    page.goto(url)
    page.click("#id_summary_fr")
    page.keyboard.type(" Et une phrase de plus.")
    page.click("text=Historique")
    expect(page.locator("#id_summary_fr")).to_have_value(
        article.summary_fr + " Et une phrase de plus."
    )
    assert dialogs == ["beforeunload"]
    assert page.url == url

    page.click("input[name=_save]")  # Saving is not leaving.
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert dialogs == ["beforeunload"]
    article.refresh_from_db()
    assert article.summary_fr.endswith("Et une phrase de plus.")
