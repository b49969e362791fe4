"""Sending, through Django's Tasks framework on the persistent queue of django-tasks-db (rows of
the site's own database, run by `manage.py db_worker`).

- A confirmation is sent when someone asks to follow something.
- `send_digests` is enqueued whenever content goes online (signals.py), to run at the next
  digest time (Monday, 8:00, Paris time): one per week at most, whatever is published meanwhile.
  It writes each address's digest whole (a `Delivery`, one per address and week: the database
  refuses a second) in the transaction that enqueues its sending.
- `deliver_digest` sends one stored digest. The queue has no retry of its own: a failed SMTP
  attempt enqueues the next one itself, later each time, then gives up (`MAX_ATTEMPTS`).

Never twice: the sending marks its digest as handed to the SMTP server (committed) before it
talks to it, and as sent when the server accepted it. A worker killed between the two leaves a
digest that may or may not have gone: it is never sent again (the dashboard counts it as
uncertain). A digest whose task never started (a worker killed before) is enqueued again by the
next `send_digests` or `purge_followers`.
"""

import datetime
import logging
import smtplib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone, translation

from pole_artois.following import mail
from pole_artois.following.models import Delivery, Follower, Subscription

logger = logging.getLogger(__name__)

DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 8
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=5)
SMTP_ERRORS = (smtplib.SMTPException, OSError)


def retry_delay(attempt):
    """5 minutes after the first failure, then twice as long each time: about 21 hours from the
    first attempt to the eighth and last."""
    return FIRST_RETRY * 2 ** (attempt - 1)


def next_digest_time(moment=None):
    """The first digest time strictly after `moment` (now by default)."""
    local = timezone.localtime(moment or timezone.now())
    days = (DIGEST_WEEKDAY - local.weekday()) % 7
    day = local.date() + timedelta(days=days)
    slot = timezone.make_aware(datetime.datetime.combine(day, datetime.time(DIGEST_HOUR)))
    if slot <= local:
        slot += timedelta(days=7)
    return slot


def schedule_digest(moment=None):
    """Enqueue the digest of the week `moment` falls in (now by default), unless it already is.
    Called inside the publishing transaction: the task row commits with the content, or not at
    all."""
    from django_tasks_db.models import DBTaskResult

    slot = next_digest_time(moment)
    # A task due later is READY too; the queue's ready() means "due now".
    waiting = DBTaskResult.objects.filter(
        task_path=send_digests.module_path, run_after=slot, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        send_digests.using(run_after=slot).enqueue(timezone.localdate(slot).isoformat())
    return slot


@task
def send_confirmation(subscription_id, attempt=1):
    subscription = (
        Subscription.objects.select_related("follower", "objective__chantier", "chantier")
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .first()
    )
    if subscription is None:
        return "confirmed or gone"
    try:
        mail.confirmation_message(subscription, subscription.requested_at).send()
    except SMTP_ERRORS as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Confirmation %s not sent, given up: %s", subscription_id, error)
            return "given up"
        logger.warning("Confirmation %s not sent, will retry: %s", subscription_id, error)
        send_confirmation.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            subscription_id, attempt + 1
        )
        return "retry"
    return "sent"


def _enqueue_delivery(delivery, when, attempt):
    delivery.next_attempt_at = when
    delivery.save(update_fields=["next_attempt_at"])
    deliver_digest.using(run_after=when).enqueue(delivery.pk, attempt)


def requeue_stalled():
    for delivery in Delivery.objects.stalled():
        logger.warning("Digest %s was never attempted: enqueued again", delivery.pk)
        _enqueue_delivery(delivery, timezone.now(), delivery.attempts + 1)


def write_digest(follower, period, feeds=None):
    """The digest of `follower` for the week of `period`, stored and enqueued, or None when
    nothing they follow has changed since they were last told (or the week already has one).
    `feeds` keeps each page's feed for the other addresses of the same run."""
    feeds = {} if feeds is None else feeds
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(pk=follower.pk).first()
        if follower is None or follower.deliveries.filter(period=period).exists():
            return None
        subscriptions = list(
            follower.subscriptions.confirmed().select_related("objective__chantier", "chantier")
        )
        sections = []
        # Titles and links in the follower's language; the ids are the same in both.
        with translation.override(follower.language):
            for subscription in subscriptions:
                key = (subscription.objective_id, subscription.chantier_id, follower.language)
                if key not in feeds:
                    feeds[key] = subscription.events()
                events = feeds[key]
                told = set(subscription.told)
                if new := [event for event in events if event.guid not in told]:
                    sections.append((subscription, new))
                subscription.told = [event.guid for event in events]
        if not sections:
            return None
        subject, text, html = mail.digest_content(follower, sections, period)
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    follower=follower,
                    period=period,
                    language=follower.language,
                    subject=subject[:300],
                    text=text,
                    html=html,
                )
        except IntegrityError:
            return None
        for subscription in subscriptions:
            subscription.save(update_fields=["told"])
        _enqueue_delivery(delivery, timezone.now(), 1)
        return delivery


@task
def send_digests(period):
    """Write this week's digest of every address that follows something that changed."""
    period = datetime.date.fromisoformat(period)
    requeue_stalled()
    written, feeds = 0, {}
    for follower in Follower.objects.following().exclude(deliveries__period=period):
        if write_digest(follower, period, feeds):
            written += 1
    return written


@task
def deliver_digest(delivery_id, attempt=1):
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("follower")
            .filter(pk=delivery_id, sent_at=None, failed_at=None, handed_at=None)
            .first()
        )
        if delivery is None:
            return "sent, given up, being sent or gone"
        delivery.handed_at = timezone.now()
        delivery.attempts = attempt
        delivery.save(update_fields=["handed_at", "attempts"])
    try:
        mail.digest_message(delivery).send()
    except SMTP_ERRORS as error:
        with transaction.atomic():
            delivery.handed_at = None
            delivery.last_error = str(error)[:500]
            if attempt >= MAX_ATTEMPTS:
                delivery.failed_at = timezone.now()
                logger.error("Digest %s not sent, given up: %s", delivery_id, error)
            else:
                logger.warning("Digest %s not sent, will retry: %s", delivery_id, error)
                _enqueue_delivery(delivery, timezone.now() + retry_delay(attempt), attempt + 1)
            delivery.save(update_fields=["handed_at", "last_error", "failed_at"])
        return "retry" if delivery.failed_at is None else "given up"
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at"])
    return "sent"


def purge(now=None):
    """Delete the subscriptions never confirmed before their link expired, then the addresses
    left with none. Returns how many addresses and subscriptions were deleted."""
    _, expired = Subscription.objects.expired(now).delete()
    _, addresses = Follower.objects.filter(subscriptions=None).delete()
    return addresses.get("following.Follower", 0), expired.get("following.Subscription", 0)
