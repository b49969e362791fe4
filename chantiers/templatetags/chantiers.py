"""Template helpers that let the territory's and partners' pages show objectives, without those
apps knowing about chantiers (see templates/territoire/ and templates/partenaires/)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from chantiers import charts
from chantiers.charts import format_number
from chantiers.models import DatePrecision, Objective
from pole_artois.core.dates import long_date

register = template.Library()


def _by_chantier(objectives):
    return objectives.select_related("chantier").order_by("chantier", "order", "pk")


@register.simple_tag
def objectives_of_member(member):
    """The published objectives a member collectivity is involved in: one query."""
    return _by_chantier(Objective.objects.published().filter(members=member))


@register.simple_tag
def objectives_of_partner(partner):
    """The published objectives a partner takes part in: one query."""
    return _by_chantier(Objective.objects.published().filter(partners=partner))


@register.filter
def number(value):
    """A figure in the page's language's format (1 234,5 / 1,234.5)."""
    return "" if value is None else format_number(value)


@register.simple_tag
def indicator_chart(indicator):
    """The indicator's values for the whole Pôle over time, with its target, as SVG."""
    return charts.line_chart(
        [charts.Point(value.date, value.value) for value in indicator.pole_series],
        title=_("%(indicator)s, values over time") % {"indicator": indicator.name},
        unit=indicator.unit,
        target=indicator.target_value,
        chart_id=f"{indicator.anchor}-chart",
    )


@register.simple_tag
def member_chart(indicator):
    """The indicator's values by member, grouped by date, as SVG."""
    by_date = {}
    for value in indicator.member_series:
        label = value.member.short_name or value.member.name
        by_date.setdefault(value.date, []).append((label, value.value))
    return charts.grouped_bar_chart(
        sorted(by_date.items()),
        title=_("%(indicator)s, values by member") % {"indicator": indicator.name},
        unit=indicator.unit,
        chart_id=f"{indicator.anchor}-members",
    )


@register.simple_tag
def milestone_date(milestone, field="planned_date"):
    """A milestone's planned (or first planned) date, to the month when that is its precision."""
    day = getattr(milestone, field)
    if day is None:
        return ""
    if milestone.precision == DatePrecision.MONTH:
        return format_html(
            '<time datetime="{}">{}</time>', f"{day:%Y-%m}", date_format(day, "YEAR_MONTH_FORMAT")
        )
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), long_date(day))
