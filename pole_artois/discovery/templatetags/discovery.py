"""Metadata helpers of the layout: page text for <meta> tags, Open Graph, JSON-LD."""

import html

from django import template
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator

from pole_artois.core import site
from pole_artois.discovery import structured_data

register = template.Library()

DESCRIPTION_LENGTH = 160


def _plain(rendered):
    return " ".join(html.unescape(strip_tags(rendered)).split())


@register.filter
def meta_description(value, length=DESCRIPTION_LENGTH):
    """Rich or plain text as a meta description: no markup, one line, cut on a word."""
    return Truncator(_plain(str(value or ""))).chars(length)


class PlainTextNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = _plain(self.nodelist.render(context))
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


class BreadcrumbNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        rendered = self.nodelist.render(context)
        data = structured_data.breadcrumb_list(rendered)
        if data is None:
            return rendered
        return rendered + structured_data.script(data)


@register.tag
def breadcrumb_json_ld(parser, token):
    """`{% breadcrumb_json_ld %}<nav>…</nav>{% endbreadcrumb_json_ld %}`: the breadcrumb, then
    the same trail as a schema.org BreadcrumbList, so search engines read what visitors see."""
    nodelist = parser.parse(("endbreadcrumb_json_ld",))
    parser.delete_first_token()
    return BreadcrumbNode(nodelist)


@register.simple_tag
def pole_json_ld(members, identity=None):
    """The Pôle as a schema.org GovernmentOrganization, with its members and its contact."""
    data = structured_data.pole(members, identity)
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
