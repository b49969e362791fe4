"""The agenda as iCalendar (RFC 5545): the feed of séances and events, and one file for each.

An entry keeps its UID whatever becomes of it (`seance-12@<site host>`, `event-3@<site host>`);
its SEQUENCE is its revision (`Scheduled.sequence`, which grows when its date, times, place or
cancellation change) and DTSTAMP and LAST-MODIFIED its last change: a calendar that subscribed
updates its copy instead of adding another. A cancelled entry stays, STATUS:CANCELLED. Times are
local to Europe/Paris, described by its VTIMEZONE; an entry without a time is a whole day.
"""

import datetime
import re

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from pole_artois.core.site import absolute_url, site_host
from pole_artois.core.text import html_to_text
from pole_artois.institution.models import Event, Seance

PRODID = "-//Pôle métropolitain de l'Artois//Agenda//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Enough for years of meetings; the feed's size stays bounded whatever is entered.
FEED_LIMIT = 200
REFRESH = datetime.timedelta(hours=6)
_PARAGRAPH_END = re.compile(r"</(p|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


def key(entry):
    """`seance-12` or `event-3`: the entry's name in its UID and its file's name."""
    kind = "seance" if isinstance(entry, Seance) else "event"
    return f"{kind}-{entry.pk}"


def uid(entry):
    return f"{key(entry)}@{site_host()}"


def summary(entry):
    if isinstance(entry, Seance):
        return _("Séance of the comité syndical of the Pôle métropolitain de l'Artois")
    return entry.title


def _plain(html):
    """Rich text as lines of plain text, one per paragraph or list item."""
    lines = (html_to_text(line) for line in _PARAGRAPH_END.split(html or "")[::2])
    return "\n".join(line for line in lines if line)


def description(entry):
    parts = []
    if entry.is_cancelled:
        parts.append(_("Cancelled: %(reason)s") % {"reason": entry.cancellation_reason})
    text = _plain(entry.agenda if isinstance(entry, Seance) else entry.description)
    if text:
        parts.append(_("Agenda:") + "\n" + text if isinstance(entry, Seance) else text)
    if entry.attendance:
        parts.append(_("How to attend: %(text)s") % {"text": entry.attendance})
    if getattr(entry, "registration_url", "") and not entry.is_cancelled:
        parts.append(_("Registration: %(url)s") % {"url": entry.registration_url})
    parts.append(absolute_url(entry.get_absolute_url()))
    return "\n\n".join(parts)


def component(entry):
    event = icalendar.Event()
    event.add("uid", uid(entry))
    event.add("dtstamp", entry.updated_at.astimezone(datetime.UTC))
    event.add("created", entry.created_at.astimezone(datetime.UTC))
    event.add("last-modified", entry.updated_at.astimezone(datetime.UTC))
    event.add("sequence", entry.sequence)
    event.add("summary", summary(entry))
    event.add("dtstart", entry.starts_at)
    if entry.is_all_day:
        # A DATE end is exclusive: the day after the last one.
        event.add("dtend", entry.last_day + datetime.timedelta(days=1))
    elif entry.ends_at is not None:
        event.add("dtend", entry.ends_at)
    if entry.place:
        event.add("location", entry.place)
    event.add("description", description(entry))
    event.add("url", absolute_url(entry.get_absolute_url()))
    event.add("status", "CANCELLED" if entry.is_cancelled else "CONFIRMED")
    event.add("class", "PUBLIC")
    return event


def calendar(entries, name):
    """The iCalendar text of `entries` (séances and events), with the time zone they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # How often a subscribed calendar should fetch it again (RFC 7986, and Outlook's own).
    cal.refresh_interval = REFRESH
    cal.add("x-published-ttl", REFRESH)
    days = [entry.date for entry in entries] or [timezone.localdate()]
    # Only the transitions of the years the entries need (from_tzid's default spans 1970-2038).
    cal.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=min(days) - datetime.timedelta(days=366),
            last_date=max(days) + datetime.timedelta(days=366),
        )
    )
    for entry in entries:
        cal.add_component(component(entry))
    return cal.to_ical()


def feed_entries():
    """The past year and everything to come, séances and events (two queries)."""
    seances = list(Seance.objects.for_calendar()[:FEED_LIMIT])
    events = list(Event.objects.for_calendar()[:FEED_LIMIT])
    return sorted([*seances, *events], key=lambda entry: (entry.date, uid(entry)))


def response(entries, *, name, filename, attachment):
    calendar_response = HttpResponse(calendar(entries, name), content_type=CONTENT_TYPE)
    calendar_response["Content-Disposition"] = content_disposition_header(
        as_attachment=attachment, filename=filename
    )
    return calendar_response
