"""Import of the official territory data published by Etalab in `@etalab/decoupage-administratif`.

The package's `epci.json` (DGCL composition of each EPCI, INSEE legal populations) gives the
communes of each member agglomeration; `communes.json` (INSEE COG, La Poste) gives their postal
codes, département and région. Everything is checked before anything is written.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

from django.db import transaction

from territoire.models import Commune, Member, MemberKind

DATA_FIELDS = (
    "siren",
    "name",
    "postal_codes",
    "population_municipale",
    "population_totale",
    "millesime",
    "departement_code",
    "region_code",
    "member_id",
)


class DecoupageError(Exception):
    """The source cannot be imported; nothing was written."""


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: dict = field(default_factory=dict)
    removed: list = field(default_factory=list)
    unchanged: int = 0
    renamed: dict = field(default_factory=dict)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.removed or self.renamed)

    def updated_lines(self):
        """One line per updated commune: "  ~ Lens: field: old → new; field: old → new"."""
        for name, changes in self.updated.items():
            described = "; ".join(
                f"{field}: {old} → {new}" for field, (old, new) in changes.items()
            )
            yield f"  ~ {name}: {described}"


def read_source(source, name):
    """Parse `name` from `source`: a directory, or a file, http or https URL of the data."""
    scheme = urlparse(str(source)).scheme
    try:
        if scheme in {"http", "https", "file"}:
            with urlopen(f"{str(source).rstrip('/')}/{name}", timeout=60) as response:  # noqa: S310
                raw = response.read()
        else:
            raw = (Path(source) / name).read_bytes()
    except (OSError, ValueError) as error:
        raise DecoupageError(f"{name}: cannot be read from {source} ({error}).") from error
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DecoupageError(f"{name}: not valid JSON ({error}).") from error


def read_millesime(source):
    try:
        return int(read_source(source, "metadata.json")["millesime"])
    except (DecoupageError, KeyError, TypeError, ValueError):
        return None


def _expect_list(data, name):
    if not isinstance(data, list):
        raise DecoupageError(f"{name}: expected a list of records.")
    return data


def expected_communes(epci_data, communes_data, members, millesime):
    """The communes the data gives to our member agglomerations, keyed by INSEE code, and the
    official name of each member agglomeration, keyed by SIREN."""
    epci_by_siren = {
        record.get("code"): record
        for record in _expect_list(epci_data, "epci.json")
        if isinstance(record, dict)
    }
    cog = {
        record.get("code"): record
        for record in _expect_list(communes_data, "communes.json")
        if isinstance(record, dict) and record.get("type") == "commune-actuelle"
    }
    expected, official_names = {}, {}
    for member in members:
        epci = epci_by_siren.get(member.siren)
        if epci is None:
            raise DecoupageError(
                f"epci.json: no EPCI with SIREN {member.siren} for the member “{member.name}”."
            )
        official_names[member.siren] = _text(epci, "nom", f"epci.json: EPCI {member.siren}")
        rows = epci.get("membres")
        if not isinstance(rows, list):
            raise DecoupageError(f"epci.json: malformed record for SIREN {member.siren}.")
        for row in rows:
            code, values = _commune(row, cog, member, millesime, official_names[member.siren])
            if code in expected:
                raise DecoupageError(
                    f"epci.json: commune {code} is listed in two member agglomerations."
                )
            expected[code] = values
    return expected, official_names


def _text(record, key, where):
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DecoupageError(f"{where}: malformed record ({key!r} missing or empty).")
    return value.strip()


def _count(record, key, where):
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DecoupageError(f"{where}: malformed record ({key!r} is not a population).")
    return value


def _commune(row, cog, member, millesime, epci_name):
    """One commune of an agglomeration, its data checked: a wrong type never reaches the database
    (sorted, a postal code given as text would become five one-digit codes)."""
    where = f"epci.json: a commune of SIREN {member.siren}"
    if not isinstance(row, dict):
        raise DecoupageError(f"{where}: malformed record (not an object).")
    code = _text(row, "code", where)
    where = f"epci.json: commune {code}"
    if code not in cog:
        raise DecoupageError(f"communes.json: commune {code} of {epci_name} is missing.")
    postal_codes = cog[code].get("codesPostaux", [])
    if not isinstance(postal_codes, list) or not all(
        isinstance(postal, str) and len(postal) == 5 and postal.isdigit() for postal in postal_codes
    ):
        raise DecoupageError(f"communes.json: commune {code}: malformed postal codes.")
    return code, {
        "siren": row.get("siren") or cog[code].get("siren", ""),
        "name": _text(row, "nom", where),
        "postal_codes": sorted(postal_codes),
        "population_municipale": _count(row, "populationMunicipale", where),
        "population_totale": _count(row, "populationTotale", where),
        "millesime": millesime,
        "departement_code": cog[code].get("departement", ""),
        "region_code": cog[code].get("region", ""),
        "member_id": member.pk,
    }


def import_decoupage(source, millesime=None, dry_run=False):
    """Bring the communes of the member agglomerations in line with `source`; return a report.

    Idempotent: a second run with the same data changes nothing. Runs in one transaction, rolled
    back on any error or when `dry_run` is set.
    """
    millesime = millesime or read_millesime(source)
    if not millesime:
        raise DecoupageError("The data vintage is unknown: pass --millesime (e.g. 2026).")
    epci_data = read_source(source, "epci.json")
    communes_data = read_source(source, "communes.json")
    members = list(Member.objects.filter(kind=MemberKind.AGGLOMERATION))
    if not members:
        raise DecoupageError("No member agglomeration is defined: run the migrations first.")
    if missing := [member.name for member in members if not member.siren]:
        raise DecoupageError(f"These members have no SIREN: {', '.join(missing)}.")
    expected, official_names = expected_communes(epci_data, communes_data, members, millesime)
    member_names = {member.pk: member.short_name or member.name for member in members}

    report = ImportReport()
    with transaction.atomic():
        existing = {commune.insee_code: commune for commune in Commune.objects.all()}
        for code, values in expected.items():
            commune = existing.get(code)
            if commune is None:
                Commune.objects.create(insee_code=code, **values)
                report.created.append(values["name"])
                continue
            changes = {
                name: (getattr(commune, name), values[name])
                for name in DATA_FIELDS
                if getattr(commune, name) != values[name]
            }
            if not changes:
                report.unchanged += 1
                continue
            for name, (_old, new) in changes.items():
                setattr(commune, name, new)
            commune.save(update_fields=list(changes))
            if "member_id" in changes:
                old, new = changes.pop("member_id")
                changes["member"] = (member_names.get(old, old), member_names[new])
            report.updated[commune.name] = changes
        gone = [commune for code, commune in existing.items() if code not in expected]
        report.removed = [commune.name for commune in gone]
        Commune.objects.filter(pk__in=[commune.pk for commune in gone]).delete()
        for member in members:
            if member.official_name != (name := official_names[member.siren]):
                Member.objects.filter(pk=member.pk).update(official_name=name)
                report.renamed[member.short_name or member.name] = (member.official_name, name)
        if dry_run:
            transaction.set_rollback(True)
    return report
