"""The official acts of the comité syndical: its séances and their délibérations.

French law (since 1 July 2022) makes the website the official publication of these acts. So a
délibération that went online is never silently removed or replaced: it cannot be deleted nor
unpublished, and its text changes only through a recorded correction or withdrawal (an ActChange),
which the act's page shows with its date and reason, the previous text staying available. The
minutes of a published séance are kept the same way (a MinutesCorrection).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pole_artois.core.dates import long_date
from pole_artois.core.documents import PdfField
from pole_artois.core.publication import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    published_lookups,
)
from pole_artois.core.richtext import RichTextField
from pole_artois.core.uploads import SafeUploadTo

UPLOAD_TO = SafeUploadTo("actes", extension="pdf")


class SeanceQuerySet(PublishableQuerySet):
    def with_act_counts(self):
        """Each séance with the number of its published délibérations, in the same query."""
        published = Q(**published_lookups("deliberations__"))
        return self.annotate(act_count=models.Count("deliberations", filter=published))


class Seance(Publishable):
    """A meeting of the comité syndical, with its agenda and, afterwards, its minutes."""

    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = RichTextField(_("agenda"), blank=True)
    minutes = PdfField(
        _("minutes (PDF)"),
        upload_to=UPLOAD_TO,
        blank=True,
        help_text=_("The procès-verbal, once approved. PDF only, at most 20 MB."),
    )
    minutes_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)

    objects = SeanceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    def __str__(self):
        return _("Séance of %(date)s") % {"date": long_date(self.date)}

    def clean(self):
        super().clean()
        self._check_minutes_kept()
        self._check_stays_online()

    def save(self, *args, _allow=(), **kwargs):
        if "minutes" not in _allow:
            self._check_minutes_kept()
        self._check_stays_online()
        remember_size(self, "minutes", kwargs)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.minutes_online:
            raise ProtectedError(_("A séance whose minutes are online cannot be deleted."), {self})
        return super().delete(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("institution:seance", kwargs={"pk": self.pk})

    @property
    def minutes_online(self):
        """Whether minutes are online: from then on they change only through a correction."""
        return self.pk is not None and self.minutes_online_as_stored() is not None

    def minutes_online_as_stored(self):
        return (
            type(self)
            .objects.filter(pk=self.pk, **published_lookups())
            .exclude(minutes="")
            .values_list("minutes", flat=True)
            .first()
        )

    def _check_stays_online(self):
        """Taking the séance offline would take its acts and minutes offline, which went online
        for good (and would let its minutes be swapped while nobody sees them)."""
        if self.pk is None or self.is_published:
            return
        if self.has_something_online():
            raise ValidationError(
                {
                    "status": _(
                        "This séance has acts or minutes online: it stays published. Record the "
                        "withdrawal of an act or a correction of the minutes instead."
                    )
                }
            )

    def has_something_online(self):
        return self.minutes_online or self.deliberations.filter(online_at__isnull=False).exists()

    def _check_minutes_kept(self):
        if self.pk is None:
            return
        stored = self.minutes_online_as_stored()
        if stored is not None and stored != self.minutes.name:
            raise ValidationError(
                {
                    "minutes": _(
                        "The minutes of a published séance are replaced only by recording a "
                        "correction, which keeps the previous version."
                    )
                }
            )


class DeliberationQuerySet(PublishableQuerySet):
    def published(self):
        """Published acts of a published séance: an act never goes online before its séance."""
        return super().published().filter(**published_lookups("seance__"))

    def in_register_order(self):
        """Newest séance first; within a séance, the highest number first."""
        return self.select_related("seance").order_by("-seance__date", "-number")

    def in_year(self, year):
        return self.filter(seance__date__year=year)

    def matching(self, text):
        """Acts whose subject (in either language) or number contains `text`."""
        return self.filter(
            Q(subject_fr__icontains=text)
            | Q(subject_en__icontains=text)
            | Q(number__icontains=text)
        )

    def delete(self):
        if self.filter(online_at__isnull=False).exists():
            raise ProtectedError(
                _("A published act cannot be deleted: record its withdrawal instead."),
                set(self.filter(online_at__isnull=False)),
            )
        return super().delete()


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class ActState(models.TextChoices):
    IN_FORCE = "in-force", _("In force")
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Deliberation(Publishable):
    """A decision of the comité syndical, published with its full text as a PDF."""

    number = models.CharField(
        _("number"),
        max_length=30,
        unique=True,
        help_text=_("As in the register of délibérations, e.g. 2016-03."),
    )
    subject = models.CharField(_("subject"), max_length=500)
    seance = models.ForeignKey(
        Seance,
        verbose_name=_("séance"),
        related_name="deliberations",
        on_delete=models.PROTECT,
    )
    outcome = models.CharField(
        _("outcome of the vote"), max_length=10, choices=Outcome.choices, default=Outcome.ADOPTED
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    document = PdfField(
        _("full text (PDF)"),
        upload_to=UPLOAD_TO,
        blank=True,
        help_text=_("The signed act. PDF only, at most 20 MB."),
    )
    document_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_title = models.CharField(
        _("title of the signatory"), max_length=200, blank=True, help_text=_("e.g. President.")
    )
    online_at = models.DateTimeField(
        _("online since"),
        null=True,
        editable=False,
        help_text=_("Set once, when the act is first published; never changed afterwards."),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ActState.choices,
        default=ActState.IN_FORCE,
        editable=False,
    )

    objects = DeliberationQuerySet.as_manager()

    # Fields that make the act itself: once online, only an ActChange may alter them.
    LOCKED_FIELDS = ("number", "seance_id", "document", "status", "published_at")

    class Meta:
        ordering = ["-seance__date", "-number"]
        verbose_name = _("délibération")
        verbose_name_plural = _("délibérations")

    def __str__(self):
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self):
        return reverse("institution:deliberation", kwargs={"pk": self.pk})

    def get_document_url(self):
        return reverse("institution:deliberation-document", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self):
        return self.state == ActState.WITHDRAWN

    def clean(self):
        super().clean()
        if self.status == PublicationStatus.PUBLISHED:
            errors = {}
            if not self.document:
                errors["document"] = _("An act is published with its full text: add the PDF.")
            if self.seance_id and not self.seance.is_published:
                errors["seance"] = _("Publish the séance first.")
            if errors:
                raise ValidationError(errors)
        self._check_locked_fields()

    def _check_locked_fields(self, allow=()):
        if self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk, online_at__isnull=False).first()
        if stored is None:
            return
        errors = {}
        for name in self.LOCKED_FIELDS:
            if name in allow or _value(stored, name) == _value(self, name):
                continue
            field = name.removesuffix("_id")
            if name in {"status", "published_at"}:
                errors[field] = _("A published act cannot be unpublished: record its withdrawal.")
            elif name == "document":
                errors[field] = _(
                    "The text of a published act is replaced only by recording a correction, "
                    "which keeps the previous version."
                )
            else:
                errors[field] = _("This cannot change once the act is published.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, _allow=(), **kwargs):
        self._check_locked_fields(allow=_allow)
        if self.online_at is None and self.status == PublicationStatus.PUBLISHED:
            self.online_at = max(timezone.now(), self.published_at)
        remember_size(self, "document", kwargs)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.online_at is not None:
            raise ProtectedError(
                _("A published act cannot be deleted: record its withdrawal instead."), {self}
            )
        return super().delete(*args, **kwargs)

    def correct(self, *, reason, document, on=None):
        """Replace the act's text, keeping the previous one and why it was replaced."""
        return ActChange.objects.create(
            deliberation=self,
            kind=ActChange.Kind.CORRECTION,
            decided_on=on or timezone.localdate(),
            reason=reason,
            document=document,
        )

    def withdraw(self, *, reason, on=None):
        """Withdraw the act: it stays in the register, marked withdrawn, with the reason."""
        return ActChange.objects.create(
            deliberation=self,
            kind=ActChange.Kind.WITHDRAWAL,
            decided_on=on or timezone.localdate(),
            reason=reason,
        )


