"""Template helpers of the territory's pages."""

from django import template

from territoire.maps import build_map

register = template.Library()


def whole_percentages(values):
    """Each value's share of their sum, in whole percents that add up to 100 (largest remainder
    method): rounded one by one, 38 + 20 + 43 made 101 %."""
    total = sum(values)
    if not total:
        return [0] * len(values)
    exact = [value * 100 / total for value in values]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - shares[i], reverse=True)
    for index in by_remainder[: 100 - sum(shares)]:
        shares[index] += 1
    return shares


@register.filter
def with_shares(members):
    """The members (annotated by `with_figures()`), each agglomeration with its share of the
    communes (`commune_share`) and of the population (`population_share`)."""
    members = list(members)
    agglomerations = [member for member in members if member.is_agglomeration]
    for figure, share_name in (
        ("commune_count", "commune_share"),
        ("population", "population_share"),
    ):
        values = [getattr(member, figure) or 0 for member in agglomerations]
        for member, share in zip(agglomerations, whole_percentages(values), strict=True):
            setattr(member, share_name, share)
    return members


@register.inclusion_tag("territoire/includes/map.html")
def territory_map(caption, highlighted=None, around=None):
    """`{% territory_map caption %}`: the map of the Pôle's communes, each a link to its page;
    `highlighted=queryset` greys the others, `around=commune` zooms on it and its neighbours."""
    return {"map": build_map(highlighted=highlighted, around=around, caption=caption)}
