"""`{{ day|long_date }}`, `{{ moment|long_date:"DATETIME_FORMAT" }}`: a built-in of the site's
templates (settings.TEMPLATES), used instead of `|date:"DATE_FORMAT"`."""

from django import template

from pole_artois.core import dates

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value, format_name="DATE_FORMAT"):
    return dates.long_date(value, format_name)
