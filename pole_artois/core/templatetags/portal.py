"""Template helpers of the public layout."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code, absolute=False):
    """The current page in another language, query string kept (for the switcher and hreflang)."""
    request = context["request"]
    url = translate_url(request.get_full_path(), language_code)
    return request.build_absolute_uri(url) if absolute else url


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's address without filters or sort order; a later page of a list names itself."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url += f"?page={page_obj.number}"
    return url


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url, label, exact=False):
    path = context["request"].path
    current = path == url if exact else path.startswith(url)
    return {"url": url, "label": label, "current": current}
