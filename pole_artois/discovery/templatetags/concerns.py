"""What the Pôle does in a commune, on the commune's page (whose app, `territoire`, knows nothing
of the content that names it: the project template `templates/territoire/commune_detail.html`
adds it)."""

from django import template

from pole_artois.discovery import concerns

register = template.Library()


@register.inclusion_tag("discovery/includes/commune_concerns.html")
def commune_concerns(commune):
    """`{% commune_concerns commune %}`: the latest items concerning it (one query)."""
    items, more = concerns.for_commune_page(commune)
    return {"commune": commune, "concerns": items, "more": more}


@register.inclusion_tag("discovery/includes/commune_feed_link.html")
def commune_feed_link(commune):
    """`<link rel="alternate">` to the commune's feed, for the page's <head>."""
    return {"commune": commune}
