"""Measured values of an indicator imported from the CSV files the agglomerations send.

A file has a header line and the columns `date`, `value` and, optionally, `member` (French
headers `date`, `valeur`, `membre` too), separated by commas or semicolons. Dates are written
2030-06-30 or 30/06/2030; values 1234.5 or 1 234,5; a member by its identifier on this site
(`lens-lievin`), its SIREN or its short name, empty for the whole Pôle. A file with any error
changes nothing and every error is named with its line; a file read again changes nothing (a value
for the same date and member replaces the stored one).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from chantiers.models import IndicatorValue
from territoire.models import Member

HEADERS = {
    "date": "date",
    "value": "value",
    "valeur": "value",
    "member": "member",
    "membre": "member",
}
MAX_ROWS = 5000


@dataclass(frozen=True)
class Row:
    line: int
    date: datetime.date
    value: Decimal
    member: Member | None
    previous: Decimal | None


@dataclass
class Report:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def created(self):
        return sum(1 for row in self.rows if row.previous is None)

    @property
    def replaced(self):
        return sum(1 for row in self.rows if row.previous is not None and row.previous != row.value)

    @property
    def unchanged(self):
        return sum(1 for row in self.rows if row.previous == row.value)


def _date(text):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(
        _("“%(text)s” is not a date (write 2030-06-30 or 30/06/2030).") % {"text": text}
    )


def _value(text):
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text})
    if abs(value) >= Decimal("1e16"):
        raise ValueError(_("“%(text)s” is too large.") % {"text": text})
    return value.quantize(Decimal("0.0001"))


def _members():
    found = {}
    for member in Member.objects.all():
        for key in (member.slug, member.siren, member.short_name_fr, member.short_name_en):
            if key:
                found[key.casefold()] = member
    return found


def read(indicator, text):
    """The rows of `text` for `indicator`, each with the value it replaces, and the errors."""
    report = Report()
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [HEADERS.get(name.strip().lstrip("\ufeff").casefold()) for name in next(reader, [])]
    if "date" not in header or "value" not in header:
        report.errors.append(
            _("Line 1: the header must name the columns “date” and “value” (and “member”).")
        )
        return report
    members = _members()
    stored = {(value.date, value.member_id): value.value for value in indicator.values.all()}
    seen = set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if line > MAX_ROWS + 1:
            report.errors.append(_("The file has more than %(max)d lines.") % {"max": MAX_ROWS})
            break
        record = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        try:
            day, value = _date(record.get("date", "")), _value(record.get("value", ""))
        except ValueError as error:
            report.errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": error})
            continue
        member = None
        if name := record.get("member"):
            member = members.get(name.casefold())
            if member is None:
                report.errors.append(
                    _("Line %(line)d: no member is called “%(name)s”.")
                    % {"line": line, "name": name}
                )
                continue
        key = (day, member.pk if member else None)
        if key in seen:
            report.errors.append(
                _("Line %(line)d: a second value for the same date and member.") % {"line": line}
            )
            continue
        seen.add(key)
        report.rows.append(Row(line, day, value, member, stored.get(key)))
    return report


def import_values(indicator, text, *, dry_run=False):
    """Read `text` and, when it has no error and this is no dry run, store its values."""
    report = read(indicator, text)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for row in report.rows:
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                date=row.date,
                member=row.member,
                defaults={"value": row.value},
            )
    return report
