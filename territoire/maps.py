"""Maps of the territory, drawn as SVG on the server from the outlines stored at import time.

Each commune is a link, named for screen readers ("Lens — Communauté d'agglomération de
Lens-Liévin"). Agglomerations differ by a pattern as well as by colour, so that they stay apart
for colour-blind readers and in greyscale. What every map draws (outlines, names, addresses) is
read once for the whole site and kept until the communes or members are written: a map adds no
query to a page.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pole_artois.core.cache import cached_until_written
from territoire.models import Commune, Member

# Patterns (see territoire/includes/map.html), one per agglomeration in the members' order.
PATTERNS = ("pattern-plain", "pattern-hatched", "pattern-dotted")
# Room around a map's communes, as a share of its width and height.
MARGIN = 0.06
CURRENT_LINK, CURRENT_SHAPE = mark_safe(' aria-current="page"'), " map__current"


@dataclass(frozen=True)
class Outline:
    """A commune as every map draws it: the opening of its link (address and name) and of its
    path, escaped once for all of them."""

    code: str
    link: str
    drawing: str
    box: tuple
    member: str
    style: str


@dataclass(frozen=True)
class Shape:
    link: str
    drawing: str
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

    def links(self):
        """Every shape as a link, in one string: a template loop over some 150 outlines cost
        more than the rest of the page. Their markup is escaped when the outlines are read."""
        return mark_safe(  # noqa: S308 -- link and drawing are escaped, style and marks ours
            "".join(
                f"{shape.link}{CURRENT_LINK if shape.current else ''}>{shape.drawing}"
                f'{shape.style}{CURRENT_SHAPE if shape.current else ""}"/></a>'
                for shape in self.shapes
            )
        )


def _read_outlines():
    communes = list(
        Commune.objects.in_pole()
        .exclude(map_path="")
        .select_related("member")
        .only(
            "insee_code",
            "name",
            "slug",
            "map_path",
            "map_box",
            "member__name",
            "member__slug",
            "member__order",
        )
        .order_by("insee_code")
    )
    members = sorted({c.member for c in communes}, key=lambda member: (member.order, member.name))
    styles = {member.pk: PATTERNS[index % len(PATTERNS)] for index, member in enumerate(members)}
    outlines = [
        Outline(
            code=commune.insee_code,
            link=format_html(
                '<a href="{}" aria-label="{}"',
                commune.get_absolute_url(),
                _("%(commune)s — %(member)s")
                % {"commune": commune.name, "member": commune.member.name},
            ),
            drawing=format_html('<path d="{}" class="', commune.map_path),
            box=tuple(commune.map_box),
            member=commune.member.name,
            style=styles[commune.member_id],
        )
        for commune in communes
    ]
    legend = [
        LegendEntry(member.name, member.get_absolute_url(), styles[member.pk]) for member in members
    ]
    return outlines, legend


def outlines():
    """Every commune's outline and the legend, in the page's language."""
    key = f"territory-map:links:{get_language()}"
    return cached_until_written(key, (Commune, Member), _read_outlines)


def _view_box(boxes):
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
    margin_x, margin_y = (right - left) * MARGIN, (bottom - top) * MARGIN
    return (left - margin_x, top - margin_y, right + margin_x, bottom + margin_y)


def _overlaps(box, view):
    return box[0] <= view[2] and box[2] >= view[0] and box[1] <= view[3] and box[3] >= view[1]


def build_map(caption, highlighted=None, around=None):
    """The map of the Pôle, or None before any contour is imported.

    `highlighted`: communes drawn in their agglomeration's pattern, the others greyed (a
    member's communes, the directory's results). `around`: a commune (its neighbours
    prefetched), drawn among its neighbours and marked as the current one (a locator map).
    """
    shapes, legend = outlines()
    if not shapes:
        return None
    highlighted_codes = None if highlighted is None else {c.insee_code for c in highlighted}
    if around is not None:
        nearby = {around.insee_code, *(c.insee_code for c in around.neighbours.all())}
        view = _view_box([shape.box for shape in shapes if shape.code in nearby])
        shapes = [shape for shape in shapes if _overlaps(shape.box, view)]
    else:
        view = _view_box([shape.box for shape in shapes])
    drawn = [
        Shape(
            link=shape.link,
            drawing=shape.drawing,
            style=(
                shape.style
                if highlighted_codes is None or shape.code in highlighted_codes
                else "pattern-none"
            ),
            current=around is not None and shape.code == around.insee_code,
        )
        for shape in shapes
    ]
    # Drawn last, so that no neighbour covers its outline.
    drawn.sort(key=lambda shape: shape.current)
    shown = {shape.member for shape in shapes}
    left, top, right, bottom = view
    return TerritoryMap(
        view_box=f"{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}",
        shapes=drawn,
        legend=[entry for entry in legend if entry.label in shown],
        caption=caption,
    )
