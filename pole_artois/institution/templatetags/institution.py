"""Template helpers of the Pôle's pages, also used by the shared layout (footer)."""

import re

from django import template

from pole_artois.institution.models import PoleIdentity

register = template.Library()


@register.simple_tag(takes_context=True)
def pole_identity(context):
    """The Pôle's identity and contact details (read once per request)."""
    return PoleIdentity.for_request(context["request"])


@register.filter
def tel(number):
    """A telephone number as a `tel:` link target: "06.87.42.60.78" → "tel:0687426078"."""
    return "tel:" + re.sub(r"[^\d+]", "", number)
