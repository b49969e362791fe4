"""The Pôle's history as a dated timeline, each event as precise as what is known of its date."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pole_artois.core.dates import long_date


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year only")
    MONTH = "month", _("month and year")
    DAY = "day", _("exact day")


class HistoryEvent(models.Model):
    """A milestone of the timeline on the presentation page."""

    date = models.DateField(
        _("date"),
        help_text=_("For a year or a month only, any day of it: only the known part is shown."),
    )
    precision = models.CharField(
        _("precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("history event")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.display_date} — {self.title}"

    @property
    def date_format(self):
        """The localised date format showing just the known part of the date."""
        return {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "YEAR_MONTH_FORMAT"}.get(
            self.precision, "DATE_FORMAT"
        )

    @property
    def machine_date(self):
        """The value of the `datetime` attribute of <time>, as precise as the date is."""
        return {
            DatePrecision.YEAR: self.date.strftime("%Y"),
            DatePrecision.MONTH: self.date.strftime("%Y-%m"),
        }.get(self.precision, self.date.isoformat())

    @property
    def display_date(self):
        return long_date(self.date, self.date_format)
