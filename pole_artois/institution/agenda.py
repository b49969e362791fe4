"""What the agenda page and the home page list: séances and events, upcoming then past.

Upcoming entries are few (the next weeks' meetings): each model's own query, merged here. The
past grows every year, so it is one paginated list over both models: a UNION of the columns its
rows show, counted and sliced by PostgreSQL, two queries whatever the page.
"""

import datetime
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import DateField, F, IntegerField, TextField, Value
from django.db.models.functions import Cast
from django.utils.translation import get_language

from pole_artois.core.search import in_language
from pole_artois.institution.models import Event, Seance

# More than a year of meetings: the page stays short, its cost bounded.
UPCOMING_LIMIT = 30
PAST_PER_PAGE = 20
# The home page: the next séance and the next few events.
HOME_EVENTS = 3


def _chronological(entry):
    return (entry.date, entry.time or datetime.time.min)


def upcoming(limit=UPCOMING_LIMIT):
    """The séances and events not over yet, soonest first (two queries)."""
    seances = list(Seance.objects.upcoming()[:limit])
    events = list(Event.objects.upcoming()[:limit])
    return sorted([*seances, *events], key=_chronological)[:limit]


def for_home():
    """(the next séance or None, the next events): two queries."""
    return Seance.objects.upcoming().first(), list(Event.objects.upcoming()[:HOME_EVENTS])


@dataclass(frozen=True)
class PastEntry:
    """A row of the past list: what it shows of a séance or an event."""

    kind: str
    pk: int
    slug: str
    title: str
    date: datetime.date
    time: datetime.time | None
    end_date: datetime.date | None
    end_time: datetime.time | None
    place: str
    cancelled_on: datetime.date | None
    minutes: str
    minutes_size: int
    deliberation_count: int

    @property
    def is_seance(self):
        return self.kind == "seance"

    @property
    def is_cancelled(self):
        return self.cancelled_on is not None

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def url(self):
        if self.is_seance:
            return Seance(pk=self.pk).get_absolute_url()
        return Event(pk=self.pk, slug=self.slug).get_absolute_url()

    @property
    def minutes_url(self):
        return default_storage.url(self.minutes) if self.minutes else ""


COLUMNS = tuple(PastEntry.__dataclass_fields__)


def _columns(queryset, **expressions):
    """values() of COLUMNS in that order (a UNION matches columns by position); modeltranslation's
    values() adds and reorders fields, its raw_values() is Django's own."""
    annotated = queryset.annotate(**{f"r_{name}": value for name, value in expressions.items()})
    names = [f"r_{name}" if name in expressions else name for name in COLUMNS]
    return annotated.raw_values(*names)


def _nothing(field):
    return Cast(Value(None), field)


def past():
    """The past séances and events as one values() queryset, latest first, for a Paginator."""
    language = get_language() or "fr"
    seances = _columns(
        Seance.objects.past().with_deliberation_counts().order_by(),
        kind=Value("seance", TextField()),
        slug=Value("", TextField()),
        title=Value("", TextField()),
        end_date=_nothing(DateField()),
        minutes=Cast("minutes", TextField()),
        minutes_size=Cast("minutes_size", IntegerField()),
        deliberation_count=Cast(F("deliberation_count"), IntegerField()),
    )
    events = _columns(
        Event.objects.past().order_by(),
        kind=Value("event", TextField()),
        slug=Cast("slug", TextField()),
        title=in_language("title", language),
        minutes=Value("", TextField()),
        minutes_size=Value(0, IntegerField()),
        deliberation_count=Value(0, IntegerField()),
    )
    return seances.union(events, all=True).order_by(
        F("date").desc(), F("time").desc(nulls_last=True), F("pk").desc()
    )


def past_entries(page):
    """The rows of a Paginator's page of `past()`, as PastEntry."""
    return [PastEntry(**_renamed(row)) for row in page.object_list]


def _renamed(row):
    return {name.removeprefix("r_"): value for name, value in row.items()}
