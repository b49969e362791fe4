import datetime
import io
import smtplib

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from pole_artois.institution.models import ContactMessage, PoleIdentity

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Camille Martin",
    "email": "camille@example.fr",
    "subject": "Visite du\r\nLouvre-Lens",
    "message": "Bonjour, comment venir ?",
    "website": "",
}


@pytest.fixture
def identity():
    return PoleIdentity.objects.create(
        contact_person="Benoît Brocq", phone="06.87.42.60.78", notification_email="pole@example.fr"
    )


def test_contact_page_shows_the_details_and_the_data_notice(
    client, identity, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/contact/")
    html = response.content.decode()
    assert "Benoît Brocq" in html
    assert 'href="tel:0687426078"' in html
    assert "Vos données personnelles" in html
    assert "Adresse postale" not in html  # empty in the demo: not shown at all


def test_a_message_is_stored_then_forwarded_to_the_staff(client, identity):
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == "/contact/merci/"
    stored = ContactMessage.objects.get()
    assert stored.subject == "Visite du Louvre-Lens"
    assert stored.forwarded
    [sent] = mail.outbox
    assert sent.to == ["pole@example.fr"]
    assert sent.reply_to == ["camille@example.fr"]
    assert "comment venir" in sent.body
    assert "votre message a bien été reçu" in client.get(response["Location"]).content.decode()


def test_without_a_recipient_the_message_is_only_stored(client):
    client.post("/contact/", MESSAGE)
    assert not ContactMessage.objects.get().forwarded
    assert mail.outbox == []


def test_when_sending_fails_the_message_is_kept_and_the_visitor_sees_success(
    client, identity, monkeypatch, caplog
):
    def broken_server(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_server)
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == "/contact/merci/"
    assert not ContactMessage.objects.get().forwarded
    assert "could not be forwarded" in caplog.text


def test_a_filled_honeypot_is_not_stored_but_looks_like_success(client, identity):
    response = client.post("/contact/", {**MESSAGE, "website": "http://spam.example"})
    assert response["Location"] == "/contact/merci/"
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_the_rate_limit_stops_a_flood_from_one_address_only(client):
    for _ in range(5):
        assert client.post("/contact/", MESSAGE, REMOTE_ADDR="192.0.2.1").status_code == 302
    response = client.post("/contact/", MESSAGE, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60 * 60
    assert "Trop de messages" in response.content.decode()
    assert ContactMessage.objects.count() == 5
    assert client.post("/contact/", MESSAGE, REMOTE_ADDR="192.0.2.2").status_code == 302
    assert ContactMessage.objects.count() == 6


def test_filling_the_page_cache_does_not_reopen_the_limit(client, settings):
    """Visitors fill the page cache at will (one page per query string): not the counters."""
    for _ in range(5):
        client.post("/contact/", MESSAGE, REMOTE_ADDR="192.0.2.1")
    capacity = settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300)
    caches["default"].set_many({f"page-variant-{n}": "<html>" for n in range(capacity + 100)})
    assert client.post("/contact/", MESSAGE, REMOTE_ADDR="192.0.2.1").status_code == 429


def test_errors_are_announced_and_tied_to_their_fields(client):
    response = client.post("/contact/", {**MESSAGE, "email": "pas-une-adresse", "message": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_message">' in html
    assert "<title>Erreur" in html
    assert "pas-une-adresse" in html  # what the visitor typed is kept
    assert ContactMessage.objects.count() == 0


def test_an_overlong_message_is_refused_whole_with_its_count_not_cut(client):
    form = client.get("/contact/").content.decode()
    assert "maxlength" not in form  # a browser would cut a long paste without a word
    long_message = "Bonjour." * 700
    response = client.post("/contact/", {**MESSAGE, "message": long_message})
    html = response.content.decode()
    assert "ne doit pas dépasser 5\xa0000 caractères (il en contient 5\xa0600)" in html
    assert long_message in html
    assert ContactMessage.objects.count() == 0


def test_contact_page_in_english(client, identity):
    html = client.get("/en/contact/").content.decode()
    assert '<html lang="en">' in html
    assert "Your personal data" in html


def test_old_messages_are_purged_after_the_period_set_by_the_pole():
    old = ContactMessage.objects.create(name="A", email="a@example.fr", subject="s", message="m")
    handled = ContactMessage.objects.create(
        name="B", email="b@example.fr", subject="s", message="m", handled=True
    )
    recent = ContactMessage.objects.create(name="C", email="c@example.fr", subject="s", message="m")
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    ContactMessage.objects.filter(pk__in=[old.pk, handled.pk]).update(received_at=a_year_ago)
    call_command("purge_contact_messages", days=365, handled_only=True, stdout=io.StringIO())
    assert set(ContactMessage.objects.values_list("pk", flat=True)) == {old.pk, recent.pk}
    call_command("purge_contact_messages", days=365, stdout=io.StringIO())
    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_deleting_a_message_leaves_no_trace_of_the_visitor_in_the_admin(admin_client):
    message = ContactMessage.objects.create(
        name="Camille Durand", email="camille@example.fr", subject="Mon dossier", message="…"
    )
    change = f"/gestion/institution/contactmessage/{message.pk}/change/"
    response = admin_client.post(change, {"handled": "on"})
    assert response.status_code == 302
    delete = f"/gestion/institution/contactmessage/{message.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not ContactMessage.objects.exists()

    traces = [
        *LogEntry.objects.values_list("object_repr", "change_message"),
        *Version.objects.values_list("object_repr", "serialized_data"),
    ]
    assert traces  # the deletion itself is still logged...
    for trace in traces:
        for personal in ("Camille", "Durand", "camille@example.fr", "Mon dossier"):
            assert personal not in " ".join(trace)  # ...without the visitor's words
    admin_client.get("/gestion/")  # shows the "deleted" notice once
    recent_actions = admin_client.get("/gestion/").content.decode()
    assert "Camille" not in recent_actions and "Mon dossier" not in recent_actions
