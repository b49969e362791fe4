"""Template helpers of the public layout."""

from functools import lru_cache

from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def nav_item(context, url, label, exact=False):
    """One item of the main menu, marked as current on its pages (a simple tag: nine of them on
    every page cost more than an included template each is worth)."""
    path = context["request"].path
    current = path == url if exact else path.startswith(url)
    return format_html('<li><a href="{}"{}>{}</a></li>\n', url, CURRENT if current else "", label)
