"""The official acts of the comité syndical: its séances and their délibérations.

French law (since 1 July 2022) makes the website the official publication of these acts. So a
délibération that went online is never silently removed or replaced: it cannot be deleted nor
unpublished, and its public content changes only through a recorded correction or withdrawal (a
DeliberationChange), which its page shows with its date, its reason and what it replaced. The
minutes of a published séance are kept the same way (a MinutesCorrection). The changes are made by
`pole_artois.institution.services`; the database refuses any other (migration
0006_official_acts_frozen).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pole_artois.core.dates import long_date
from pole_artois.core.documents import (
    PdfField,
    remember_digest,
    remember_size,
    validate_readable_pdf,
)
from pole_artois.core.publication import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    published_lookups,
)
from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.uploads import SafeUploadTo
from pole_artois.institution.actes import matter_choices, matters
from pole_artois.institution.models.agenda import Scheduled, ScheduledQuerySet

UPLOAD_TO = SafeUploadTo("actes", extension="pdf")
# An official act must open for everyone: pikepdf opens it before it is accepted.
ACT_PDF = {"upload_to": UPLOAD_TO, "validators": [validate_readable_pdf]}


def sha256_field():
    return models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)


class SeanceQuerySet(ScheduledQuerySet):
    def with_deliberation_counts(self):
        """Each séance with the number of its published délibérations, in the same query."""
        published = Q(**published_lookups("deliberations__"))
        return self.annotate(deliberation_count=models.Count("deliberations", filter=published))

    def with_online_state(self):
        """Each séance with `minutes_online` read in the same query (see Seance.minutes_online)."""
        online = Q(**published_lookups()) & ~Q(minutes="")
        return self.annotate(
            minutes_online=models.ExpressionWrapper(online, output_field=models.BooleanField())
        )


class Seance(Scheduled, Publishable):
    """A meeting of the comité syndical, with its agenda and, afterwards, its minutes.

    A public meeting: the agenda page and the calendar feed announce it (models/agenda.py). Its
    logistics (date, times, place, agenda, how to attend) stay editable, and a cancellation is
    recorded with its date and reason, as long as nothing of it went online as an act.
    """

    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = RichTextField(
        _("agenda"),
        blank=True,
        help_text=_("The ordre du jour, once it is sent to the delegates: shown on the agenda."),
    )
    agenda_document = PdfField(
        _("agenda (PDF)"),
        upload_to=UPLOAD_TO,
        blank=True,
        delete_replaced=True,
        help_text=_(
            "The ordre du jour as sent, if you publish it as a file. PDF only, at most 20 MB."
        ),
    )
    agenda_document_size = models.PositiveBigIntegerField(
        _("size in bytes"), default=0, editable=False
    )
    minutes = PdfField(
        _("minutes (PDF)"),
        **ACT_PDF,
        blank=True,
        help_text=_("The procès-verbal, once approved. PDF only, at most 20 MB."),
    )
    minutes_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    minutes_sha256 = sha256_field()

    objects = SeanceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    def __str__(self):
        return _("Séance of %(date)s") % {"date": long_date(self.date)}

    def clean(self):
        super().clean()
        self._check_stays_online()
        self._check_cancellable()

    def save(self, *args, **kwargs):
        remember_size(self, "minutes", kwargs)
        remember_digest(self, "minutes", kwargs)
        remember_size(self, "agenda_document", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("institution:seance", kwargs={"pk": self.pk})

    def get_calendar_url(self):
        return reverse("institution:seance-calendar", kwargs={"pk": self.pk})

    @cached_property
    def minutes_online(self):
        """Whether the minutes, as stored, are online: from then on they change only through a
        correction. `Seance.objects.with_online_state()` fills it in the page's own query."""
        return (
            self.pk is not None
            and type(self)
            .objects.filter(pk=self.pk)
            .with_online_state()
            .values_list("minutes_online", flat=True)
            .get()
        )

    def _check_stays_online(self):
        """Taking the séance offline would take its délibérations and minutes offline, which went
        online for good (and would let its minutes be swapped while nobody sees them)."""
        if self.pk is None or self.is_published:
            return
        if self.minutes_online or self.deliberations.filter(online_at__isnull=False).exists():
            raise ValidationError(
                {
                    "status": _(
                        "This séance has acts or minutes online: it stays published. Record the "
                        "withdrawal of an act or a correction of the minutes instead."
                    )
                }
            )

    def _check_cancellable(self):
        """A séance whose acts or minutes are online took place: it cannot be cancelled."""
        if self.pk is None or not self.is_cancelled:
            return
        if self.minutes_online or self.deliberations.filter(online_at__isnull=False).exists():
            raise ValidationError(
                {
                    "cancelled_on": _(
                        "This séance has acts or minutes online: it took place and cannot be "
                        "cancelled."
                    )
                }
            )


