"""Who follows what by e-mail, and each digest sent to them.

An address is all that is kept about a person (with the language of the site they used). A
subscription counts only once its confirmation link has been followed (double opt-in); an
unconfirmed one is purged once its link has expired (`purge_followers`). Unsubscribing deletes
the address with everything attached to it.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chantiers.feeds import ChantierTrackingFeed, ObjectiveFeed, TrackingFeed
from chantiers.models import Chantier, Objective
from pole_artois.core.site import absolute_url

# How long a confirmation link works; an unconfirmed subscription is purged after it.
CONFIRMATION_MAX_AGE = timedelta(days=3)
CONFIRM_SALT = "pole_artois.following.confirm"
UNSUBSCRIBE_SALT = "pole_artois.following.unsubscribe"


class FollowerQuerySet(models.QuerySet):
    def following(self):
        """Addresses with at least one confirmed subscription."""
        return self.filter(subscriptions__confirmed_at__isnull=False).distinct()


class Follower(models.Model):
    """An e-mail address that follows objectives, chantiers or the tracking page."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")

    def __str__(self):
        return self.email

    @property
    def unsubscribe_token(self):
        return signing.dumps(self.pk, salt=UNSUBSCRIBE_SALT)

    def unsubscribe_url(self):
        """The one-click address of every message (RFC 8058), in the follower's language."""
        with translation.override(self.language):
            path = reverse("following:unsubscribe", kwargs={"token": self.unsubscribe_token})
        return absolute_url(path)

    @classmethod
    def from_unsubscribe_token(cls, token):
        """The follower of a token, or None (forged, or already unsubscribed)."""
        try:
            pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk).first()


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None):
        """Unconfirmed subscriptions whose link no longer works."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, requested_at__lt=now - CONFIRMATION_MAX_AGE)


class Subscription(models.Model):
    """One thing an address follows: an objective, a chantier, or (neither) every objective."""

    follower = models.ForeignKey(
        Follower,
        verbose_name=_("follower"),
        related_name="subscriptions",
        on_delete=models.CASCADE,
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="subscriptions",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    chantier = models.ForeignKey(
        Chantier,
        verbose_name=_("chantier"),
        related_name="subscriptions",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The ids of the feed entries this address was already told about (or that existed when it
    # confirmed): at most a feed's length, so the digest tells only what is new to it.
    told = models.JSONField(default=list, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["follower", "pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "objective", "chantier"],
                nulls_distinct=False,
                name="one_subscription_per_address_and_target",
            ),
            models.CheckConstraint(
                condition=Q(objective__isnull=True) | Q(chantier__isnull=True),
                name="subscription_one_target",
            ),
        ]

    def __str__(self):
        return str(self.target_title)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def target_title(self):
        if self.objective_id:
            return self.objective.title
        if self.chantier_id:
            return self.chantier.title
        return _("Every objective (the tracking page)")

    def target_url(self):
        if self.objective_id:
            return absolute_url(self.objective.get_absolute_url())
        if self.chantier_id:
            return absolute_url(self.chantier.get_absolute_url())
        return absolute_url(reverse("chantiers:tracking"))

    def is_public(self):
        if self.objective_id:
            return Objective.objects.published().filter(pk=self.objective_id).exists()
        if self.chantier_id:
            return Chantier.objects.published().filter(pk=self.chantier_id).exists()
        return True

    def events(self):
        """What the target's Atom feed says now (chantiers.feeds): the same entries, the same
        ids. Nothing while the target is not online."""
        if not self.is_public():
            return []
        if self.objective_id:
            return ObjectiveFeed().items(self.objective)
        if self.chantier_id:
            return ChantierTrackingFeed().items(self.chantier)
        return TrackingFeed().items()

    def new_events(self):
        told = set(self.told)
        return [event for event in self.events() if event.guid not in told]

    @property
    def confirmation_token(self):
        return signing.dumps(self.pk, salt=CONFIRM_SALT)

    def confirmation_url(self):
        with translation.override(self.follower.language):
            path = reverse("following:confirm", kwargs={"token": self.confirmation_token})
        return absolute_url(path)

    @classmethod
    def from_confirmation_token(cls, token):
        """The subscription of a link, or raises `signing.SignatureExpired` (too old) or
        `signing.BadSignature` (forged, or the subscription was purged or unsubscribed)."""
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE)
        subscription = (
            cls.objects.select_related("follower", "objective__chantier", "chantier")
            .filter(pk=pk)
            .first()
        )
        if subscription is None:
            raise signing.BadSignature("No such subscription")
        return subscription

    def confirm(self, language):
        """Start following: from now on, the digests tell what is new since this moment."""
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.told = [event.guid for event in self.events()]
            self.save(update_fields=["confirmed_at", "told"])
        Follower.objects.filter(pk=self.follower_id).update(language=language)


class DeliveryQuerySet(models.QuerySet):
    def stalled(self, now=None):
        """Digests waiting for a task that did not come (a worker killed before it started)."""
        now = now or timezone.now()
        return self.filter(
            sent_at__isnull=True,
            failed_at__isnull=True,
            handed_at__isnull=True,
            next_attempt_at__lt=now - STALLED_AFTER,
        )

    def uncertain(self, now=None):
        """Digests handed to the SMTP server by a worker that died before hearing the answer."""
        now = now or timezone.now()
        return self.filter(sent_at__isnull=True, handed_at__lt=now - STALLED_AFTER)


# A sending takes seconds (the SMTP timeout is 10 s): one unfinished after an hour was cut off.
STALLED_AFTER = timedelta(hours=1)


class Delivery(models.Model):
    """One digest for one address and one week, written whole before it is sent, so that every
    attempt sends the very same message, and a week never gets two."""

    follower = models.ForeignKey(
        Follower,
        verbose_name=_("follower"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    period = models.DateField(_("week of"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    handed_at = models.DateTimeField(_("handed to the mail server"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "pk"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["follower", "period"], name="one_digest_a_week"),
        ]

    def __str__(self):
        return f"{self.follower} ({self.period:%Y-%m-%d})"
