"""Template helpers that let the territory's and partners' pages show objectives, without those
apps knowing about chantiers (see templates/territoire/ and templates/partenaires/)."""

from django import template

from chantiers.models import Objective

register = template.Library()


def _by_chantier(objectives):
    return objectives.select_related("chantier").order_by("chantier", "order", "pk")


@register.simple_tag
def objectives_of_member(member):
    """The published objectives a member collectivity is involved in: one query."""
    return _by_chantier(Objective.objects.published().filter(members=member))


@register.simple_tag
def objectives_of_partner(partner):
    """The published objectives a partner takes part in: one query."""
    return _by_chantier(Objective.objects.published().filter(partners=partner))