class DeliberationQuerySet(PublishableQuerySet):
    def published(self):
        """Published délibérations of a published séance: never online before their séance."""
        return super().published().filter(**published_lookups("seance__"))

    def in_register_order(self):
        """Newest séance first; within a séance, the highest number first."""
        return self.select_related("seance").order_by("-seance__date", "-number")

    def in_year(self, year):
        return self.filter(seance__date__year=year)

    def matching(self, text):
        """Délibérations whose subject (in either language) or number contains `text`."""
        return self.filter(
            Q(subject_fr__icontains=text)
            | Q(subject_en__icontains=text)
            | Q(number__icontains=text)
        )


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class DeliberationState(models.TextChoices):
    IN_FORCE = "in-force", _("In force")
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OnlineSinceField(models.DateTimeField):
    """When a délibération went online: stamped the first time it is saved as published (like
    `auto_now_add`, whatever saves it), never changed afterwards. A publication date in the future
    puts it online then."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None and model_instance.status == PublicationStatus.PUBLISHED:
            value = max(timezone.now(), model_instance.published_at)
            setattr(model_instance, self.attname, value)
        return value


CONTROL_AUTHORITY = RegexValidator(
    r"^((PREF|SGAR)[0-9]{2}[0-9AB]|SPREF[0-9]{2}[0-9AB][0-9])$",
    _("Write the code as the national data does: PREF062, SPREF0621 or SGAR059."),
)
BUDGET_YEAR = RegexValidator(
    r"^[0-9]{4}(/[0-9]{4})?$", _("Write one year (2026) or two years separated by / (2026/2027).")
)
# The five counts of a vote; the national data gives them together or not at all.
VOTE_COUNTS = ("members_in_office", "voters", "votes_for", "votes_against", "abstentions")


class Deliberation(Publishable):
    """A decision of the comité syndical, published with its full text as a PDF.

    Edited freely as a draft; once online, everything the public reads of it is frozen and changes
    only through `services.correct_deliberation` or `services.withdraw_deliberation`.
    """

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
    matter = models.CharField(
        _("ACTES matter"),
        max_length=5,
        choices=matter_choices,
        blank=True,
        help_text=_(
            "The matter under which the act is sent to the prefecture (national ACTES "
            "classification, level 2). Needed for the national open data file."
        ),
    )
    outcome = models.CharField(
        _("outcome of the vote"), max_length=10, choices=Outcome.choices, default=Outcome.ADOPTED
    )
    members_in_office = models.PositiveSmallIntegerField(
        _("members in office"),
        null=True,
        blank=True,
        help_text=_("Delegates who could take part in the vote (the comité's members in office)."),
    )
    voters = models.PositiveSmallIntegerField(
        _("members voting"),
        null=True,
        blank=True,
        help_text=_("Delegates who actually took part in the vote, present or represented."),
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    document = PdfField(
        _("full text (PDF)"),
        **ACT_PDF,
        blank=True,
        help_text=_(
            "The signed act. PDF only, at most 20 MB; a PDF/A file is best (its declaration is "
            "read and shown)."
        ),
    )
    document_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    document_sha256 = sha256_field()
    document_pdfa = models.CharField(_("PDF/A declared"), max_length=10, blank=True, editable=False)
    signatory_first_name = models.CharField(
        _("first name of the signatory"), max_length=100, blank=True, help_text=_("e.g. Michel.")
    )
    signatory_name = models.CharField(
        _("name of the signatory"), max_length=200, blank=True, help_text=_("e.g. Dagbert.")
    )
    signatory_title = models.CharField(
        _("title of the signatory"), max_length=200, blank=True, help_text=_("e.g. President.")
    )
    control_authority = models.CharField(
        _("legality control authority"),
        max_length=9,
        blank=True,
        validators=[CONTROL_AUTHORITY],
        help_text=_(
            "Its code in the national data: PREF062 for the Pas-de-Calais prefecture, SPREFNNNM "
            "for a sub-prefecture."
        ),
    )
    transmission_id = models.CharField(
        _("transmission identifier"),
        max_length=100,
        blank=True,
        help_text=_("As on the prefecture's acknowledgement of receipt (ACTES)."),
    )
    transmitted_on = models.DateField(
        _("received by the prefecture on"),
        null=True,
        blank=True,
        help_text=_("The date on the acknowledgement of receipt; not before the séance."),
    )
    budget_year = models.CharField(
        _("budget year"),
        max_length=9,
        blank=True,
        validators=[BUDGET_YEAR],
        help_text=_(
            "Only for an act with a budgetary effect: the year (2026) or years (2026/2027) of the "
            "budget concerned, with the budget's name."
        ),
    )
    budget_name = models.CharField(
        _("budget name"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Budget principal."),
    )
    online_at = OnlineSinceField(
        _("online since"),
        help_text=_("Set once, when the act is first published; never changed afterwards."),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DeliberationState.choices,
        default=DeliberationState.IN_FORCE,
        editable=False,
    )

    search = SearchColumns(title="subject", codes=("number",), translated=("subject",))

    objects = DeliberationQuerySet.as_manager()

    # The public fields a correction may give new values (the text is its new PDF); the number,
    # the séance and the publication never change once online.
    CORRECTABLE_FIELDS = (
        "subject_fr",
        "subject_en",
        "matter",
        "outcome",
        *VOTE_COUNTS,
        "signatory_first_name",
        "signatory_name",
        "signatory_title_fr",
        "signatory_title_en",
        "control_authority",
        "transmission_id",
        "transmitted_on",
        "budget_year",
        "budget_name",
    )

    class Meta:
        ordering = ["-seance__date", "-number"]
        indexes = search_indexes("deliberation")
        # The vote's arithmetic, whatever writes (models' clean() says it to the editor first).
        constraints = [
            models.CheckConstraint(
                condition=Q(voters__isnull=True)
                | Q(members_in_office__isnull=True)
                | Q(voters__lte=F("members_in_office")),
                name="deliberation_voters_in_office",
            ),
            models.CheckConstraint(
                condition=Q(voters__isnull=True)
                | Q(votes_for__isnull=True)
                | Q(votes_against__isnull=True)
                | Q(abstentions__isnull=True)
                | Q(voters=F("votes_for") + F("votes_against") + F("abstentions")),
                name="deliberation_votes_add_up",
            ),
        ]
        verbose_name = _("délibération")
        verbose_name_plural = _("délibérations")

    def __str__(self):
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self):
        return reverse("institution:deliberation", kwargs={"pk": self.pk})

    def get_document_url(self):
        return reverse("institution:deliberation-document", kwargs={"pk": self.pk})

    @property
    def is_online(self):
        return self.online_at is not None

    @property
    def is_withdrawn(self):
        return self.state == DeliberationState.WITHDRAWN

    @property
    def matter_entry(self):
        """The ACTES Matter of `matter` (its name, its level-1 matter), or None."""
        return matters().get(self.matter)

    @property
    def signatory(self):
        return " ".join(filter(None, (self.signatory_first_name, self.signatory_name)))

    @property
    def vote_recorded(self):
        return all(getattr(self, name) is not None for name in VOTE_COUNTS)

    def clean(self):
        super().clean()
        errors = {**self._vote_errors(), **self._budget_errors()}
        if self.transmitted_on and self.seance_id and self.transmitted_on < self.seance.date:
            errors["transmitted_on"] = _(
                "The prefecture receives an act after it is adopted: this date is before the "
                "séance of %(date)s."
            ) % {"date": long_date(self.seance.date)}
        if self.is_online and self.status != PublicationStatus.PUBLISHED:
            errors["status"] = _(
                "This act is online: it stays published (the law asks at least two months, the "
                "site keeps it for good). Record its withdrawal instead."
            )
        if self.status == PublicationStatus.PUBLISHED:
            if not self.document:
                errors["document"] = _("An act is published with its full text: add the PDF.")
            if self.seance_id and not self.seance.is_published:
                errors["seance"] = _("Publish the séance first.")
        if errors:
            raise ValidationError(errors)

    def _vote_errors(self):
        """The vote's arithmetic, checked on the counts given (the database checks it too)."""
        errors = {}
        if None not in (self.voters, self.members_in_office) and (
            self.voters > self.members_in_office
        ):
            errors["voters"] = _(
                "%(voters)s members voting, but only %(members)s in office: the members voting "
                "are among those in office."
            ) % {"voters": self.voters, "members": self.members_in_office}
        counts = (self.votes_for, self.votes_against, self.abstentions)
        if self.voters is not None and None not in counts and sum(counts) != self.voters:
            errors["abstentions"] = _(
                "For, against and abstaining add up to %(total)s, but %(voters)s members voted: "
                "each member voting is counted once."
            ) % {"total": sum(counts), "voters": self.voters}
        return errors

    def _budget_errors(self):
        if bool(self.budget_year) != bool(self.budget_name):
            missing = "budget_name" if self.budget_year else "budget_year"
            return {missing: _("A budget is given by its year and its name: fill in both.")}
        if match := re.fullmatch(r"([0-9]{4})/([0-9]{4})", self.budget_year or ""):
            first, last = match.groups()
            if last <= first:
                return {"budget_year": _("The second year comes after the first: 2026/2027.")}
        return {}

    def save(self, *args, **kwargs):
        remember_size(self, "document", kwargs)
        remember_digest(self, "document", kwargs, pdfa="document_pdfa")
        super().save(*args, **kwargs)

    def replaced_by(self, values):
        """{name: current value} of the fields to which `values` gives another value."""
        return {
            name: getattr(self, name)
            for name, value in values.items()
            if not _same(getattr(self, name), value)
        }


