"""A real SMTP server on loopback, and the task worker run as `db_worker --batch` runs it."""

import datetime
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tests.helpers import french_addresses  # noqa: F401  (autouse here)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the server accepted, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.raw = envelope.content
        self.messages.append(message)
        return "250 Message accepted for delivery"


def use_smtp(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def mailbox(settings, smtp_port):
    """Django's SMTP backend pointed at an aiosmtpd server on 127.0.0.1."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    use_smtp(settings, smtp_port)
    yield box
    controller.stop()


@pytest.fixture(autouse=True)
def _https_site(settings):
    # The one-click unsubscribe address must be https (RFC 8058): the site's address is.
    settings.SITE_URL = "https://testserver"


def run_worker():
    """`manage.py db_worker --batch`: every task due, then stop. Its connection recycling
    between tasks is left out: it would close the test's transaction."""
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    recycle = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    try:
        worker.run()
    finally:
        db_worker.close_old_connections = recycle


def time_passes(until=None):
    """The moment every waiting task was waiting for has come (or `until`'s)."""
    waiting = DBTaskResult.objects.filter(status="READY")
    if until is not None:
        waiting = waiting.filter(run_after__lte=until)
    waiting.update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def waiting_tasks(name):
    return DBTaskResult.objects.filter(
        status="READY", task_path=f"pole_artois.following.tasks.{name}"
    )


def link_in(message, pattern):
    body = message.get_body(("plain",)).get_content()
    return re.search(rf"https://testserver(/\S*{pattern}/\S+/)", body).group(1)
