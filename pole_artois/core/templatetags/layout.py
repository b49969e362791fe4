"""Template helpers of the public layout."""

from functools import lru_cache

from django import template
from django.conf import settings
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
def translated_url(context, language_code):
    """The current page in another language, query string kept (the admin's switcher)."""
    path = context["request"].get_full_path()
    return _translated_path(path, language_code, translation.get_language())


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
def alternate_links(context):
    """The page in each language for search engines (hreflang), French as the default: one tag
    for what was a loop over the languages."""
    path = _canonical_path(context)
    current = translation.get_language()
    urls = [
        (code, absolute_url(_translated_path(path, code, current)))
        for code, _name in settings.LANGUAGES
    ]
    urls.append(("x-default", absolute_url(_translated_path(path, "fr", current))))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in urls)
    )


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The switcher's items: the current page in each language, query string kept (the visitor
    keeps their filters), the current language marked."""
    path = context["request"].get_full_path()
    current = translation.get_language()
    return format_html_join(
        "\n",
        '<li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>',
        (
            (
                _translated_path(path, code, current),
                code,
                code,
                SWITCHER_CURRENT if code == current else "",
                "Français" if code == "fr" else "English",
            )
            for code, _name in settings.LANGUAGES
        ),
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return absolute_url(_canonical_path(context))


CURRENT = mark_safe(' aria-current="page"')
SWITCHER_CURRENT = mark_safe(' aria-current="true"')

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
