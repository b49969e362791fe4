"""Template helpers of the public layout."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

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
    url = translate_url(path, language_code)
    if url == path and language_code != translation.get_language():
        # An address no view knows (a 404) has no translation: the other language's home.
        with translation.override(language_code):
            url = reverse("portal:home")
    return absolute_url(url) if absolute else url


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return absolute_url(_canonical_path(context))


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url, label, exact=False):
    path = context["request"].path
    current = path == url if exact else path.startswith(url)
    return {"url": url, "label": label, "current": current}
