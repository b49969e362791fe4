"""Template helpers of the territory's pages."""

import html

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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
    one reverse(): a commune's is its code and slug after the same prefix; what every row repeats
    (the prefix, the column labels) is escaped once, and only each row's own values per row."""
    sample = reverse("territoire:commune", kwargs={"insee_code": "00000", "slug": "s"})
    prefix = sample.removesuffix("00000-s/")
    labels = gettext("Postal codes"), gettext("Agglomeration"), gettext("Population")
    start = format_html('    <tr><th scope="row"><a href="{}', prefix)
    cells = (
        format_html('</a></th><td data-label="{}">', labels[0]),
        format_html('</td><td data-label="{}">', labels[1]),
        format_html('</td><td class="num" data-label="{}">', labels[2]),
    )
    population = _population_format()
    rows = [
        "".join(
            (
                start,
                _escape(commune.insee_code),
                "-",
                _escape(commune.slug),
                '/">',
                _escape(commune.name),
                cells[0],
                _escape(commune.postal_codes_display),
                cells[1],
                _escape(commune.member.short_name or commune.member.name),
                cells[2],
                _escape(population(commune.population_municipale)),
                "</td></tr>\n",
            )
        )
        for commune in communes
    ]
    return mark_safe("".join(rows))  # noqa: S308 -- every value of a row is escaped


def _escape(value):
    """conditional_escape() without its lazy-string wrapper, which costs more than the escaping
    itself when called two hundred times a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _population_format():
    """intcomma() for the current language, its thousands separator looked up once (a
    whole number of inhabitants; anything else as intcomma() writes it)."""
    separator = intcomma(1000)[1:-3]

    def write(number):
        if type(number) is int and number >= 0:
            return f"{number:,}".replace(",", separator)
        return intcomma(number)

    return write
