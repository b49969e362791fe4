"""Import of the communes' contours and town halls (fixtures/communes-contours-2026).

The contours give each commune its area, its neighbours and its outline on the maps, computed
here once (territoire.geometry) so that a page only reads them. Everything is checked before
anything is written; the communes themselves come from `import_decoupage`, which runs first.
"""

import datetime
import math

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from territoire.decoupage import DecoupageError, ImportReport, read_source
from territoire.geometry import Contour, Frame, neighbours
from territoire.models import Commune, TownHall

TOWN_HALL_TEXTS = ("address", "phone", "email", "website")


def _polygons(record, where):
    polygons = record.get("contour")
    if not isinstance(polygons, list) or not polygons:
        raise DecoupageError(f"{where}: no contour.")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise DecoupageError(f"{where}: malformed contour (a polygon has no ring).")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                raise DecoupageError(f"{where}: malformed contour (a ring is not closed).")
            for point in ring:
                if not (
                    isinstance(point, list)
                    and len(point) == 2
                    and all(isinstance(value, int | float) for value in point)
                    and all(math.isfinite(value) for value in point)
                    and -180 <= point[0] <= 180
                    and -90 <= point[1] <= 90
                ):
                    raise DecoupageError(f"{where}: malformed contour (a point is not lon, lat).")
    return polygons


def _town_hall(record, where):
    details = record.get("town_hall") or {}
    if not isinstance(details, dict):
        raise DecoupageError(f"{where}: malformed town hall.")
    values = {name: details.get(name) or "" for name in TOWN_HALL_TEXTS}
    if not all(isinstance(value, str) for value in values.values()):
        raise DecoupageError(f"{where}: malformed town hall (a detail is not text).")
    values = {name: value.strip() for name, value in values.items()}
    if values["website"] and "://" not in values["website"]:
        # The directory sometimes gives a bare host name ("www.bajus.fr").
        values["website"] = f"http://{values['website']}"
    try:
        if values["email"]:
            EmailValidator()(values["email"])
        if values["website"]:
            URLValidator(schemes=["http", "https"])(values["website"])
    except ValidationError as error:
        raise DecoupageError(f"{where}: malformed town hall ({error.messages[0]})") from error
    hours = details.get("opening_hours") or []
    if not isinstance(hours, list) or not all(
        isinstance(day, list)
        and len(day) == 3
        and all(isinstance(name, str) for name in day[:2])
        and isinstance(day[2], list)
        and all(
            isinstance(slot, list) and len(slot) == 2 and all(isinstance(t, str) for t in slot)
            for slot in day[2]
        )
        for day in hours
    ):
        raise DecoupageError(f"{where}: malformed opening hours.")
    return {**values, "opening_hours": hours}


def _metadata(source):
    metadata = read_source(source, "metadata.json")
    try:
        return metadata["source"], datetime.date.fromisoformat(metadata["retrieved_on"])
    except (KeyError, TypeError, ValueError) as error:
        raise DecoupageError("metadata.json: needs a source and a retrieved_on date.") from error


def import_contours(source, dry_run=False):
    """Give every commune of the Pôle its contour's area, outline and neighbours, and its town
    hall; return a report. Idempotent; one transaction, rolled back on error or `dry_run`."""
    source_name, retrieved_on = _metadata(source)
    records = read_source(source, "communes.json")
    if not isinstance(records, list):
        raise DecoupageError("communes.json: expected a list of records.")
    communes = {commune.insee_code: commune for commune in Commune.objects.in_pole()}
    if not communes:
        raise DecoupageError("No commune in the Pôle yet: run import_decoupage first.")
    contours, town_halls = {}, {}
    for record in records:
        code = record.get("code") if isinstance(record, dict) else None
        where = f"communes.json: commune {code}"
        if code not in communes:
            raise DecoupageError(f"{where} is not a commune of the Pôle.")
        if code in contours:
            raise DecoupageError(f"{where} is listed twice.")
        contours[code] = Contour.from_lonlat(_polygons(record, where))
        town_halls[code] = _town_hall(record, where)
    if missing := sorted(communes.keys() - contours.keys()):
        raise DecoupageError(f"communes.json: no contour for {', '.join(missing)}.")

    frame = Frame.around(contours.values())
    adjacent = neighbours(contours)
    report = ImportReport()
    with transaction.atomic():
        current_neighbours = {}
        for link in Commune.neighbours.through.objects.values_list(
            "from_commune__insee_code", "to_commune__insee_code"
        ):
            current_neighbours.setdefault(link[0], set()).add(link[1])
        existing_halls = {hall.commune_id: hall for hall in TownHall.objects.all()}
        for code, contour in contours.items():
            commune = communes[code]
            values = {
                "area_km2": round(contour.area_km2, 3),
                "map_path": frame.path(contour),
                "map_box": frame.box(contour),
            }
            changes = {
                name: (getattr(commune, name), value)
                for name, value in values.items()
                if getattr(commune, name) != value
            }
            if changes:
                for name, (_old, new) in changes.items():
                    setattr(commune, name, new)
                commune.save(update_fields=list(changes))
            if current_neighbours.get(code, set()) != adjacent[code]:
                commune.neighbours.set([communes[other] for other in adjacent[code]])
                changes["neighbours"] = (
                    len(current_neighbours.get(code, ())),
                    len(adjacent[code]),
                )
            hall_values = {**town_halls[code], "source": source_name, "retrieved_on": retrieved_on}
            hall = existing_halls.get(commune.pk)
            if hall is None:
                TownHall.objects.create(commune=commune, **hall_values)
                changes["town_hall"] = ("", hall_values["address"].replace("\n", ", "))
            elif any(getattr(hall, name) != value for name, value in hall_values.items()):
                for name, value in hall_values.items():
                    setattr(hall, name, value)
                hall.save()
                changes["town_hall"] = ("…", hall_values["address"].replace("\n", ", "))
            if changes:
                report.updated[commune.name] = {
                    name: (old if name != "map_path" else "…", new if name != "map_path" else "…")
                    for name, (old, new) in changes.items()
                }
            else:
                report.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
    return report
