from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language


def long_date(value, format_name="DATE_FORMAT"):
    """`value` written in full in the page's language: "1er janvier 2016", French marking the
    first day of a month as an ordinal (Django's French format writes "1 janvier 2016")."""
    if value in (None, ""):
        return ""
    if type(value) is date:
        return _long_day(value, format_name, get_language())
    return _written(value, format_name)


@lru_cache(maxsize=4096)
def _long_day(day, format_name, language):
    """A day is written the same on every page of a language, and lists write dozens of them
    (a search's hits, the register of acts): each costs Django's formatting 10 µs. Only days:
    two equal times in other time zones would share an entry but not their writing."""
    return _written(day, format_name)


def _written(value, format_name):
    text = date_format(value, format_name)
    if get_language() == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text
