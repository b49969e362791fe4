from django.utils.formats import date_format
from django.utils.translation import get_language


def long_date(value, format_name="DATE_FORMAT"):
    """`value` written in full in the page's language: "1er janvier 2016", French marking the
    first day of a month as an ordinal (Django's French format writes "1 janvier 2016")."""
    if value in (None, ""):
        return ""
    text = date_format(value, format_name)
    if get_language() == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text
