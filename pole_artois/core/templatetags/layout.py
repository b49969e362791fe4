"""Template helpers of the public layout."""

from functools import lru_cache

from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pole_artois.core.site import absolute_url

register = template.Library()


def _canonical_path(context):
    """The page's path without filters or sort order; a later page of a list names itself."""
    request = context["request"]
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        return f"{request.path}?page={page_obj.number}"
    return request.path


@register.simple_tag(takes_context=True)
def translated_url(context, language_code, absolute=False, canonical=False):
    """The current page in another language: query string kept for the language switcher (the
    visitor keeps their filters), canonical for hreflang (search engines get one address)."""
    request = context["request"]
    path = _canonical_path(context) if canonical else request.get_full_path()
    url = _translated_path(path, language_code, translation.get_language())
    return absolute_url(url) if absolute else url


# Every page asks for five (its address in each language, for hreflang and the switcher), each a
# resolve() and a reverse(); the answer depends only on the URLconf, so it is kept per process.
# Bounded: addresses with any query string a visitor types can only evict each other.
@lru_cache(maxsize=2048)
def _translated_path(path, language_code, current_language):
    url = translate_url(path, language_code)
    if url == path and language_code != current_language:
        # An address no view knows (a 404) has no translation: the other language's home.
        with translation.override(language_code):
            url = reverse("portal:home")
    return url


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return absolute_url(_canonical_path(context))


CURRENT = mark_safe(' aria-current="page"')

# The main menu: (URL name, label) in the order shown.
MENU = [
    ("territoire:index", _("Territory")),
    ("chantiers:index", _("Chantiers")),
    ("partenaires:index", _("Partners")),
    ("institution:pole", _("The Pôle")),
    ("institution:news", _("News")),
    ("institution:acts", _("Official acts")),
    ("institution:agenda", pgettext_lazy("calendar of events", "Agenda")),
    ("institution:contact", _("Contact")),
    ("discovery:search", _("Search")),
]


@lru_cache(maxsize=8)
def _menu_items(language_code):
    """The menu's addresses and labels in a language: they change only with the code."""
    return [(reverse(name), str(label)) for name, label in MENU]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu's items, the current section marked (one tag for the nine items: a tag or an
    include each cost more than the menu is worth on every page)."""
    path = context["request"].path
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>\n',
        (
            (url, CURRENT if path.startswith(url) else "", label)
            for url, label in _menu_items(translation.get_language())
        ),
    )

