"""Log-in lock-outs: a pair (account, address), told in plain French, lifted from the dashboard."""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.test import Client

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/gestion/login/"
OFFICE = "192.0.2.10"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/gestion/"})


def lock_out(username, address=OFFICE):
    """Fail as many times as the limit allows; the last failure answers with the lock-out page."""
    client = Client(REMOTE_ADDR=address)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, username, "wrong-password").status_code == 200
    assert log_in(client, username, "wrong-password").status_code == 429
    return client


def locked_minutes_ago(username, minutes):
    AccessAttempt.objects.filter(username=username).update(
        attempt_time=AccessAttempt.objects.get(username=username).attempt_time
        - timedelta(minutes=minutes)
    )


def text(response):
    """The page's text as one line, with French typography (no-break spaces, apostrophes) plain."""
    page = response.content.decode().replace("\xa0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", page)


def test_a_colleagues_failures_at_the_office_never_lock_the_director_out(director, officer):
    office = lock_out("agent")
    assert log_in(Client(REMOTE_ADDR=OFFICE), "directrice", PASSWORD).status_code == 302
    refused = log_in(office, "agent", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in office.session
    assert log_in(Client(REMOTE_ADDR="198.51.100.4"), "agent", PASSWORD).status_code == 302


def test_a_success_clears_only_the_failures_of_its_own_account(director, officer):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _guess in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(attacker, "directrice", "wrong-password")
    assert log_in(attacker, "agent", PASSWORD).status_code == 302
    attacker.logout()
    assert log_in(attacker, "directrice", "wrong-password").status_code == 429
    assert log_in(attacker, "directrice", PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR=OFFICE), "directrice", PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_its_own_count_again(client, director):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "directrice", "wrong-password")
    assert log_in(client, "directrice", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "directrice", "wrong-password")
    assert log_in(client, "directrice", PASSWORD).status_code == 302


def test_the_lock_out_is_logged(officer, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        lock_out("agent")
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_the_officer_is_told_in_french_for_how_long_and_who_can_lift_it(officer):
    office = lock_out("agent")
    locked_minutes_ago("agent", 12)
    page = text(log_in(office, "agent", PASSWORD))
    assert "Trop de tentatives de connexion" in page
    assert "la connexion au compte « agent » depuis cette adresse est bloquée" in page
    assert "après 5 tentatives échouées, pendant encore 48 minutes" in page
    assert (
        "Une personne du groupe Direction autre que celle qui est bloquée, ou l'administrateur "
        "technique, peut lever ce blocage plus tôt" in page
    )


def test_who_can_help_is_said_alike_for_every_name_so_the_page_reveals_no_role(officer, director):
    def help_paragraphs(username):
        page = text(log_in(lock_out(username), username, PASSWORD))
        return page[page.index("Une personne du groupe Direction") :]

    officer_help, director_help, stranger_help = map(help_paragraphs, ["agent", "directrice", "x"])
    assert officer_help == director_help == stranger_help
    assert "l'administrateur technique peut en définir un nouveau" in officer_help


def test_tries_during_a_lock_out_do_not_push_its_end_back(officer):
    office = lock_out("agent")
    locked_minutes_ago("agent", 50)
    assert "pendant encore 10 minutes" in text(log_in(office, "agent", PASSWORD))
    assert "pendant encore 10 minutes" in text(log_in(office, "agent", "wrong-password"))


def test_the_director_lifts_a_lock_out_with_one_button(director_client, officer, caplog):
    office = lock_out("agent")
    locked_minutes_ago("agent", 12)
    dashboard = text(director_client.get("/gestion/"))
    assert '<h2 id="access">Accès</h2>' in dashboard
    unlock = "Débloquer agent (bloqué il y a 12 minutes après 5 échecs depuis 192.0.2.10)"
    assert unlock in dashboard
    form = re.search(r'<form method="post" action="([^"]+)">', dashboard)
    with caplog.at_level(logging.WARNING, logger="pole_artois.backoffice.access"):
        done = director_client.post(
            form.group(1), {"username": "agent", "ip_address": OFFICE}, follow=True
        )
    assert "Le compte « agent » peut de nouveau se connecter depuis 192.0.2.10." in text(done)
    assert "Débloquer agent" not in text(done)
    assert "Aucun compte n'est bloqué." in text(done)
    assert any("lifted by directrice" in record.getMessage() for record in caplog.records)
    assert LogEntry.objects.filter(user__username="directrice", action_flag=DELETION).exists()
    assert log_in(office, "agent", PASSWORD).status_code == 302


def test_guesses_at_names_that_are_no_account_are_not_listed(director_client, officer):
    lock_out("admin")
    lock_out("agent")
    dashboard = director_client.get("/gestion/").content.decode()
    assert "Débloquer agent" in dashboard
    assert "Débloquer admin" not in dashboard


def test_lifting_a_lock_out_needs_the_direction_and_a_csrf_token(officer_client, director):
    lock_out("directrice")
    assert 'id="access"' not in officer_client.get("/gestion/").content.decode()
    data = {"username": "directrice", "ip_address": OFFICE}
    assert officer_client.post("/gestion/acces/debloquer/", data).status_code == 403
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(User.objects.get(username="directrice"))
    assert forged.post("/gestion/acces/debloquer/", data).status_code == 403
    assert AccessAttempt.objects.filter(username="directrice").exists()


def test_the_raw_tables_of_axes_are_for_the_technical_administrator_only(director_client, settings):
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = False
    assert "/gestion/axes/" not in director_client.get("/gestion/").content.decode()
    root = Client()
    root.force_login(User.objects.create_superuser("root", password=PASSWORD))
    assert "/gestion/axes/" in root.get("/gestion/").content.decode()