def remember_size(instance, name, save_kwargs):
    """Note a newly uploaded file's size on the row: lists show it without asking the storage."""
    file = getattr(instance, name)
    if file and not file._committed:
        setattr(instance, f"{name}_size", file.size)
        if update_fields := save_kwargs.get("update_fields"):
            save_kwargs["update_fields"] = {*update_fields, f"{name}_size"}


def _value(instance, name):
    value = getattr(instance, name)
    return value.name if name == "document" else value


class ActChange(models.Model):
    """The trace of a correction or a withdrawal of a published act. Never edited or deleted."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    deliberation = models.ForeignKey(
        Deliberation,
        verbose_name=_("délibération"),
        related_name="changes",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    decided_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"), help_text=_("Shown on the act's page."))
    document = PdfField(
        _("corrected text (PDF)"),
        upload_to=UPLOAD_TO,
        blank=True,
        help_text=_("For a correction: the new text, which replaces the current one."),
    )
    replaced_document = PdfField(_("replaced text"), upload_to=UPLOAD_TO, editable=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("correction or withdrawal")
        verbose_name_plural = _("corrections and withdrawals")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.deliberation.number}"

    @transaction.atomic
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A recorded correction or withdrawal cannot be changed."))
        self.full_clean()
        act = self.deliberation
        if self.kind == self.Kind.CORRECTION:
            self.replaced_document = act.document.name
        super().save(*args, **kwargs)
        if self.kind == self.Kind.CORRECTION:
            act.document = self.document.name
            act.document_size = self.document.size
            act.state = ActState.CORRECTED
        else:
            act.state = ActState.WITHDRAWN
        act.save(
            _allow={"document"},
            update_fields=["document", "document_size", "state", "updated_at"],
        )

    def delete(self, *args, **kwargs):
        raise ProtectedError(_("The trace of a correction or withdrawal is kept."), {self})

    def clean(self):
        super().clean()
        act = self.deliberation
        if act.online_at is None:
            raise ValidationError(_("A draft is simply edited: only a published act is corrected."))
        if act.is_withdrawn:
            raise ValidationError(_("This act has been withdrawn: it can no longer change."))
        if self.kind == self.Kind.CORRECTION and not self.document:
            raise ValidationError({"document": _("A correction comes with the corrected text.")})
        if self.kind == self.Kind.WITHDRAWAL and self.document:
            raise ValidationError({"document": _("A withdrawal has no new text.")})


class MinutesCorrection(models.Model):
    """The trace of new minutes replacing those of a published séance. Never edited or deleted."""

    seance = models.ForeignKey(
        Seance,
        verbose_name=_("séance"),
        related_name="minutes_corrections",
        on_delete=models.PROTECT,
    )
    decided_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"), help_text=_("Shown on the séance's page."))
    document = PdfField(_("corrected minutes (PDF)"), upload_to=UPLOAD_TO)
    replaced_document = PdfField(_("replaced minutes"), upload_to=UPLOAD_TO, editable=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("correction of the minutes")
        verbose_name_plural = _("corrections of the minutes")

    def __str__(self):
        return str(self.seance)

    @transaction.atomic
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A recorded correction cannot be changed."))
        self.full_clean()
        seance = self.seance
        self.replaced_document = seance.minutes.name
        super().save(*args, **kwargs)
        seance.minutes = self.document.name
        seance.minutes_size = self.document.size
        seance.save(_allow={"minutes"}, update_fields=["minutes", "minutes_size", "updated_at"])

    def delete(self, *args, **kwargs):
        raise ProtectedError(_("The trace of a correction is kept."), {self})

    def clean(self):
        super().clean()
        if not self.seance.minutes_online:
            raise ValidationError(
                _("Minutes that are not online yet are simply replaced: no correction needed.")
            )
