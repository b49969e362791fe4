"""Nothing the staff type or choose on an admin form is lost, whatever comes back with it."""

import io
import os
import re
import time

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from chantiers.models import Objective
from pole_artois.backoffice.options import PoleModelAdmin
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution.models import Article
from tests.helpers import form_data, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "kept_uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "kept"},
        },
    }


@pytest.fixture
def draft(db):
    return Article.objects.create(
        title_fr="Le pôle recrute", slug="le-pole-recrute", summary_fr="Ancien résumé."
    )


def article_url(article):
    return f"/gestion/institution/article/{article.pk}/change/"


def test_save_and_publish_publishes_what_was_just_typed(director_client, draft):
    page = director_client.get(article_url(draft))
    html = page.content.decode()
    assert 'name="_publish"' in html
    # No list action on the change form: run there, it would publish the stored text.
    assert 'name="action"' not in html

    data = form_data(page, summary_fr="Nouveau résumé.", _publish="Save and publish")
    response = director_client.post(article_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert draft.summary_fr == "Nouveau résumé."


def test_who_may_not_publish_gets_no_publish_button_and_saves_a_draft(officer_client, draft):
    page = officer_client.get(article_url(draft))
    assert 'name="_publish"' not in page.content.decode()

    data = form_data(page, summary_fr="Nouveau résumé.", _publish="Save and publish")
    assert officer_client.post(article_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.summary_fr) == (PublicationStatus.DRAFT, "Nouveau résumé.")


def jpeg(name="holiday.jpg"):
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(output, "JPEG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def kept_token(html, field):
    """The token the page carries for the file kept for `field`, as a browser sends it back."""
    found = re.search(rf'name="{re.escape(field)}__kept" value="([^"]+)"', html)
    assert found, f"no file kept for {field}"
    return found[1]


def kept_files():
    return storages["kept_uploads"].listdir("")[1]


ADD_ARTICLE = "/gestion/institution/article/add/"


def test_an_image_chosen_on_a_form_with_an_error_is_kept_and_saved_next_time(
    director_client, django_capture_on_commit_callbacks
):
    image = jpeg()
    chosen = image.read()
    image.seek(0)
    data = form_data(
        director_client.get(ADD_ARTICLE),
        title_fr="Le pôle en vacances",
        slug="le-pole-en-vacances",
        summary_fr="Une image, sans texte alternatif.",
        image=image,
    )
    page = director_client.post(ADD_ARTICLE, data)

    assert page.status_code == 200
    assert "image_alt_fr" in page.context["adminform"].form.errors
    html = page.content.decode()
    assert "Fichier choisi : <strong>holiday.jpg</strong> (sera enregistré)" in html
    assert not Article.objects.exists()

    del data["image"]  # The browser sends no file again: only the token kept on the page.
    data.update(image_alt_fr="La plage de Berck au soleil.", image__kept=kept_token(html, "image"))
    with django_capture_on_commit_callbacks(execute=True):
        response = director_client.post(ADD_ARTICLE, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.image.name.endswith("holiday.jpg")
    # The very picture chosen (re-encoded on save, without its metadata).
    with Image.open(article.image) as saved, Image.open(io.BytesIO(chosen)) as original:
        assert saved.size == original.size
        assert saved.getpixel((32, 24)) == pytest.approx(original.getpixel((32, 24)), abs=4)
    assert kept_files() == []


def test_choosing_another_file_replaces_the_kept_one(director_client):
    data = form_data(
        director_client.get(ADD_ARTICLE),
        title_fr="Le pôle en vacances",
        slug="le-pole-en-vacances",
        summary_fr="Résumé.",
        image=jpeg("first.jpg"),
    )
    page = director_client.post(ADD_ARTICLE, data)
    data.update(
        image_alt_fr="Une plage.",
        image=jpeg("second.jpg"),
        image__kept=kept_token(page.content.decode(), "image"),
    )

    assert director_client.post(ADD_ARTICLE, data).status_code == 302
    assert Article.objects.get().image.name.endswith("second.jpg")


def test_a_kept_file_that_cannot_be_found_again_is_asked_for_not_silently_dropped(
    director_client,
):
    data = form_data(
        director_client.get(ADD_ARTICLE),
        title_fr="Le pôle en vacances",
        slug="le-pole-en-vacances",
        summary_fr="Résumé.",
        image_alt_fr="Une plage.",
        image__kept="forged-or-expired",
    )
    page = director_client.post(ADD_ARTICLE, data)

    assert page.status_code == 200
    assert page.context["adminform"].form.errors["image"] == [
        "Le fichier choisi auparavant n'a pas pu être conservé : choisissez-le de nouveau."
    ]
    assert not Article.objects.exists()


def test_a_pdf_chosen_on_an_inline_row_survives_an_error_on_that_row(
    director_client, django_capture_on_commit_callbacks
):
    call_command("load_demo", stdout=io.StringIO())
    objective = Objective.objects.first()
    url = f"/gestion/chantiers/objective/{objective.pk}/change/"
    data = form_data(director_client.get(url))
    row = int(data["documents-TOTAL_FORMS"])
    data["documents-TOTAL_FORMS"] = str(row + 1)
    new_row = {"title_fr": "", "date": "2026-03-02", "order": "0", "file": pdf("etude.pdf")}
    data.update({f"documents-{row}-{name}": value for name, value in new_row.items()})

    page = director_client.post(url, data)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Fichier choisi : <strong>etude.pdf</strong> (sera enregistré)" in html
    data[f"documents-{row}-title_fr"] = "Étude de mobilité"
    del data[f"documents-{row}-file"]
    data[f"documents-{row}-file__kept"] = kept_token(html, f"documents-{row}-file")
    with django_capture_on_commit_callbacks(execute=True):
        response = director_client.post(url, data)

    assert response.status_code == 302
    document = objective.documents.get(title_fr="Étude de mobilité")
    assert document.file.name.endswith("etude.pdf")
    assert document.file_size == document.file.size > 0


def test_an_overlong_title_is_refused_with_the_limit_and_the_count_and_stays_in_the_field(
    director_client,
):
    pasted = "Le pôle." * 1250  # 10,000 characters, for a title of 200 at most
    data = form_data(
        director_client.get(ADD_ARTICLE), title_fr=pasted, slug="long", summary_fr="Résumé."
    )
    page = director_client.post(ADD_ARTICLE, data)

    assert page.status_code == 200
    form = page.context["adminform"].form
    [error] = form.errors["title_fr"]
    assert error.replace("\N{NO-BREAK SPACE}", " ").replace("\N{NARROW NO-BREAK SPACE}", " ") == (
        "Ce champ ne doit pas dépasser 200 caractères (il en contient 10 000)."
    )
    assert f'value="{pasted}"' in page.content.decode()
    assert not Article.objects.exists()


def test_the_english_admin_says_it_in_english_for_the_english_text_too(director_client):
    url = "/en" + ADD_ARTICLE
    data = form_data(
        director_client.get(url),
        title_fr="Le pôle",
        title_en="The Pôle." * 25,
        slug="pole",
        summary_fr="Résumé.",
    )
    page = director_client.post(url, data)

    assert page.context["adminform"].form.errors["title_en"] == [
        "This field must not exceed 200 characters (it has 225)."
    ]


def test_no_text_input_of_any_admin_form_lets_the_browser_cut_a_paste(admin_client):
    """`maxlength` makes the browser drop the end of a long paste without a word."""
    call_command("load_demo", stdout=io.StringIO())
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, PoleModelAdmin):
            continue
        opts = model._meta
        url = f"/gestion/{opts.app_label}/{opts.model_name}/add/"
        page = admin_client.get(url, follow=True)
        if page.status_code == 403:
            first = model._default_manager.first()
            page = admin_client.get(
                f"/gestion/{opts.app_label}/{opts.model_name}/{first.pk}/change/"
            )
        assert page.status_code == 200, url
        assert "maxlength" not in page.content.decode(), url


def test_a_kept_file_expires_with_the_session_and_is_then_asked_for_again(
    director_client, settings
):
    data = form_data(
        director_client.get(ADD_ARTICLE),
        title_fr="Le pôle en vacances",
        slug="le-pole-en-vacances",
        summary_fr="Résumé.",
        image=jpeg(),
    )
    page = director_client.post(ADD_ARTICLE, data)
    del data["image"]
    data.update(image_alt_fr="Une plage.", image__kept=kept_token(page.content.decode(), "image"))
    settings.SESSION_COOKIE_AGE = -1  # Every token is now older than a session.

    page = director_client.post(ADD_ARTICLE, data)

    assert page.status_code == 200
    assert "choisissez-le de nouveau" in page.context["adminform"].form.errors["image"][0]
    assert not Article.objects.exists()


def test_kept_files_older_than_a_session_are_deleted_when_another_is_kept(director_client):
    storage = storages["kept_uploads"]
    stale = storage.save("abandoned", io.BytesIO(b"chosen yesterday"))
    long_ago = time.time() - 2 * settings.SESSION_COOKIE_AGE
    os.utime(storage.path(stale), (long_ago, long_ago))
    data = form_data(
        director_client.get(ADD_ARTICLE),
        title_fr="Le pôle en vacances",
        slug="le-pole-en-vacances",
        summary_fr="Résumé.",
        image=jpeg(),
    )
    director_client.post(ADD_ARTICLE, data)

    assert len(kept_files()) == 1
    assert not storage.exists(stale)
