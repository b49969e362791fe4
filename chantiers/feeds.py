"""Atom feeds of the objectives: their progress updates (the whole Pôle's), and where they
stand (the tracking page's, each chantier's and each objective's: updates, status changes,
milestones reached or postponed, new indicator values)."""

import datetime
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from chantiers.charts import format_number
from chantiers.models import (
    Chantier,
    IndicatorValue,
    Milestone,
    MilestoneState,
    Objective,
    ObjectiveUpdate,
    StatusChange,
)
from pole_artois.core.feeds import PoleFeed
from pole_artois.core.richtext import sanitize_html
from pole_artois.core.site import site_host

FEED_LENGTH = 30
TAG_DATE = "2026-01-01"


class ObjectiveUpdatesFeed(PoleFeed):
    guid_path = "chantiers/update"

    def title(self):
        return _("Progress of the objectives of the Pôle métropolitain de l'Artois")

    def subtitle(self):
        return _("The latest progress updates on the objectives of the Pôle's chantiers.")

    def link(self):
        return reverse("chantiers:index")

    def items(self):
        return ObjectiveUpdate.objects.for_feed()[:FEED_LENGTH]

    def item_title(self, update):
        return _("%(objective)s: %(update)s") % {
            "objective": update.objective.title,
            "update": update.title,
        }

    def item_description(self, update):
        return sanitize_html(update.body)

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update.updated_at

    def item_categories(self, update):
        return [update.objective.chantier.title]


@dataclass(frozen=True)
class Event:
    """A change in where an objective stands, told as a feed entry (`description` is HTML: an
    update's sanitised text, or a note escaped)."""

    objective: object
    title: str
    description: str
    day: datetime.date
    link: str
    guid: str

    @property
    def moment(self):
        return timezone.make_aware(datetime.datetime.combine(self.day, datetime.time(12)))


def _tag(path):
    # The date of a tag URI is one when the site owned its address (RFC 4151), not the item's.
    return f"tag:{site_host()},{TAG_DATE}:chantiers/{path}"


def _date(day):
    return date_format(day, "DATE_FORMAT")


def tracking_events(objectives):
    """The newest changes of the objectives in `objectives` (a published queryset): status
    changes, milestones reached or postponed, new indicator values. Three queries."""
    events = []
    for change in (
        StatusChange.objects.filter(objective__in=objectives)
        .select_related("objective__chantier")
        .order_by("-date", "-pk")[:FEED_LENGTH]
    ):
        events.append(
            Event(
                change.objective,
                _("%(objective)s: status “%(status)s”")
                % {"objective": change.objective.title, "status": change.get_status_display()},
                escape(change.note),
                change.date,
                f"{change.objective.get_absolute_url()}#status",
                _tag(f"status/{change.pk}"),
            )
        )
    for milestone in (
        Milestone.objects.filter(
            objective__in=objectives,
            state__in=(MilestoneState.REACHED, MilestoneState.POSTPONED),
        )
        .select_related("objective__chantier")
        .order_by("-planned_date", "-pk")[:FEED_LENGTH]
    ):
        reached = milestone.state == MilestoneState.REACHED
        template = (
            _("%(objective)s: milestone reached, “%(milestone)s”")
            if reached
            else _("%(objective)s: milestone postponed to %(date)s, “%(milestone)s”")
        )
        events.append(
            Event(
                milestone.objective,
                template
                % {
                    "objective": milestone.objective.title,
                    "milestone": milestone.title,
                    "date": _date(milestone.planned_date),
                },
                escape(milestone.note),
                milestone.reached_on
                if reached
                else milestone.original_date or timezone.localdate(),
                f"{milestone.objective.get_absolute_url()}#{milestone.anchor}",
                _tag(
                    f"milestone/{milestone.pk}/{milestone.state}/{milestone.planned_date:%Y-%m-%d}"
                ),
            )
        )
    for value in (
        IndicatorValue.objects.filter(indicator__objective__in=objectives)
        .select_related("indicator__objective__chantier", "member")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    ):
        indicator = value.indicator
        events.append(
            Event(
                indicator.objective,
                _("%(objective)s: %(indicator)s, %(value)s %(unit)s on %(date)s")
                % {
                    "objective": indicator.objective.title,
                    "indicator": indicator.name,
                    "value": format_number(value.value),
                    "unit": indicator.unit,
                    "date": _date(value.date),
                },
                escape(value.member.short_name or value.member.name) if value.member else "",
                timezone.localdate(value.created_at),
                f"{indicator.objective.get_absolute_url()}#{indicator.anchor}",
                _tag(f"value/{value.pk}"),
            )
        )
    events.sort(key=lambda event: event.day, reverse=True)
    return events[:FEED_LENGTH]


class TrackingFeed(PoleFeed):
    """Where the objectives stand: their progress updates and every change of status,
    milestones and indicators."""

    guid_path = ObjectiveUpdatesFeed.guid_path

    def title(self):
        return _("Tracking the objectives of the Pôle métropolitain de l'Artois")

    def subtitle(self):
        return _(
            "Progress updates, status changes, milestones reached or postponed and new values "
            "of the indicators."
        )

    def link(self):
        return reverse("chantiers:tracking")

    def objectives(self, obj):
        return Objective.objects.published()

    def items(self, obj=None):
        objectives = self.objectives(obj)
        updates = [
            Event(
                update.objective,
                _("%(objective)s: %(update)s")
                % {"objective": update.objective.title, "update": update.title},
                sanitize_html(update.body),
                update.date,
                update.get_absolute_url(),
                # The id it has in the feed of every update: readers do not show it twice.
                PoleFeed.item_guid(self, update),
            )
            for update in ObjectiveUpdate.objects.for_feed().filter(objective__in=objectives)[
                :FEED_LENGTH
            ]
        ]
        events = sorted(
            [*updates, *tracking_events(objectives)], key=lambda event: event.day, reverse=True
        )
        return events[:FEED_LENGTH]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        return event.description

    def item_link(self, event):
        return event.link

    def item_pubdate(self, event):
        return event.moment

    def item_categories(self, event):
        return [event.objective.chantier.title]

    def item_guid(self, event):
        return event.guid


class ChantierTrackingFeed(TrackingFeed):
    def get_object(self, request, *args, **kwargs):
        return get_object_or_404(Chantier.objects.published(), slug=kwargs["slug"])

    def title(self, chantier):
        return _("Progress of the objectives: %(chantier)s") % {"chantier": chantier.title}

    def subtitle(self, chantier):
        return chantier.summary

    def link(self, chantier):
        return chantier.get_absolute_url()

    def objectives(self, chantier):
        return Objective.objects.published().filter(chantier=chantier)


class ObjectiveFeed(TrackingFeed):
    def get_object(self, request, *args, **kwargs):
        return get_object_or_404(
            Objective.objects.published().select_related("chantier"), pk=kwargs["pk"]
        )

    def title(self, objective):
        return _("Progress of the objective: %(objective)s") % {"objective": objective.title}

    def subtitle(self, objective):
        return objective.summary

    def link(self, objective):
        return objective.get_absolute_url()

    def objectives(self, objective):
        return Objective.objects.filter(pk=objective.pk)
