"""What editors put in (rich text, images, documents) reaches pages only in a safe, checked form."""

import datetime
import struct
import zlib
from html import unescape
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chantiers.models import ObjectiveDocument
from tests.factories import make_chantier, make_objective, make_update

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onmouseover="steal()">Bonjour<script>alert(1)</script></p>'
    '<img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">piège</a>'
    '<iframe src="https://evil.example"></iframe>'
    '<p style="position:fixed">Suite <a href="https://example.org">lien</a></p>'
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(width=40, height=30):
    output = BytesIO()
    Image.new("RGB", (width, height), "green").save(output, "PNG")
    return output.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header announces `width` by `height` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def main_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def assert_clean(html):
    for forbidden in (
        "<script",
        "alert(",
        "onmouseover",
        "onerror",
        "javascript:",
        "<iframe",
        "style=",
    ):
        assert forbidden not in html


class TestRichText:
    def test_hostile_html_in_bodies_never_reaches_the_pages(self, client):
        chantier = make_chantier(body_fr=HOSTILE)
        objective = make_objective(chantier, body_fr=HOSTILE)
        make_update(objective, body_fr=HOSTILE)
        for url in (chantier.get_absolute_url(), objective.get_absolute_url()):
            html = main_of(client.get(url).content.decode())
            assert_clean(html)
            assert "Bonjour" in html
            assert '<a href="https://example.org" rel="noopener noreferrer">lien</a>' in html

    def test_bodies_are_stored_clean(self):
        objective = make_objective(body_fr=HOSTILE)
        objective.refresh_from_db()
        assert_clean(objective.body_fr)
        assert objective.body_fr.startswith("<p>Bonjour</p>")

    def test_rows_written_behind_the_models_back_are_cleaned_on_output(self, client):
        objective = make_objective()
        type(objective).objects.filter(pk=objective.pk).update(body_fr=HOSTILE)
        assert_clean(main_of(client.get(objective.get_absolute_url()).content.decode()))


class TestImages:
    def test_a_renamed_text_file_is_refused_as_an_image(self):
        chantier = make_chantier()
        chantier.image = SimpleUploadedFile("photo.jpg", b"Ceci n'est pas une image.")
        chantier.image_alt_fr = "Un parc"
        with pytest.raises(ValidationError) as error:
            chantier.full_clean()
        assert "image" in error.value.message_dict

    def test_an_image_announcing_too_many_pixels_is_refused(self):
        chantier = make_chantier()
        chantier.image = SimpleUploadedFile("bombe.png", png_claiming(30_000, 30_000))
        chantier.image_alt_fr = "Un parc"
        with pytest.raises(ValidationError) as error:
            chantier.full_clean()
        assert "pixels" in " ".join(error.value.message_dict["image"])

    def test_an_image_needs_alt_text_unless_it_is_decorative(self):
        chantier = make_chantier()
        chantier.image = SimpleUploadedFile("parc.png", png())
        with pytest.raises(ValidationError) as error:
            chantier.full_clean()
        assert "image_alt_fr" in error.value.message_dict
        chantier.image_decorative = True
        chantier.full_clean()

    def test_the_page_serves_a_resized_copy_with_its_alt_text(self, client):
        chantier = make_chantier()
        chantier.image = SimpleUploadedFile("parc.png", png(2400, 1200))
        chantier.image_alt_fr = "Le parc des Berges de la Souchez"
        chantier.full_clean()
        chantier.save()
        html = client.get(chantier.get_absolute_url()).content.decode()
        assert 'alt="Le parc des Berges de la Souchez"' in html
        assert ".960.webp" in html
        assert chantier.image.url not in html


class TestDocuments:
    def document(self, objective, content, name="rapport.pdf"):
        return ObjectiveDocument(
            objective=objective,
            title_fr="Rapport d'étape",
            date=datetime.date(2030, 4, 2),
            file=SimpleUploadedFile(name, content),
        )

    @pytest.mark.parametrize(
        "content",
        [b"Ceci n'est pas un PDF.", png(), PDF[: len(PDF) // 2]],
        ids=["text", "image", "truncated"],
    )
    def test_anything_but_a_pdf_is_refused(self, content):
        document = self.document(make_objective(), content)
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "file" in error.value.message_dict

    def test_a_pdf_is_offered_with_its_title_size_and_date(self, client):
        objective = make_objective()
        document = self.document(objective, PDF, name="Rapport d'étape (final).PDF")
        document.full_clean()
        document.save()
        assert document.file.name.endswith(".pdf")
        html = unescape(client.get(objective.get_absolute_url()).content.decode())
        assert f'href="{document.file.url}" type="application/pdf"' in html
        assert "Rapport d'étape" in html
        assert f"{len(PDF)}\xa0octets" in html
        assert "2 avril 2030" in html
