"""The agenda: the séances of the comité syndical (acts.Seance) and the Pôle's other public events.

Both are `Scheduled`: a day (or, for an event, several), start and end times or the whole day, a
place, how to attend, and a cancelled state (the date and reason stay on the public pages and go
to calendars as STATUS:CANCELLED). `sequence` counts the changes of what a calendar shows of them
(the iCalendar SEQUENCE): calendar apps replace their copy of an entry when it grows.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pole_artois.core.publication import Publishable, PublishableQuerySet
from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.text import to_slug

# What a calendar app shows of an entry: a change to one of these is a new revision (SEQUENCE).
REVISED_FIELDS = ("date", "time", "end_date", "end_time", "place", "cancelled_on")


def local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class ScheduledQuerySet(PublishableQuerySet):
    def _last_day(self):
        if any(field.name == "end_date" for field in self.model._meta.fields):
            return Coalesce("end_date", "date")
        return F("date")

    def upcoming(self, today=None):
        """Published entries not over yet (today's included), soonest first."""
        today = today or timezone.localdate()
        return (
            self.published()
            .alias(last_day=self._last_day())
            .filter(last_day__gte=today)
            .order_by("date", F("time").asc(nulls_first=True), "pk")
        )

    def past(self, today=None):
        """Published entries over before today, latest first."""
        today = today or timezone.localdate()
        return (
            self.published()
            .alias(last_day=self._last_day())
            .filter(last_day__lt=today)
            .order_by("-date", F("time").desc(nulls_last=True), "-pk")
        )

    def for_calendar(self, today=None):
        """What the iCalendar feed holds: the past year and everything to come, oldest first."""
        since = (today or timezone.localdate()) - datetime.timedelta(days=365)
        return (
            self.published()
            .alias(last_day=self._last_day())
            .filter(last_day__gte=since)
            .order_by("date", F("time").asc(nulls_first=True), "pk")
        )


class Scheduled(models.Model):
    """What the agenda, the calendar feed and schema.org need of a public meeting or event; the
    concrete model has `date`, `time` (empty: the whole day) and `place`."""

    end_time = models.TimeField(_("end time"), null=True, blank=True)
    attendance = models.TextField(
        _("how to attend"),
        blank=True,
        help_text=_(
            "What the public needs to know to attend: open to all, seats, access, accessibility "
            "for people with disabilities, registration."
        ),
    )
    cancelled_on = models.DateField(
        _("cancelled on"),
        null=True,
        blank=True,
        help_text=_(
            "To cancel: the date of the decision, with its reason. It stays on the agenda, marked "
            "cancelled, and calendars that subscribed are told."
        ),
    )
    cancellation_reason = models.TextField(
        _("reason for the cancellation"),
        blank=True,
        help_text=_("Shown on the public page, e.g. “Postponed to a later date.”"),
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and self._revised():
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self):
        return self.cancelled_on is not None

    @property
    def is_all_day(self):
        return self.time is None

    @property
    def last_day(self):
        return getattr(self, "end_date", None) or self.date

    @property
    def is_upcoming(self):
        return self.last_day >= timezone.localdate()

    @property
    def starts_at(self):
        """A local datetime, or the date alone for an entry lasting the whole day."""
        if self.time is None:
            return self.date
        return datetime.datetime.combine(self.date, self.time, tzinfo=local_zone())

    @property
    def ends_at(self):
        """A local datetime, the last day for an entry lasting whole days, or None if not said."""
        if self.time is None:
            return self.last_day if self.last_day != self.date else None
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.last_day, self.end_time, tzinfo=local_zone())

    def revised_fields(self):
        return [f.name for f in self._meta.concrete_fields if f.name in REVISED_FIELDS]

    def clean(self):
        super().clean()
        errors = {}
        end_date = getattr(self, "end_date", None)
        if self.end_time is not None and self.time is None:
            errors["end_time"] = _("Give the start time too, or neither: the whole day.")
        if end_date is not None and self.date and end_date < self.date:
            errors["end_date"] = _("The end date comes after the start date.")
        same_day = end_date in (None, self.date)
        if self.time and self.end_time and same_day and self.end_time <= self.time:
            errors["end_time"] = _("The end time comes after the start time.")
        if self.time and self.end_time is None and not same_day:
            errors["end_time"] = _("Over several days with a start time: give the end time too.")
        # The French text is the reference (modeltranslation's `cancellation_reason_fr`).
        reason = (self.cancellation_reason_fr or "").strip()
        if self.cancelled_on is not None and not reason:
            errors["cancellation_reason_fr"] = _("Say why it is cancelled: the public reads it.")
        if self.cancelled_on is None and reason:
            errors["cancelled_on"] = _("Give the date of the cancellation, or clear its reason.")
        if errors:
            raise ValidationError(errors)

    def _revised(self):
        """Whether this save changes what calendars show; if so, the next revision number."""
        names = self.revised_fields()
        stored = type(self)._base_manager.filter(pk=self.pk).values("sequence", *names).first()
        if stored is None or all(stored[name] == getattr(self, name) for name in names):
            return False
        self.sequence = max(stored["sequence"], self.sequence) + 1
        return True


class EventQuerySet(ScheduledQuerySet):
    pass


class Event(Scheduled, Publishable):
    """A public event of the Pôle other than a séance: a forum, a consultation, a visit…"""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("Part of the address; changing it later keeps the old address working."),
    )
    description = RichTextField(_("description"), blank=True)
    date = models.DateField(_("date"), help_text=_("The first day, for an event over several."))
    time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty: the whole day.")
    )
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for an event over several days.")
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("The venue and its address.")
    )
    registration_url = models.URLField(
        _("registration link"),
        max_length=500,
        blank=True,
        help_text=_("The page where the public registers, when registration is needed."),
    )

    search = SearchColumns(
        title="title",
        texts=("description",),
        codes=("place",),
        translated=("title", "description"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time"]
        indexes = search_indexes("event")
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever was typed (or imported), the address stays valid ASCII.
        self.slug = to_slug(self.slug or self.title_fr or self.title)[:200] or "evenement"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("institution:event", kwargs={"pk": self.pk, "slug": self.slug})

    def get_calendar_url(self):
        return reverse("institution:event-calendar", kwargs={"pk": self.pk})
