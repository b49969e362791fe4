"""The weekly digest: only what is new to each address, at most one a week, nothing when
nothing changed, retried when the SMTP server is down and delivered once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from chantiers.models import Indicator, IndicatorValue, Milestone, MilestoneState, StatusChange
from pole_artois.following.models import Delivery
from pole_artois.following.tasks import (
    deliver_digest,
    next_digest_time,
    retry_delay,
    send_digests,
)
from pole_artois.following.views import request_follow
from tests.factories import make_chantier, make_objective, make_update
from tests.following.conftest import (
    Mailbox,
    free_port,
    run_worker,
    time_passes,
    use_smtp,
    waiting_tasks,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2030, 6, 3)


@pytest.fixture
def objective():
    return make_objective(make_chantier(slug="archipel-vert"), title_fr="Chaîne des parcs")


def follow(objective=None, chantier=None, email="camille@example.fr", language="fr"):
    subscription = request_follow(email, language, objective, chantier)
    subscription.confirm(language)
    return subscription


def digests(period=MONDAY):
    """Run the week's digest and its sendings, as the worker does."""
    send_digests.enqueue(period.isoformat())
    run_worker()
    return [message for message in mail.outbox if "ce qui a changé" in message.subject]


def test_the_digest_time_is_monday_morning_and_a_week_of_publications_enqueue_one_digest(
    objective,
):
    sunday = timezone.make_aware(datetime.datetime(2030, 6, 2, 20))
    assert next_digest_time(sunday) == timezone.make_aware(datetime.datetime(2030, 6, 3, 8))
    monday_noon = timezone.make_aware(datetime.datetime(2030, 6, 3, 12))
    assert next_digest_time(monday_noon).date() == datetime.date(2030, 6, 10)
    make_update(objective)
    make_update(objective)
    StatusChange.objects.create(objective=objective, status="under-way")
    [task] = waiting_tasks("send_digests")
    assert task.run_after == next_digest_time()


def test_drafts_enqueue_no_digest(objective):
    waiting_tasks("send_digests").delete()
    draft = make_objective(objective.chantier, status="draft")
    make_update(draft)
    StatusChange.objects.create(objective=draft, status="under-way")
    make_update(objective, status="draft")
    assert not waiting_tasks("send_digests").exists()


def test_nothing_is_sent_when_nothing_changed(objective):
    make_update(objective, title_fr="Étude lancée")
    follow(objective)
    assert digests() == []
    assert not Delivery.objects.exists()
    # A draft changes nothing public either.
    make_update(objective, title_fr="Brouillon", status="draft")
    assert digests() == []


def test_the_digest_tells_each_kind_of_change_once_in_the_subscribers_language(objective):
    follow(objective)
    follow(objective, email="sam@example.org", language="en")
    objective.title_en = "Chain of parks"
    objective.save()
    make_update(objective, title_fr="Premier parc relié", title_en="First park linked")
    StatusChange.objects.create(objective=objective, status="under-way", date=MONDAY)
    Milestone.objects.create(
        objective=objective,
        title_fr="Parc de la Souchez",
        planned_date=datetime.date(2030, 5, 1),
        state=MilestoneState.REACHED,
        reached_on=datetime.date(2030, 5, 30),
    )
    indicator = Indicator.objects.create(objective=objective, name_fr="Surface", unit="ha")
    IndicatorValue.objects.create(indicator=indicator, date=MONDAY, value=120)
    digests()
    by_address = {message.to[0]: message for message in mail.outbox}
    french = by_address["camille@example.fr"]
    assert french.subject.startswith("Pôle métropolitain de l'Artois : ce qui a changé")
    for news in ("Premier parc relié", "statut « en cours »", "jalon atteint", "Surface, 120"):
        assert news in french.body, news
    [(html, mimetype)] = french.alternatives
    assert mimetype == "text/html" and "Premier parc relié" in html
    english = by_address["sam@example.org"]
    assert english.subject.startswith("Pôle métropolitain de l'Artois: what changed")
    assert "First park linked" in english.body, english.body
    assert "/en/chantiers/archipel-vert/" in english.body
    # Told once: next week, without news, nothing.
    mail.outbox.clear()
    assert digests(MONDAY + datetime.timedelta(days=7)) == []


