"""Template helpers of the Pôle's pages, also used by the shared layout (footer)."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from pole_artois.core.cache import cached_until_written
from pole_artois.institution import agenda
from pole_artois.institution.models import AccessibilityStatement, Article, Page, PoleIdentity

register = template.Library()


@register.simple_tag(takes_context=True)
def pole_identity(context):
    """The Pôle's identity and contact details (read once per request)."""
    return PoleIdentity.for_request(context["request"])


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, the same on every page of a language: rendered once, then kept until the
    identity record or the accessibility statement (the conformity it names) is next written."""
    request = context["request"]
    # Kept as rendered: a SafeString stays one through the cache.
    return cached_until_written(
        f"layout-footer:{translation.get_language()}",
        (PoleIdentity, AccessibilityStatement),
        lambda: render_to_string("includes/footer.html", {"request": request}),
    )


@register.filter
def lines(text):
    """A text of one item per line, as the list of its non-empty lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@register.inclusion_tag("institution/includes/presentation_lead.html")
def presentation_lead():
    """`{% presentation_lead %}`: the summary of the Pôle's presentation page, which its editors
    write, with a link to the page (one query); nothing while the summary is empty."""
    return {"page": Page.objects.filter(key=Page.Key.PRESENTATION).first()}


@register.filter
def tel(number):
    """A telephone number as a `tel:` link target: "06.87.42.60.78" → "tel:0687426078"."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


@register.inclusion_tag("institution/includes/news_section.html")
def news_for_objective(objective, count=3):
    """`{% news_for_objective objective %}`: the latest news about an objective (one query)."""
    return {"articles": Article.objects.about(objective)[:count], "heading_id": "objective-news"}


@register.inclusion_tag("institution/includes/news_section.html")
def latest_news(count=3):
    """`{% latest_news %}`: the latest news, for the home page (one query)."""
    return {"articles": Article.objects.newest(count), "heading_id": "latest-news", "all": True}


@register.inclusion_tag("institution/includes/home_agenda.html")
def home_agenda():
    """`{% home_agenda %}`: the next séance and the next events, for the home page (two queries)."""
    seance, events = agenda.for_home()
    return {"seance": seance, "events": events}
