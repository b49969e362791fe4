"""The Pôle's public data as files anyone may reuse (Licence Ouverte 2.0), streamed row by row.

Each dataset names its columns once; the /donnees/ page documents them from the same list and
the CSV and JSON files are written from it, so the documentation cannot drift from the files.
Column names are French (like most French public data); translated texts come as `<name>` (the
French reference) and `<name>_en`. Only published content is exported.
"""

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from territoire.models import Commune, Member

CHUNK_SIZE = 500
LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
OFFICIAL_SOURCE = _(
    "INSEE Code officiel géographique, DGCL composition of the intercommunalités, INSEE legal "
    "populations and La Poste postal codes, as published by Etalab in the package "
    "@etalab/decoupage-administratif (Licence Ouverte 2.0)."
)
EDITORIAL_SOURCE = _(
    "The Pôle métropolitain de l'Artois, which publishes this content on this site."
)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable


def _french_url(instance):
    """The page's French address: the files are the same whatever the visitor's language."""
    with translation.override("fr"):
        return instance.get_absolute_url()


@dataclass(frozen=True)
class Freshness:
    rows: int
    as_of: date | int | None


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    source: str
    columns: tuple[Column, ...]
    rows: Callable[[], QuerySet]
    freshness: Callable[[], Freshness]
    date_label: str

    def header(self):
        return [column.name for column in self.columns]

    def records(self, absolute_url):
        """One dict per row, in column order; `absolute_url` turns a path into a full address."""
        for instance in self.rows().iterator(chunk_size=CHUNK_SIZE):
            yield {column.name: column.value(instance, absolute_url) for column in self.columns}

    def filename(self, extension):
        return f"pole-artois-{self.slug}.{extension}"


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be yielded."""

    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def csv_lines(dataset, absolute_url) -> Iterable[str]:
    """The dataset as CSV (comma, UTF-8 with a byte-order mark so spreadsheets read accents)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(dataset.header())
    for record in dataset.records(absolute_url):
        yield writer.writerow([_csv_cell(value) for value in record.values()])


def json_chunks(dataset, absolute_url) -> Iterable[str]:
    """The dataset as a JSON array of objects, written one object at a time."""
    separator = "[\n"
    for record in dataset.records(absolute_url):
        yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def _communes_freshness():
    figures = Commune.objects.in_pole().aggregate(rows=Count("pk"), as_of=Max("millesime"))
    return Freshness(**figures)


def _members_freshness():
    figures = Member.objects.aggregate(
        rows=Count("pk", distinct=True), as_of=Max("communes__millesime")
    )
    return Freshness(**figures)


COMMUNES = Dataset(
    slug="communes",
    title=_("Communes of the Pôle"),
    description=_(
        "Every commune of the three agglomerations that are members of the Pôle, with its codes, "
        "its legal populations and its agglomeration."
    ),
    source=OFFICIAL_SOURCE,
    date_label=_("Vintage (millésime) of the official data"),
    rows=lambda: Commune.objects.in_pole().select_related("member").order_by("insee_code"),
    freshness=_communes_freshness,
    columns=(
        Column(
            "code_insee", _("INSEE code of the commune (5 characters)."), lambda c, u: c.insee_code
        ),
        Column("nom", _("Official name."), lambda c, u: c.name),
        Column("siren", _("SIREN number of the commune (9 digits)."), lambda c, u: c.siren),
        Column(
            "codes_postaux",
            _("Postal codes; in the CSV file, separated by semicolons; in JSON, a list."),
            lambda c, u: c.postal_codes,
        ),
        Column(
            "population_municipale",
            _("Municipal population (INSEE legal population)."),
            lambda c, u: c.population_municipale,
        ),
        Column(
            "population_totale",
            _("Total population (municipal population plus people counted elsewhere)."),
            lambda c, u: c.population_totale,
        ),
        Column("millesime", _("Year of the official data (millésime)."), lambda c, u: c.millesime),
        Column("code_departement", _("Département code."), lambda c, u: c.departement_code),
        Column("code_region", _("Région code."), lambda c, u: c.region_code),
        Column(
            "epci_siren",
            _("SIREN number of the commune's agglomeration (member of the Pôle)."),
            lambda c, u: c.member.siren,
        ),
        Column("epci_nom", _("Name of the agglomeration."), lambda c, u: c.member.name_fr),
        Column("url", _("Page of the commune on this site."), lambda c, u: u(_french_url(c))),
    ),
)

MEMBERS = Dataset(
    slug="membres",
    title=_("Member collectivities"),
    description=_(
        "The four collectivities that form the Pôle: three communautés d'agglomération and the "
        "Département du Pas-de-Calais, with their number of communes and population in the Pôle."
    ),
    source=OFFICIAL_SOURCE,
    date_label=_("Vintage (millésime) of the official data"),
    rows=lambda: Member.objects.with_figures().annotate(millesime=Max("communes__millesime")),
    freshness=_members_freshness,
    columns=(
        Column("identifiant", _("Stable identifier on this site."), lambda m, u: m.slug),
        Column("nom", _("Name, in French."), lambda m, u: m.name_fr),
        Column(
            "nom_en",
            _("Name, in English (empty when not translated)."),
            lambda m, u: m.name_en or "",
        ),
        Column(
            "type",
            _("“ca” for a communauté d'agglomération, “departement” for the Département."),
            lambda m, u: m.kind,
        ),
        Column("siren", _("SIREN number (9 digits; empty when unknown)."), lambda m, u: m.siren),
        Column(
            "code_insee",
            _("For the Département: its number."),
            lambda m, u: m.insee_code,
        ),
        Column(
            "nombre_communes",
            _(
                "Number of its communes in the Pôle (0 for the Département, whose communes are "
                "counted in the agglomerations)."
            ),
            lambda m, u: m.commune_count,
        ),
        Column(
            "population_municipale",
            _("Sum of the municipal populations of those communes (empty for the Département)."),
            lambda m, u: m.population,
        ),
        Column(
            "millesime",
            _("Year of the official data the figures come from."),
            lambda m, u: m.millesime,
        ),
        Column("url", _("Page of the member on this site."), lambda m, u: u(_french_url(m))),
    ),
)

DATASETS = (COMMUNES, MEMBERS)
DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
