"""A contact message is never lost silently: stored and acknowledged, or the visitor is told."""

from html import unescape

import pytest
from django.db import OperationalError

from pole_artois.institution.models import ContactMessage

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Camille Test",
    "email": "camille@example.org",
    "subject": "Une question",
    "message": "Bonjour, où trouver les délibérations de 2025 ?",
    "website": "",
}


class DiskFull(Exception):
    sqlstate = "53100"


@pytest.fixture
def full_disk(monkeypatch):
    """PostgreSQL refusing the INSERT, simulated before any SQL (which would break the test's
    transaction; `make load` fills a real disk)."""

    def save(*args, **kwargs):
        raise OperationalError("could not extend file: No space left on device") from DiskFull()

    monkeypatch.setattr(ContactMessage, "save", save)
    return monkeypatch


def test_with_a_full_disk_the_visitor_is_told_and_keeps_the_message(client, full_disk):
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 503
    html = unescape(response.content.decode())
    assert "Votre message n'a pas pu être enregistré" in html
    assert MESSAGE["message"] in html
    assert not ContactMessage.objects.exists()


def test_once_space_is_back_the_same_message_goes_through(client, full_disk):
    client.post("/contact/", MESSAGE)
    full_disk.undo()
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 302
    assert ContactMessage.objects.get().subject == "Une question"
