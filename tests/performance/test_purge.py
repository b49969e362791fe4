"""An edit purges the tier in front: BAN requests to a real loopback HTTP server (core/purge.py)."""

import logging
import queue
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import checks
from django.db import transaction
from django.urls import reverse

from pole_artois.core.purge import wait_for_purges
from territoire.models import Commune, Scot

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.performance.urls")]


class Tier:
    """A stand-in for Varnish's BAN endpoint: records each request, answers 200 when allowed."""

    def __init__(self, status=200):
        self.requests = queue.Queue()
        self.answer = threading.Event()
        self.answer.set()
        tier = self

        class Handler(BaseHTTPRequestHandler):
            def do_BAN(self):
                tier.requests.put((self.command, self.path, self.headers.get("X-Pole-Keys")))
                tier.answer.wait(timeout=30)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def banned(self):
        """The tables named by every BAN received so far (after the sender is done)."""
        assert wait_for_purges(timeout=30)
        keys = set()
        while not self.requests.empty():
            method, path, header = self.requests.get_nowait()
            assert (method, path) == ("BAN", "/")
            keys.update(header.split())
        return keys

    def close(self):
        self.answer.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tier(settings):
    tier = Tier()
    settings.HTTP_CACHE_PURGE_URLS = [tier.url]
    yield tier
    assert wait_for_purges(timeout=30)
    tier.close()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_admin_save_bans_the_pages_built_from_what_it_wrote(
    client, admin_client, tier, django_capture_on_commit_callbacks
):
    lievin = Commune.objects.get(insee_code="62510")
    page_keys = set(client.get(lievin.get_absolute_url())["X-Pole-Keys"].split())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:territoire_commune_change", args=[lievin.pk]),
            {"slug": lievin.slug, "description_fr": "Ville de la Cité des Arts"},
        )
        assert response.status_code == 302
        # Nothing leaves before the commit: the tier would fetch the old rows again.
        assert wait_for_purges(timeout=30)
        assert tier.requests.empty()
    banned = tier.banned()
    assert "territoire_commune" in banned
    assert "territoire_commune" in page_keys
    assert "territoire_scot" not in banned


def test_every_configured_tier_is_purged(settings, django_capture_on_commit_callbacks):
    tiers = [Tier(), Tier()]
    settings.HTTP_CACHE_PURGE_URLS = [tier.url for tier in tiers]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            Scot.objects.update(name="SCoT renommé")
        for tier in tiers:
            assert tier.banned() == {"territoire_scot"}
    finally:
        for tier in tiers:
            tier.close()


def test_a_rolled_back_edit_purges_nothing(tier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            Commune.objects.filter(insee_code="62510").update(name="Liévin-sur-Souchez")
            raise RuntimeError("the editor's form did not validate")
        Scot.objects.update(name="SCoT renommé")
    assert tier.banned() == {"territoire_scot"}


def test_an_edit_never_waits_for_the_tier(
    tier, settings, caplog, django_capture_on_commit_callbacks
):
    """The tier answers only once the edit has returned: a purge sent from the edit itself
    would time out first, and be logged as failed."""
    settings.HTTP_CACHE_PURGE_TIMEOUT = 5
    tier.answer.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Scot.objects.update(name="SCoT renommé")
    tier.answer.set()
    assert tier.banned() == {"territoire_scot"}
    assert not [record for record in caplog.records if record.name == "pole_artois.core.purge"]


def test_a_tier_that_cannot_be_reached_is_logged_and_the_edit_kept(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{closed_port()}/"]
    with caplog.at_level(logging.WARNING, logger="pole_artois.core.purge"):
        with django_capture_on_commit_callbacks(execute=True):
            Scot.objects.update(name="SCoT renommé")
        assert wait_for_purges(timeout=30)
    assert Scot.objects.filter(name="SCoT renommé").exists()
    (record,) = [record for record in caplog.records if record.name == "pole_artois.core.purge"]
    assert "territoire_scot" in record.getMessage()


def test_an_address_that_is_not_one_is_reported_by_the_checks(settings):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:6081/", "varnish-1:6081", "10.0.0.6"]
    warned = [message for message in checks.run_checks() if message.id == "core.W004"]
    assert ["varnish-1:6081" in warned[0].msg, "10.0.0.6" in warned[1].msg] == [True, True]
    assert len(warned) == 2


def test_a_malformed_address_does_not_stop_the_purges_to_the_others(
    tier, settings, caplog, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_URLS = ["varnish-1:6081", tier.url]
    with django_capture_on_commit_callbacks(execute=True):
        Scot.objects.update(name="SCoT renommé")
    assert tier.banned() == {"territoire_scot"}
    with django_capture_on_commit_callbacks(execute=True):
        Commune.objects.filter(insee_code="62510").update(name="Liévin-sur-Souchez")
    assert tier.banned() == {"territoire_commune"}


def test_a_refused_purge_is_logged(settings, caplog, django_capture_on_commit_callbacks):
    """Varnish answers 403 to an address missing from its purgers ACL."""
    tier = Tier(status=403)
    settings.HTTP_CACHE_PURGE_URLS = [tier.url]
    try:
        with caplog.at_level(logging.WARNING, logger="pole_artois.core.purge"):
            with django_capture_on_commit_callbacks(execute=True):
                Scot.objects.update(name="SCoT renommé")
            assert tier.banned() == {"territoire_scot"}
    finally:
        tier.close()
    (record,) = [record for record in caplog.records if record.name == "pole_artois.core.purge"]
    assert "403" in record.getMessage()
