import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="acte.pdf", text="texte"):
    return SimpleUploadedFile(
        name, f"%PDF-1.4\n{text}\n%%EOF\n".encode(), content_type="application/pdf"
    )
