"""Maps of the territory, drawn as SVG on the server from the outlines stored at import time.

A map is one query (the communes with their agglomeration); each commune is a link, named for
screen readers ("Lens — Communauté d'agglomération de Lens-Liévin"). Agglomerations differ by a
pattern as well as by colour, so that they stay apart for colour-blind readers and in greyscale.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from territoire.models import Commune

# Patterns (see territoire/includes/map_patterns.html), one per agglomeration in the members'
# order; a fourth agglomeration would reuse the first with another outline.
PATTERNS = ("pattern-plain", "pattern-hatched", "pattern-dotted")
# Room around a locator map's communes, as a share of its width and height.
MARGIN = 0.06


@dataclass(frozen=True)
class Shape:
    name: str
    url: str
    path: str
    style: str
    current: bool


@dataclass(frozen=True)
class LegendEntry:
    label: str
    url: str
    style: str


@dataclass(frozen=True)
class TerritoryMap:
    view_box: str
    shapes: list
    legend: list
    caption: str


def _styles(communes):
    members = sorted({commune.member for commune in communes}, key=lambda m: (m.order, m.name))
    return {member.pk: PATTERNS[index % len(PATTERNS)] for index, member in enumerate(members)}


def _view_box(boxes):
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
    margin_x, margin_y = (right - left) * MARGIN, (bottom - top) * MARGIN
    return (left - margin_x, top - margin_y, right + margin_x, bottom + margin_y)


def _overlaps(box, view):
    return box[0] <= view[2] and box[2] >= view[0] and box[1] <= view[3] and box[3] >= view[1]


def _communes(highlighted):
    communes = Commune.objects.in_pole().exclude(map_path="").select_related("member")
    if highlighted is not None:
        communes = communes.annotate(
            highlighted=Exists(highlighted.filter(pk=OuterRef("pk")).order_by())
        )
    return list(
        communes.only(
            "insee_code",
            "name",
            "slug",
            "map_path",
            "map_box",
            "member__name",
            "member__short_name",
            "member__slug",
            "member__order",
        )
    )


def build_map(highlighted=None, around=None, caption=""):
    """The map of the Pôle, or None before any contour is imported.

    `highlighted`: a queryset of communes drawn in their agglomeration's pattern, the others
    greyed (a member's communes, the directory's filter), read in the same query. `around`: a
    commune (its neighbours prefetched), shown among its neighbours and marked as the current one
    (the commune page's locator map).
    """
    communes = _communes(highlighted)
    if not communes:
        return None
    styles = _styles(communes)
    view = None
    if around is not None:
        nearby = {around.insee_code, *(c.insee_code for c in around.neighbours.all())}
        view = _view_box([c.map_box for c in communes if c.insee_code in nearby])
        communes = [c for c in communes if _overlaps(c.map_box, view)]
    else:
        view = _view_box([c.map_box for c in communes])
    shapes = [
        Shape(
            name=_("%(commune)s — %(member)s") % {"commune": c.name, "member": c.member.name},
            url=c.get_absolute_url(),
            path=c.map_path,
            style=(styles[c.member_id] if highlighted is None or c.highlighted else "pattern-none"),
            current=around is not None and c.insee_code == around.insee_code,
        )
        for c in communes
    ]
    members = {c.member_id: c.member for c in communes}
    legend = [
        LegendEntry(members[pk].name, members[pk].get_absolute_url(), style)
        for pk, style in styles.items()
        if pk in members
    ]
    left, top, right, bottom = view
    return TerritoryMap(
        view_box=f"{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}",
        shapes=shapes,
        legend=legend,
        caption=caption,
    )