def test_at_most_one_digest_a_week(objective):
    follow(objective)
    make_update(objective, title_fr="Premier parc relié")
    assert len(digests()) == 1
    make_update(objective, title_fr="Deuxième parc relié")
    # The same week again (a second task, a rerun): the week has its digest.
    assert len(digests()) == 1
    assert Delivery.objects.count() == 1
    # The next week tells what came since, and only that.
    [_, second] = digests(MONDAY + datetime.timedelta(days=7))
    assert "Deuxième parc relié" in second.body
    assert "Premier parc relié" not in second.body


def test_one_digest_for_everything_an_address_follows(objective):
    other = make_objective(objective.chantier, title_fr="Pôle gare")
    follow(objective)
    follow(chantier=objective.chantier)
    follow()
    make_update(other, title_fr="Étude de la gare")
    [digest] = digests()
    # Told under the chantier and the tracking page; the objective followed has no news.
    assert digest.body.count("Étude de la gare") == 2
    assert "Chaîne des parcs" not in digest.body


def test_smtp_down_then_back_retries_later_and_delivers_once(settings, objective, smtp_port):
    from aiosmtpd.controller import Controller

    follow(objective)
    make_update(objective, title_fr="Premier parc relié")
    use_smtp(settings, smtp_port)  # nothing listens there yet

    send_digests.enqueue(MONDAY.isoformat())
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1
    assert "refused" in delivery.last_error.lower()
    [retry] = waiting_tasks("deliver_digest")
    assert retry.args_kwargs["args"] == [delivery.pk, 2]
    wait = retry.run_after - timezone.now()
    assert retry_delay(1) - datetime.timedelta(minutes=1) < wait <= retry_delay(1)
    run_worker()  # not due yet: nothing happens
    assert Delivery.objects.get().attempts == 1

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        time_passes()
        run_worker()
        # A task for it enqueued twice (a retry, a rerun) sends nothing more.
        deliver_digest.enqueue(delivery.pk, 3)
        send_digests.enqueue(MONDAY.isoformat())
        run_worker()
    finally:
        controller.stop()
    [message] = box.messages
    assert "Premier parc relié" in message.get_body(("plain",)).get_content()
    assert message["Message-ID"] == f"<digest-{delivery.pk}@testserver>"
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.attempts == 2


def test_retries_are_bounded(settings, objective):
    follow(objective)
    make_update(objective)
    use_smtp(settings, free_port())
    send_digests.enqueue(MONDAY.isoformat())
    for _ in range(10):
        time_passes()
        run_worker()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 8
    assert delivery.failed_at is not None and delivery.sent_at is None
    assert not waiting_tasks("deliver_digest").exists()


def test_a_digest_cut_off_while_handed_over_is_not_sent_again(objective):
    follow(objective)
    make_update(objective)
    send_digests.enqueue(MONDAY.isoformat())
    send_digests.call(MONDAY.isoformat())
    delivery = Delivery.objects.get()
    # A worker killed after handing it to the SMTP server, before hearing the answer.
    Delivery.objects.filter(pk=delivery.pk).update(
        handed_at=timezone.now() - datetime.timedelta(hours=2)
    )
    run_worker()
    assert mail.outbox == []
    assert list(Delivery.objects.uncertain()) == [delivery]


def test_a_digest_whose_task_never_ran_is_enqueued_again(objective):
    follow(objective)
    make_update(objective)
    send_digests.call(MONDAY.isoformat())
    delivery = Delivery.objects.get()
    # Its task lost (a worker killed while running it, before it marked anything).
    waiting_tasks("deliver_digest").delete()
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(hours=2)
    )
    run_worker()
    assert mail.outbox == []
    digests(MONDAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().sent_at is not None
