"""Metadata helpers of the layout: page text for <meta> tags, Open Graph, JSON-LD."""

from django import template
from django.templatetags.static import static

from pole_artois.core import site
from pole_artois.core.text import html_to_text
from pole_artois.discovery import structured_data
from pole_artois.institution import ical

register = template.Library()

# Enough for a search engine's snippet; the page holds the whole text.
DESCRIPTION_LENGTH = 500


class PlainTextNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = html_to_text(self.nodelist.render(context))
        return ""


@register.tag
def plaintext(parser, token):
    """`{% plaintext as name %}…{% endplaintext %}`: keep what the block renders, as plain text.

    The layout renders a page's title and description blocks once, then uses them in <title>,
    <meta name="description"> and the Open Graph tags (a block cannot be rendered twice).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% plaintext as name %}…{% endplaintext %}")
    nodelist = parser.parse(("endplaintext",))
    parser.delete_first_token()
    return PlainTextNode(nodelist, bits[2])


@register.simple_tag
def breadcrumb_json_ld(breadcrumbs):
    """The trail a visitor sees, as a schema.org BreadcrumbList for search engines."""
    data = structured_data.breadcrumb_list(breadcrumbs)
    return "" if data is None else structured_data.script(data)


@register.simple_tag
def pole_json_ld(members, identity=None):
    """The Pôle as a schema.org GovernmentOrganization, with its members and its contact."""
    data = structured_data.pole(members, identity)
    return structured_data.script(data)


@register.simple_tag
def event_json_ld(entry):
    """A séance or an event of the agenda as a schema.org Event."""
    text = entry.description if hasattr(entry, "description") else entry.agenda
    data = structured_data.event(
        name=ical.summary(entry),
        url=entry.get_absolute_url(),
        starts=entry.starts_at,
        ends=entry.ends_at,
        place=entry.place,
        cancelled=entry.is_cancelled,
        description=html_to_text(text)[:DESCRIPTION_LENGTH],
        registration_url=getattr(entry, "registration_url", ""),
    )
    return structured_data.script(data)


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    return structured_data.script(data)


@register.simple_tag
def absolute_static(path):
    return site.absolute_url(static(path))


@register.simple_tag
def absolute_url(url):
    return site.absolute_url(url)