def _same(stored, typed):
    # An empty English field may be stored as NULL and typed as "".
    return stored == typed or {stored, typed} <= {None, ""}


# Inside a sentence French writes languages in lower case: "Objet (français)".
LANGUAGE_IN_LABEL = {
    "fr": pgettext_lazy("language in a field label", "French"),
    "en": pgettext_lazy("language in a field label", "English"),
}


def field_label(field):
    """A field's label, naming the language of a translation: "Subject (French)"."""
    if language := getattr(field, "language", None):
        label = capfirst(field.translated_field.verbose_name)
        return f"{label} ({LANGUAGE_IN_LABEL[language]})"
    return capfirst(field.verbose_name)


class RecordedCorrection(models.Model):
    """What every correction of a published act keeps for good: when it was decided, why (shown
    on the public page) and the document it replaced. Recorded by `services`, never edited nor
    deleted (the database refuses both)."""

    decided_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"), help_text=_("Shown on the public page, with the date."))
    replaced_document = PdfField(
        _("previous version (PDF)"), upload_to=UPLOAD_TO, blank=True, editable=False
    )
    replaced_document_sha256 = sha256_field()
    document_sha256 = sha256_field()
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["recorded_at"]

    def save(self, *args, **kwargs):
        remember_digest(self, "document", kwargs)
        super().save(*args, **kwargs)


