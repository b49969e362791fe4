"""Plane geometry of the communes' contours, done once at import time: area, neighbours, and the
SVG path data the maps draw without any computation per request.

Contours come as longitude/latitude rings (WGS84). They are projected with the sinusoidal
projection on the authalic sphere of the GRS80 ellipsoid: it preserves areas exactly (so areas
in km² are right), and over a territory some sixty kilometres wide its shapes are as faithful as
any other projection's. No geometry library is needed for so little.
"""

import itertools
import math
from dataclasses import dataclass

# GRS80, the ellipsoid of WGS84 and of IGN's data.
SEMI_MAJOR_AXIS = 6_378_137.0
FLATTENING = 1 / 298.257222101
ECCENTRICITY = math.sqrt(FLATTENING * (2 - FLATTENING))
# The meridian through the middle of the Pôle: the map's vertical.
CENTRAL_MERIDIAN = math.radians(2.75)
# The territory map is FRAME_WIDTH units wide; a commune's path data counts in whole units.
FRAME_WIDTH = 10_000


def _q(sin_phi):
    e = ECCENTRICITY
    logarithm = math.log((1 - e * sin_phi) / (1 + e * sin_phi))
    return (1 - e * e) * (sin_phi / (1 - (e * sin_phi) ** 2) - logarithm / (2 * e))


_Q_POLE = _q(1.0)
AUTHALIC_RADIUS = SEMI_MAJOR_AXIS * math.sqrt(_Q_POLE / 2)


def project(longitude, latitude):
    """Metres east and north on an equal-area plane centred on the Pôle."""
    beta = math.asin(_q(math.sin(math.radians(latitude))) / _Q_POLE)
    x = AUTHALIC_RADIUS * (math.radians(longitude) - CENTRAL_MERIDIAN) * math.cos(beta)
    return x, AUTHALIC_RADIUS * beta


def _ring_area(points):
    """Shoelace formula: positive or negative according to the ring's direction."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points)) / 2


@dataclass(frozen=True)
class Contour:
    """A commune's polygons, each a list of rings (the first the outer one), as projected points."""

    polygons: tuple

    @classmethod
    def from_lonlat(cls, polygons):
        return cls(
            tuple(
                tuple(tuple(project(lon, lat) for lon, lat in ring) for ring in polygon)
                for polygon in polygons
            )
        )

    @property
    def area_km2(self):
        total = 0.0
        for outer, *holes in self.polygons:
            total += abs(_ring_area(outer)) - sum(abs(_ring_area(hole)) for hole in holes)
        return total / 1e6

    @property
    def bounds(self):
        xs = [x for polygon in self.polygons for ring in polygon for x, _ in ring]
        ys = [y for polygon in self.polygons for ring in polygon for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)

    def edges(self):
        """Every side of every ring, as an unordered pair of points: two communes that share a
        border share the same sides (IGN's simplification keeps the topology)."""
        return {
            frozenset((a, b))
            for polygon in self.polygons
            for ring in polygon
            for a, b in itertools.pairwise(ring)
            if a != b
        }


def neighbours(contours):
    """{code: set of codes}: communes that share at least one side of their border."""
    sides = {}
    for code, contour in contours.items():
        for edge in contour.edges():
            sides.setdefault(edge, set()).add(code)
    found = {code: set() for code in contours}
    for codes in sides.values():
        for code in codes:
            found[code] |= codes - {code}
    return found


@dataclass(frozen=True)
class Frame:
    """The plane of the territory map: projected metres to map units, y downwards as in SVG."""

    left: float
    top: float
    scale: float

    @classmethod
    def around(cls, contours):
        boxes = [contour.bounds for contour in contours]
        left, right = min(box[0] for box in boxes), max(box[2] for box in boxes)
        top = max(box[3] for box in boxes)
        return cls(left=left, top=top, scale=FRAME_WIDTH / (right - left))

    def point(self, x, y):
        return round((x - self.left) * self.scale), round((self.top - y) * self.scale)

    def path(self, contour):
        """SVG path data in whole map units, relative moves after each ring's first point."""
        commands = []
        for polygon in contour.polygons:
            for ring in polygon:
                points = [self.point(x, y) for x, y in ring]
                (x0, y0), moves = points[0], []
                previous = points[0]
                for point in points[1:-1]:
                    dx, dy = point[0] - previous[0], point[1] - previous[1]
                    if dx or dy:
                        moves.append(f"{dx} {dy}")
                    previous = point
                commands.append(f"M{x0} {y0}l" + " ".join(moves) + "z")
        return "".join(commands).replace(" -", "-")

    def box(self, contour):
        left, bottom, right, top = contour.bounds
        x0, y0 = self.point(left, top)
        x1, y1 = self.point(right, bottom)
        return [x0, y0, x1, y1]
