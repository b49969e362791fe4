"""Small charts drawn on the server as SVG, from numbers: no JavaScript, no library in the page.

A chart is a picture of figures that the page also gives as a table: it has a title (its
accessible name), axis titles and tick labels in the active language, and draws the target as a
dashed, labelled line, so that nothing is told by colour alone. The geometry is in the SVG's own
units; the stylesheet scales the picture to its column (320 px and up) and sets its colours,
black on white in print.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH = 300
HEIGHT = 200
TOP = 28
BOTTOM = 44
RIGHT = 16
# Average width of a digit of the chart's font size, in SVG units: enough room on the left
# for the longest tick label, huge numbers included.
CHAR_WIDTH = 6.2
MAX_LEFT = 130
TICKS = 4
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 22
MAX_GROUPS = 3


def _written(value):
    return f"{value:.1f}" if isinstance(value, float) else value


def _svg(template, *args, **kwargs):
    """format_html, with coordinates written to a tenth of a unit."""
    return format_html(
        template, *map(_written, args), **{name: _written(value) for name, value in kwargs.items()}
    )


def _svg_join(template, items):
    return format_html_join("", "{}", ((_svg(template, *item),) for item in items))


@dataclass(frozen=True)
class Point:
    day: date | None
    value: Decimal | float | int | None


def format_number(value, decimals=None):
    """A number in the active language's format ("1 234,5" in French, "1,234.5" in English)."""
    value = Decimal(str(value))
    if decimals is None:
        value = value.normalize()
        decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def nice_ticks(low, high, count=TICKS):
    """Round tick values covering [low, high]; a flat range gets room around its value."""
    if low == high:
        pad = abs(low) / 10 or 1
        low, high = low - pad, high + pad
    raw_step = (high - low) / count
    step = 10 ** math.floor(math.log10(raw_step))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw_step <= step * multiple:
            step *= multiple
            break
    start, end = math.floor(low / step), math.ceil(high / step)
    magnitude = math.floor(math.log10(step))
    # 2.5 times a power of ten needs one decimal more than that power.
    decimals = max(0, -magnitude + (1 if round(step / 10**magnitude, 6) % 1 else 0))
    return [round(n * step, decimals) for n in range(start, end + 1)], decimals


def _drawable(points):
    """Points with both a date and a value, by date: a missing figure is not drawn as zero."""
    return sorted(
        (point for point in points if point.day is not None and point.value is not None),
        key=lambda point: point.day,
    )


def _day_label(day):
    return date_format(day, "F Y")