class DeliberationChange(RecordedCorrection):
    """The trace of a correction or a withdrawal of an online délibération."""

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
    document = PdfField(
        _("corrected text (PDF)"),
        **ACT_PDF,
        blank=True,
        help_text=_("For a correction of the text: the new text, which replaces the current one."),
    )
    # {field name: value before the correction}, for the fields it changed.
    replaced_values = models.JSONField(
        _("replaced values"), default=dict, editable=False, encoder=DjangoJSONEncoder
    )

    class Meta(RecordedCorrection.Meta):
        verbose_name = _("correction or withdrawal")
        verbose_name_plural = _("corrections and withdrawals")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.deliberation.number}"

    def clean(self):
        super().clean()
        deliberation = self.deliberation
        if not deliberation.is_online:
            raise ValidationError(_("A draft is simply edited: only a published act is corrected."))
        if deliberation.is_withdrawn:
            raise ValidationError(_("This act has been withdrawn: it can no longer change."))
        changes_something = bool(self.document or self.replaced_values)
        # After a first correction, one that changes nothing is an erratum: its reason fixes the
        # reason of an earlier one, which is never edited.
        erratum = self.kind == self.Kind.CORRECTION and deliberation.changes.exists()
        if self.kind == self.Kind.CORRECTION and not changes_something and not erratum:
            raise ValidationError(
                _("A correction brings the corrected text (PDF) or new values for its fields.")
            )
        if self.kind == self.Kind.WITHDRAWAL and changes_something:
            raise ValidationError(_("A withdrawal changes nothing of the act: it withdraws it."))

    def replaced_fields(self):
        """(label, value) of each field as it was before this correction, for its page."""
        fields = []
        for name in Deliberation.CORRECTABLE_FIELDS:
            if name not in self.replaced_values:
                continue
            value = self.replaced_values[name]
            field = Deliberation._meta.get_field(name)
            shown = dict(field.flatchoices).get(value, value) if field.choices else value
            if isinstance(field, models.DateField) and value:
                shown = long_date(datetime.date.fromisoformat(value))
            fields.append((field_label(field), "—" if shown in (None, "") else shown))
        return fields


class MinutesCorrection(RecordedCorrection):
    """The trace of new minutes replacing those of a published séance."""

    seance = models.ForeignKey(
        Seance,
        verbose_name=_("séance"),
        related_name="minutes_corrections",
        on_delete=models.PROTECT,
    )
    document = PdfField(_("corrected minutes (PDF)"), **ACT_PDF)

    class Meta(RecordedCorrection.Meta):
        verbose_name = _("correction of the minutes")
        verbose_name_plural = _("corrections of the minutes")

    def __str__(self):
        return str(self.seance)

    def clean(self):
        super().clean()
        if not self.seance.minutes_online:
            raise ValidationError(
                _("Minutes that are not online yet are simply replaced: no correction needed.")
            )
