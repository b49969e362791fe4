import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.forms import modelform_factory
from django.template import Context, Template
from django.test.utils import isolate_apps
from django.utils import translation

from pole_artois.core.documents import MAX_PDF_BYTES, PdfField

from .files import MINIMAL_PDF, image_bytes


@pytest.fixture
def attachment_form(content_models):
    _, Attachment = content_models
    return modelform_factory(Attachment, fields=["title", "file", "date"])


def submit(form_class, name, content):
    return form_class(
        data={"title": "Compte rendu", "date": "2026-03-25"},
        files={"file": SimpleUploadedFile(name, content)},
    )


def test_a_real_pdf_is_stored_under_a_safe_name_with_its_size(attachment_form):
    form = submit(attachment_form, "Compte rendu du 25 mars.PDF", MINIMAL_PDF)
    assert form.is_valid(), form.errors
    document = form.save()
    document.refresh_from_db()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith("/compte-rendu-du-25-mars.pdf")
    assert document.file_size == len(MINIMAL_PDF)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"Ordre du jour : budget 2026.\n" * 20),
        ("plan.pdf", image_bytes(100, 100, "JPEG")),
        ("tronque.pdf", MINIMAL_PDF[:100]),
        ("vide.pdf", b"%PDF-"),
    ],
)
def test_anything_but_a_complete_pdf_is_refused_whatever_its_name(attachment_form, name, content):
    form = submit(attachment_form, name, content)
    assert not form.is_valid()
    assert "pas un document PDF" in form.errors["file"][0]


def test_a_pdf_above_the_size_limit_is_refused(attachment_form):
    oversized = MINIMAL_PDF[:-6] + b"\0" * MAX_PDF_BYTES + b"%%EOF\n"
    form = submit(attachment_form, "lourd.pdf", oversized)
    assert not form.is_valid()
    assert "Ce fichier pèse 20,0\u00a0Mio" in form.errors["file"][0]


def test_the_document_link_shows_title_format_size_and_date(attachment_form):
    document = submit(attachment_form, "cr.pdf", MINIMAL_PDF).save()
    with translation.override("fr"):
        html = Template("{% load content %}{% document_link document %}").render(
            Context({"document": document})
        )
    assert f'href="/media/{document.file.name}" type="application/pdf"' in html
    assert "Compte rendu <span" in html
    assert f"(PDF, {len(MINIMAL_PDF)}\u00a0octets" in html
    assert '<time datetime="2026-03-25">25 mars 2026</time>' in html


def test_a_replaced_or_deleted_document_leaves_the_storage(
    content_models, media_root, django_capture_on_commit_callbacks
):
    _, Attachment = content_models
    with django_capture_on_commit_callbacks(execute=True):
        document = Attachment.objects.create(
            title="Budget", file=SimpleUploadedFile("budget.pdf", MINIMAL_PDF)
        )
    first = media_root / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.file = SimpleUploadedFile("budget-corrige.pdf", MINIMAL_PDF)
        document.save()
    second = media_root / document.file.name
    assert not first.exists()
    assert second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not second.exists()


def test_a_bare_pdf_field_keeps_every_file_it_stored(
    db, media_root, django_capture_on_commit_callbacks
):
    """The official acts' texts are their legal history: replaced, they stay."""
    with isolate_apps("pole_artois.core"):

        class Act(models.Model):
            document = PdfField("text")

            class Meta:
                app_label = "core"

            def __str__(self):
                return self.document.name

    with connection.schema_editor() as editor:
        editor.create_model(Act)
    with django_capture_on_commit_callbacks(execute=True):
        act = Act.objects.create(document=SimpleUploadedFile("acte.pdf", MINIMAL_PDF))
    first = media_root / act.document.name
    with django_capture_on_commit_callbacks(execute=True):
        act.document = SimpleUploadedFile("acte-corrige.pdf", MINIMAL_PDF)
        act.save()
        act.delete()
    assert first.exists()
    assert len(list(media_root.rglob("*.pdf"))) == 2