def line_chart(points, *, title, unit="", target=None, chart_id):
    """A line of values over time, with the target as a dashed line; "" when nothing to draw."""
    points = _drawable(points)
    if not points:
        return ""
    values = [float(point.value) for point in points]
    span = values + ([float(target)] if target is not None else [])
    ticks, decimals = nice_ticks(min(span), max(span))
    labels = [format_number(tick, decimals) for tick in ticks]
    left = min(MAX_LEFT, 12 + CHAR_WIDTH * max(len(label) for label in labels))
    plot_width, plot_height = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = ticks[0], ticks[-1]

    def y(value):
        return TOP + plot_height * (1 - (float(value) - low) / (high - low))

    first, last = points[0].day.toordinal(), points[-1].day.toordinal()

    def x(day):
        if first == last:
            return left + plot_width / 2
        return left + plot_width * (day.toordinal() - first) / (last - first)

    grid = _svg_join(
        '<line class="chart-grid" x1="{0}" x2="{1}" y1="{2}" y2="{2}"/>'
        '<text class="chart-tick" x="{3}" y="{4}" text-anchor="end">{5}</text>',
        (
            (left, WIDTH - RIGHT, y(tick), left - 6, y(tick) + 4, label)
            for tick, label in zip(ticks, labels, strict=True)
        ),
    )
    shown = {points[0].day, points[-1].day}
    if len(points) > 2:
        shown.add(points[len(points) // 2].day)
    days = _svg_join(
        '<text class="chart-tick" x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (x(day), HEIGHT - BOTTOM + 16, _anchor(x(day), left), _day_label(day))
            for day in sorted(shown)
        ),
    )
    coordinates = " ".join(
        f"{_written(x(point.day))},{_written(y(point.value))}" for point in points
    )
    dots = _svg_join(
        '<circle class="chart-point" cx="{}" cy="{}" r="3.5"/>',
        ((x(point.day), y(point.value)) for point in points),
    )
    target_line = ""
    if target is not None:
        target_line = _svg(
            '<line class="chart-target" x1="{0}" x2="{1}" y1="{2}" y2="{2}"/>'
            '<text class="chart-target-label" x="{1}" y="{3}" text-anchor="end">{4}</text>',
            left,
            WIDTH - RIGHT,
            y(target),
            y(target) - 5,
            _("Target: %(value)s") % {"value": format_number(target)},
        )
    return _svg(
        '<svg class="indicator-chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title">'
        '<title id="{id}-title">{title}</title>'
        "{grid}"
        '<line class="chart-axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>'
        '<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>'
        '<text class="chart-axis-title" x="4" y="14">{y_title}</text>'
        '<text class="chart-axis-title" x="{middle}" y="{x_title_y}" text-anchor="middle">'
        "{x_title}</text>"
        "{target}"
        '<polyline class="chart-line" points="{line}"/>{dots}{days}</svg>',
        width=WIDTH,
        height=HEIGHT,
        id=chart_id,
        title=title,
        grid=grid,
        left=left,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        right=WIDTH - RIGHT,
        y_title=_("Value (%(unit)s)") % {"unit": unit} if unit else _("Value"),
        middle=left + plot_width / 2,
        x_title_y=HEIGHT - 6,
        x_title=_("Date"),
        target=target_line,
        line=coordinates,
        dots=dots,
        days=days,
    )


def _anchor(position, left):
    if position <= left + 1:
        return "start"
    if position >= WIDTH - RIGHT - 1:
        return "end"
    return "middle"


def grouped_bar_chart(groups, *, title, unit="", chart_id):
    """Horizontal bars, one group a date and one bar a member, each written with its label and
    value (no legend to match by colour). `groups` is [(date, [(label, value), …]), …]; the
    latest MAX_GROUPS dates are drawn (the table beside it has them all)."""
    groups = [(day, bars) for day, bars in groups if day is not None and bars][-MAX_GROUPS:]
    if not groups:
        return ""
    values = [float(value) for _day, bars in groups for _label, value in bars]
    low, high = min(0.0, *values), max(0.0, *values)
    if low == high:
        high = 1.0
    label_width = 100
    plot_left, plot_right = label_width, WIDTH - RIGHT - 60
    scale = (plot_right - plot_left) / (high - low)
    zero = plot_left - low * scale
    pieces, top = [], TOP
    for day, bars in groups:
        pieces.append(
            _svg('<text class="chart-group" x="4" y="{}">{}</text>', top, _day_label(day))
        )
        top += 8
        for label, value in bars:
            start, end = sorted((zero, zero + float(value) * scale))
            pieces.append(
                _svg(
                    '<text class="chart-tick" x="{0}" y="{1}" text-anchor="end">{2}</text>'
                    '<rect class="chart-bar" x="{3}" y="{4}" width="{5}" height="{6}"/>'
                    '<text class="chart-tick" x="{7}" y="{1}">{8}</text>',
                    label_width - 6,
                    top + BAR_HEIGHT - 3,
                    label,
                    start,
                    top,
                    max(end - start, 1),
                    BAR_HEIGHT,
                    max(end, zero) + 4,
                    format_number(value),
                )
            )
            top += BAR_HEIGHT + BAR_GAP
        top += GROUP_GAP - BAR_GAP
    height = top
    return _svg(
        '<svg class="indicator-chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title">'
        '<title id="{id}-title">{title}</title>'
        '<text class="chart-axis-title" x="4" y="14">{unit}</text>'
        '<line class="chart-axis" x1="{zero}" x2="{zero}" y1="{top}" y2="{bottom}"/>'
        "{bars}</svg>",
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        unit=_("Value (%(unit)s)") % {"unit": unit} if unit else _("Value"),
        zero=zero,
        top=TOP - 4,
        bottom=height - GROUP_GAP + BAR_GAP,
        bars=format_html_join("", "{}", ((piece,) for piece in pieces)),
    )
