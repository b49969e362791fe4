"""Issue 15's "Must show": a partner subscribes, confirms, receives a digest through a real SMTP
server on loopback after a publication, and unsubscribes with one POST."""

import pytest
from django.test import Client

from pole_artois.following.models import Follower
from pole_artois.following.tasks import next_digest_time
from tests.factories import make_chantier, make_objective, make_update
from tests.following.conftest import link_in, run_worker, time_passes, waiting_tasks

pytestmark = pytest.mark.django_db


def test_a_partner_follows_an_objective_by_email_from_request_to_unsubscribe(client, mailbox):
    objective = make_objective(make_chantier(slug="archipel-vert"), title_fr="Chaîne des parcs")
    make_update(objective, title_fr="Étude lancée")

    # The objective's page links to the form; the form asks for the address only.
    page = client.get(objective.get_absolute_url()).content.decode()
    assert f'href="/suivre/?objectif={objective.pk}"' in page
    form = client.get(f"/suivre/?objectif={objective.pk}")
    assert form.status_code == 200
    assert "Chaîne des parcs" in form.content.decode()
    response = client.post(
        f"/suivre/?objectif={objective.pk}", {"email": "Partenaire@Region.example"}
    )
    assert response.status_code == 302
    assert "Vérifiez votre messagerie" in client.get(response["Location"]).content.decode()
    assert mailbox.messages == []  # sent by the worker, not by the visitor's request

    run_worker()
    [confirmation] = mailbox.messages
    assert confirmation["To"] == "partenaire@region.example"
    assert "Chaîne des parcs" in confirmation["Subject"]
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm_path = link_in(confirmation, "confirmer")

    # Opening the link (as a mail scanner would) subscribes nobody; the button does.
    assert "Confirmer et suivre" in client.get(confirm_path).content.decode()
    assert not Follower.objects.get().subscriptions.get().is_confirmed
    assert client.post(confirm_path).status_code == 200
    assert Follower.objects.get().subscriptions.get().is_confirmed

    # A publication enqueues the week's digest, due on the next Monday morning.
    make_update(objective, title_fr="Premier parc relié")
    [digest_task] = waiting_tasks("send_digests")
    assert digest_task.run_after == next_digest_time()
    run_worker()
    assert len(mailbox.messages) == 1  # not yet: it waits for its time

    time_passes()
    run_worker()
    assert len(mailbox.messages) == 2
    digest = mailbox.messages[1]
    assert digest["To"] == "partenaire@region.example"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = digest["List-Unsubscribe"].strip("<>")
    assert digest["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert unsubscribe_url.startswith("https://testserver/suivre/desabonnement/")
    # On the wire as RFC 2369 and 8058 write them: the URL itself, not an encoded word.
    assert f"List-Unsubscribe: <{unsubscribe_url}>".encode() in digest.raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in digest.raw
    text = digest.get_body(("plain",)).get_content()
    html = digest.get_body(("html",)).get_content()
    assert "Premier parc relié" in text and "Premier parc relié" in html
    # What was there before the partner followed is not news to them.
    assert "Étude lancée" not in text

    # One POST, as a mail client sends it: no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_url.removeprefix("https://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follower.objects.exists()
