"""Template helpers of the territory's pages."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext

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


@register.simple_tag
def commune_rows(communes):
    """The directory's table rows (`communes` with their member selected). Built here, not by a
    template loop: a page holds up to 200 rows, and the loop's variable lookups, translations and
    one reverse() per row cost a dozen times what the page's other parts do. The addresses share
    one reverse(): a commune's is its code and slug after the same prefix."""
    sample = reverse("territoire:commune", kwargs={"insee_code": "00000", "slug": "s"})
    prefix = sample.removesuffix("00000-s/")
    labels = gettext("Postal codes"), gettext("Agglomeration"), gettext("Population")
    return format_html_join(
        "",
        '    <tr><th scope="row"><a href="{}{}-{}/">{}</a></th>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td class="num" data-label="{}">{}</td></tr>\n',
        (
            (
                prefix,
                commune.insee_code,
                commune.slug,
                commune.name,
                labels[0],
                commune.postal_codes_display,
                labels[1],
                commune.member.short_name or commune.member.name,
                labels[2],
                intcomma(commune.population_municipale),
            )
            for commune in communes
        ),
    )
