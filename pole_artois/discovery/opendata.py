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
from django.db.models import CharField, Count, Exists, Max, Prefetch, Q, QuerySet, Subquery, Value
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chantiers.models import IndicatorValue, Milestone, Objective
from partenaires.models import Partner
from pole_artois.core.text import html_to_text
from pole_artois.institution.models import Deliberation, Event, PoleIdentity
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
    # The day of the newest change, when `as_of` is something else (a planned date, a
    # measurement's date); None when `as_of` is that day (or the millésime).
    changed_on: date | None = None

    @property
    def modified(self):
        """When the data last changed: a day, a millésime (a year), or None without rows."""
        return self.changed_on or self.as_of


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
    # The national schema (e.g. SCDL's) the files follow, as its canonical URL; the DCAT
    # catalogue states it as dct:conformsTo.
    conforms_to: str | None = None
    # Spreadsheets need the byte-order mark to read accents; a national schema may say
    # plain UTF-8 instead.
    csv_bom: bool = True
    # How the catalogue (discovery.catalogue) classifies the dataset: words in French, besides
    # the Pôle's name, which every dataset has; a theme of the EU's vocabulary (THEMES there);
    # how often it changes; the SCDL's spatial granularity ("Communale", "Intercommunale"…).
    keywords: tuple[str, ...] = ()
    theme: str = "GOVE"
    frequency: str = "continuous"
    granularity: str = "Autre"

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


# A spreadsheet runs a cell starting with one of these as a formula: a partner named
# "=HYPERLINK(…)" must stay text (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _timestamp(value):
    """Dates and times written the same way in both formats, to the second."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ";".join(str(item) for item in value)
    value = _timestamp(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(dataset, absolute_url) -> Iterable[str]:
    """The dataset as CSV (comma, UTF-8 with a byte-order mark so spreadsheets read accents)."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" if dataset.csv_bom else "") + writer.writerow(dataset.header())
    for record in dataset.records(absolute_url):
        yield writer.writerow([_csv_cell(value) for value in record.values()])


def json_chunks(dataset, absolute_url) -> Iterable[str]:
    """The dataset as a JSON array of objects, written one object at a time."""
    separator = "[\n"
    for record in dataset.records(absolute_url):
        record = {name: _timestamp(value) for name, value in record.items()}
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
        "Every commune of the agglomerations that are members of the Pôle, with its codes, its "
        "legal populations and its agglomeration."
    ),
    source=OFFICIAL_SOURCE,
    date_label=_("Vintage (millésime) of the official data"),
    rows=lambda: Commune.objects.in_pole().select_related("member").order_by("insee_code"),
    freshness=_communes_freshness,
    keywords=("communes", "population", "code officiel géographique", "intercommunalité"),
    theme="REGI",
    frequency="annual",
    granularity="Communale",
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
        "The collectivities that form the Pôle, communautés d'agglomération and Département, with "
        "their number of communes and population in the Pôle."
    ),
    source=OFFICIAL_SOURCE,
    date_label=_("Vintage (millésime) of the official data"),
    rows=lambda: Member.objects.with_figures().annotate(millesime=Max("communes__millesime")),
    freshness=_members_freshness,
    keywords=("intercommunalité", "communauté d'agglomération", "département", "population"),
    theme="REGI",
    frequency="annual",
    granularity="Intercommunale",
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


def _shared_freshness(figures, slug):
    """The freshness of one of the files whose figures `figures()` reads in a single query: the
    /donnees/ page calls `figures` once for all of them (its `shared` attribute)."""

    def freshness():
        return figures()[slug]

    freshness.shared = figures
    return freshness


def _editorial_figures():
    """The figures of the partners and events files, in one query (a UNION of two aggregates)."""
    querysets = {
        "partenaires": Partner.objects.published(),
        "evenements": Event.objects.published(),
    }
    first, *others = [
        queryset.order_by()
        .annotate(r_file=Value(slug, CharField()))
        .values("r_file")
        .annotate(rows=Count("pk"), as_of=Max("updated_at"))
        .values_list("r_file", "rows", "as_of")
        for slug, queryset in querysets.items()
    ]
    return {
        slug: Freshness(rows=rows, as_of=as_of and timezone.localdate(as_of))
        for slug, rows, as_of in first.union(*others, all=True).order_by()
    }


def _modified(instance, absolute_url):
    return timezone.localdate(instance.updated_at)


LAST_MODIFIED = _("Last modified")


PARTNERS = Dataset(
    slug="partenaires",
    title=_("Partners"),
    description=_("The collectivities and institutions the Pôle works with."),
    source=EDITORIAL_SOURCE,
    date_label=LAST_MODIFIED,
    rows=Partner.objects.published,
    freshness=_shared_freshness(_editorial_figures, "partenaires"),
    keywords=("partenaires", "coopération territoriale"),
    columns=(
        Column("identifiant", _("Stable identifier on this site."), lambda p, u: p.slug),
        Column("nom", _("Name, in French."), lambda p, u: p.name_fr),
        Column(
            "nom_en",
            _("Name, in English (empty when not translated)."),
            lambda p, u: p.name_en or "",
        ),
        Column("nom_court", _("Short name, when it has one."), lambda p, u: p.short_name),
        Column(
            "categorie",
            _(
                "“collectivite” for a partner collectivity, “institution” for a partner "
                "institution."
            ),
            lambda p, u: p.category,
        ),
        Column("description", _("Description, in French."), lambda p, u: p.description_fr),
        Column(
            "description_en",
            _("Description, in English (empty when not translated)."),
            lambda p, u: p.description_en or "",
        ),
        Column("site_web", _("Its own website, when known."), lambda p, u: p.website),
        Column("modifie_le", _("Date of the last modification on this site."), _modified),
        Column("url", _("Page of the partner on this site."), lambda p, u: u(_french_url(p))),
    ),
)


def _chantiers_figures():
    """The figures of the objectives, milestones and indicator values files, in one query."""
    figures = Objective.objects.published().aggregate(
        objectifs=Count("pk", distinct=True),
        objectifs_date=Max("updated_at"),
        jalons=Count("milestones", distinct=True),
        jalons_date=Max("milestones__planned_date"),
        jalons_modifies=Max("milestones__updated_at"),
        valeurs=Count("indicators__values", distinct=True),
        valeurs_date=Max("indicators__values__date"),
        valeurs_ajoutees=Max("indicators__values__created_at"),
    )

    def day(moment):
        return moment and timezone.localdate(moment)

    return {
        "objectifs": Freshness(figures["objectifs"], day(figures["objectifs_date"])),
        "jalons": Freshness(
            figures["jalons"], figures["jalons_date"], day(figures["jalons_modifies"])
        ),
        "valeurs-indicateurs": Freshness(
            figures["valeurs"], figures["valeurs_date"], day(figures["valeurs_ajoutees"])
        ),
    }


def freshness_of(datasets):
    """[(dataset, its freshness)]: datasets whose figures come from one query share it."""
    shared = {}
    listed = []
    for dataset in datasets:
        group = getattr(dataset.freshness, "shared", None)
        if group is None:
            listed.append((dataset, dataset.freshness()))
            continue
        if group not in shared:
            shared[group] = group()
        listed.append((dataset, shared[group][dataset.slug]))
    return listed


def _objectives():
    return (
        Objective.objects.published()
        .select_related("chantier")
        .prefetch_related("members", Prefetch("partners", queryset=Partner.objects.published()))
        .order_by("chantier__order", "chantier__pk", "order", "pk")
    )


OBJECTIVES = Dataset(
    slug="objectifs",
    title=_("Objectives of the chantiers"),
    description=_(
        "The objectives of the Pôle's chantiers, with the members and partners involved in each "
        "one."
    ),
    source=EDITORIAL_SOURCE,
    date_label=LAST_MODIFIED,
    rows=_objectives,
    freshness=_shared_freshness(_chantiers_figures, "objectifs"),
    keywords=("projet de territoire", "objectifs", "politiques publiques"),
    columns=(
        Column("identifiant", _("Stable number of the objective on this site."), lambda o, u: o.pk),
        Column(
            "chantier", _("Title of its chantier, in French."), lambda o, u: o.chantier.title_fr
        ),
        Column("titre", _("Title, in French."), lambda o, u: o.title_fr),
        Column(
            "titre_en",
            _("Title, in English (empty when not translated)."),
            lambda o, u: o.title_en or "",
        ),
        Column("resume", _("Summary, in French."), lambda o, u: o.summary_fr),
        Column(
            "resume_en",
            _("Summary, in English (empty when not translated)."),
            lambda o, u: o.summary_en or "",
        ),
        Column(
            "membres",
            _("Identifiers of the members involved (see the “Member collectivities” file)."),
            lambda o, u: [member.slug for member in o.members.all()],
        ),
        Column(
            "partenaires",
            _("Identifiers of the partners involved (see the “Partners” file)."),
            lambda o, u: [partner.slug for partner in o.partners.all()],
        ),
        Column("modifie_le", _("Date of the last modification on this site."), _modified),
        Column("url", _("Page of the objective on this site."), lambda o, u: u(_french_url(o))),
    ),
)


def _scdl_identity():
    """The Pôle's identity once its SIRET is entered: every row of the SCDL file needs it."""
    return PoleIdentity.objects.filter(pk=1).exclude(siret="")


def _acts_figures():
    """The figures of both files of acts, in one query."""
    in_scdl = ~Q(matter="") & Q(Exists(_scdl_identity()))
    figures = Deliberation.objects.published().aggregate(
        rows=Count("pk"),
        as_of=Max("updated_at"),
        scdl_rows=Count("pk", filter=in_scdl),
        scdl_as_of=Max("updated_at", filter=in_scdl),
    )

    def freshness(rows, as_of):
        return Freshness(figures[rows], figures[as_of] and timezone.localdate(figures[as_of]))

    return {
        "actes": freshness("rows", "as_of"),
        "deliberations-scdl": freshness("scdl_rows", "scdl_as_of"),
    }


def _act_document(act, absolute_url):
    return absolute_url(act.get_document_url()) if act.document else None


ACTS = Dataset(
    slug="actes",
    title=_("Acts of the comité syndical"),
    description=_(
        "The délibérations of the comité syndical published on this site, the official "
        "publication of the Pôle's acts, with the outcome of each vote and a link to its full text."
    ),
    source=EDITORIAL_SOURCE,
    date_label=LAST_MODIFIED,
    rows=lambda: Deliberation.objects.published().in_register_order(),
    freshness=_shared_freshness(_acts_figures, "actes"),
    keywords=("délibérations", "actes administratifs", "comité syndical"),
    columns=(
        Column("numero", _("Number of the act."), lambda d, u: d.number),
        Column("objet", _("Subject, in French."), lambda d, u: d.subject_fr),
        Column(
            "objet_en",
            _("Subject, in English (empty when not translated)."),
            lambda d, u: d.subject_en or "",
        ),
        Column(
            "date_seance",
            _("Date of the séance that adopted or rejected it."),
            lambda d, u: d.seance.date,
        ),
        Column("resultat", _("“adopted” or “rejected”."), lambda d, u: d.outcome),
        Column("voix_pour", _("Votes for (empty when not recorded)."), lambda d, u: d.votes_for),
        Column(
            "voix_contre",
            _("Votes against (empty when not recorded)."),
            lambda d, u: d.votes_against,
        ),
        Column(
            "abstentions", _("Abstentions (empty when not recorded)."), lambda d, u: d.abstentions
        ),
        Column(
            "etat",
            _("“in-force”, “corrected” (its text was corrected) or “withdrawn”."),
            lambda d, u: d.state,
        ),
        Column(
            "en_ligne_depuis",
            _("Date and time it was first published on this site."),
            lambda d, u: d.online_at and timezone.localtime(d.online_at),
        ),
        Column("texte_pdf", _("Address of its full text (PDF)."), _act_document),
        Column(
            "texte_sha256",
            _("SHA-256 fingerprint of its full text, to check a downloaded copy."),
            lambda d, u: d.document_sha256,
        ),
        Column("url", _("Page of the act on this site."), lambda d, u: u(_french_url(d))),
    ),
)


SCDL_DELIBERATIONS = "https://gitlab.com/opendatafrance/scdl/deliberations/raw/v2.1.5/schema.json"


def _scdl_acts():
    """Published acts with their ACTES matter, each with the Pôle's name and SIRET read in the
    same query; none until the SIRET is entered, which every row of the schema needs."""
    identity = _scdl_identity()
    return (
        Deliberation.objects.published()
        .exclude(matter="")
        .filter(Exists(identity))
        .annotate(
            coll_nom=Subquery(identity.values("name")),
            coll_siret=Subquery(identity.values("siret")),
        )
        .in_register_order()
    )


def _vote(name):
    """A vote count for the schema, which wants the five counts together or none."""

    def value(act, absolute_url):
        return getattr(act, name) if act.vote_recorded else None

    return value


SCDL_ACTS = Dataset(
    slug="deliberations-scdl",
    title=_("Délibérations in the national format (SCDL)"),
    description=_(
        "The same acts in the national schema of the délibérations of local authorities (SCDL "
        "« Délibérations » 2.1.5), which data.gouv.fr and the other local authorities use: "
        "those whose ACTES matter is recorded, once the Pôle's SIRET is entered. The CSV file "
        "is plain UTF-8 (without byte-order mark), as the schema asks."
    ),
    source=EDITORIAL_SOURCE,
    date_label=LAST_MODIFIED,
    rows=_scdl_acts,
    freshness=_shared_freshness(_acts_figures, "deliberations-scdl"),
    conforms_to=SCDL_DELIBERATIONS,
    csv_bom=False,
    columns=(
        Column("COLL_NOM", _("Name of the Pôle."), lambda d, u: d.coll_nom),
        Column("COLL_SIRET", _("SIRET number of the Pôle."), lambda d, u: d.coll_siret),
        Column("DELIB_ID", _("Number of the act."), lambda d, u: d.number),
        Column("DELIB_DATE", _("Date of the séance that adopted it."), lambda d, u: d.seance.date),
        Column(
            "DELIB_MATIERE_CODE",
            _("Code of its matter in the ACTES classification (level 2), e.g. 5.7."),
            lambda d, u: d.matter,
        ),
        Column(
            "DELIB_MATIERE_NOM",
            _(
                "Names of its matter and sub-matter, e.g. "
                "institutions et vie politique/intercommunalité."
            ),
            lambda d, u: d.matter_entry.scdl_name,
        ),
        Column("DELIB_OBJET", _("Subject, in French."), lambda d, u: d.subject_fr),
        Column(
            "BUDGET_ANNEE",
            _("Year or years of the budget concerned (empty when none)."),
            lambda d, u: d.budget_year,
        ),
        Column("BUDGET_NOM", _("Name of that budget."), lambda d, u: d.budget_name),
        Column(
            "PREF_ID",
            _("Code of the legality control authority, e.g. PREF062 (empty when not known)."),
            lambda d, u: d.control_authority,
        ),
        Column(
            "PREF_DATE",
            _("Date the prefecture received it (empty when not known)."),
            lambda d, u: d.transmitted_on,
        ),
        Column(
            "VOTE_EFFECTIF",
            _("Members in office; the five vote counts are given together or left empty."),
            _vote("members_in_office"),
        ),
        Column("VOTE_REEL", _("Members who took part in the vote."), _vote("voters")),
        Column("VOTE_POUR", _("Votes for."), _vote("votes_for")),
        Column("VOTE_CONTRE", _("Votes against."), _vote("votes_against")),
        Column("VOTE_ABSTENTION", _("Abstentions."), _vote("abstentions")),
        Column("DELIB_URL", _("Address of its full text (PDF)."), _act_document),
    ),
)


def _of_published_objectives(queryset, prefix=""):
    return queryset.filter(**{f"{prefix}objective__in": Objective.objects.published()})


def _milestones():
    return (
        _of_published_objectives(Milestone.objects)
        .select_related("objective")
        .order_by("objective", "planned_date", "pk")
    )


MILESTONES = Dataset(
    slug="jalons",
    title=_("Milestones of the objectives"),
    description=_(
        "The milestones of the published objectives: what is planned, for when, and whether it "
        "was reached, postponed or abandoned."
    ),
    source=EDITORIAL_SOURCE,
    date_label=_("Latest planned date"),
    rows=_milestones,
    freshness=_shared_freshness(_chantiers_figures, "jalons"),
    keywords=("projet de territoire", "jalons", "suivi"),
    columns=(
        Column(
            "objectif",
            _("Number of its objective (see the “Objectives of the chantiers” file)."),
            lambda m, u: m.objective_id,
        ),
        Column("titre", _("Title, in French."), lambda m, u: m.title_fr),
        Column(
            "titre_en",
            _("Title, in English (empty when not translated)."),
            lambda m, u: m.title_en or "",
        ),
        Column("date_prevue", _("Planned date."), lambda m, u: m.planned_date),
        Column(
            "precision",
            _("“day”, or “month” when only the month of the planned date is meant."),
            lambda m, u: m.precision,
        ),
        Column(
            "date_initiale",
            _("For a postponed milestone, the date first planned (empty otherwise)."),
            lambda m, u: m.original_date,
        ),
        Column(
            "etat",
            _("“planned”, “reached”, “postponed” or “abandoned”."),
            lambda m, u: m.state,
        ),
        Column(
            "date_atteinte", _("Date it was reached (empty otherwise)."), lambda m, u: m.reached_on
        ),
        Column("note", _("Note, in French."), lambda m, u: m.note_fr),
        Column(
            "url",
            _("Page of its objective on this site."),
            lambda m, u: u(f"{_french_url(m.objective)}#{m.anchor}"),
        ),
    ),
)


def _indicator_values():
    return (
        _of_published_objectives(IndicatorValue.objects, "indicator__")
        .select_related("indicator__objective", "member")
        .order_by("indicator__objective", "indicator__order", "indicator", "date", "pk")
    )


INDICATOR_VALUES = Dataset(
    slug="valeurs-indicateurs",
    title=_("Values of the indicators"),
    description=_(
        "The measured values of the indicators of the published objectives, for the whole Pôle "
        "or for one member, with the indicator's unit and target."
    ),
    source=EDITORIAL_SOURCE,
    date_label=_("Latest measurement"),
    rows=_indicator_values,
    freshness=_shared_freshness(_chantiers_figures, "valeurs-indicateurs"),
    keywords=("projet de territoire", "indicateurs", "suivi"),
    columns=(
        Column(
            "objectif",
            _("Number of the objective (see the “Objectives of the chantiers” file)."),
            lambda v, u: v.indicator.objective_id,
        ),
        Column("indicateur", _("Stable number of the indicator."), lambda v, u: v.indicator_id),
        Column(
            "nom_indicateur",
            _("Name of the indicator, in French."),
            lambda v, u: v.indicator.name_fr,
        ),
        Column("unite", _("Unit, in French."), lambda v, u: v.indicator.unit_fr),
        Column("date", _("Date of the measurement."), lambda v, u: v.date),
        Column(
            "valeur",
            _("Measured value (decimal point, no thousands separator)."),
            lambda v, u: format(v.value.normalize(), "f"),
        ),
        Column(
            "membre",
            _("Identifier of the member it concerns (empty: the whole Pôle)."),
            lambda v, u: v.member.slug if v.member else "",
        ),
        Column(
            "cible",
            _("Target value of the indicator (empty when none)."),
            lambda v, u: v.indicator.target_value,
        ),
        Column(
            "date_cible",
            _("Date of the target (empty when none)."),
            lambda v, u: v.indicator.target_date,
        ),
        Column("source", _("Source note of the value."), lambda v, u: v.source_note),
    ),
)


def _time(value):
    return value.isoformat(timespec="minutes") if value is not None else None


EVENTS = Dataset(
    slug="evenements",
    title=_("Public events of the Pôle"),
    description=_(
        "The public events of the Pôle other than the séances of the comité syndical (forums, "
        "consultations…), with their dates, place and registration link; cancelled ones stay, "
        "marked. Dates and times are local to France (Europe/Paris). The agenda, séances "
        "included, is also an iCalendar feed."
    ),
    source=EDITORIAL_SOURCE,
    date_label=LAST_MODIFIED,
    rows=lambda: Event.objects.published().order_by("date", "time", "pk"),
    freshness=_shared_freshness(_editorial_figures, "evenements"),
    columns=(
        Column("identifiant", _("Stable number of the event on this site."), lambda e, u: e.pk),
        Column("titre", _("Title, in French."), lambda e, u: e.title_fr),
        Column(
            "titre_en",
            _("Title, in English (empty when not translated)."),
            lambda e, u: e.title_en or "",
        ),
        Column(
            "description",
            _("Description, in French, as plain text."),
            lambda e, u: html_to_text(e.description_fr),
        ),
        Column("date_debut", _("First day."), lambda e, u: e.date),
        Column(
            "heure_debut",
            _("Start time, HH:MM (empty: the whole day)."),
            lambda e, u: _time(e.time),
        ),
        Column("date_fin", _("Last day (empty: the same day)."), lambda e, u: e.end_date),
        Column(
            "heure_fin",
            _("End time, HH:MM (empty when not given)."),
            lambda e, u: _time(e.end_time),
        ),
        Column("lieu", _("Place, as written by the Pôle."), lambda e, u: e.place),
        Column(
            "inscription",
            _("Address of the registration page (empty when none)."),
            lambda e, u: e.registration_url,
        ),
        Column(
            "annule_le",
            _("Date the cancellation was announced (empty: not cancelled)."),
            lambda e, u: e.cancelled_on,
        ),
        Column(
            "motif_annulation",
            _("Reason for the cancellation, in French."),
            lambda e, u: e.cancellation_reason_fr or "",
        ),
        Column("modifie_le", _("Date of the last modification on this site."), _modified),
        Column("url", _("Page of the event on this site."), lambda e, u: u(_french_url(e))),
        Column(
            "ical",
            _("Address of the event as an iCalendar file."),
            lambda e, u: u(_french(e.get_calendar_url)),
        ),
    ),
)


def _french(address):
    with translation.override("fr"):
        return address()


DATASETS = (
    COMMUNES,
    MEMBERS,
    PARTNERS,
    OBJECTIVES,
    MILESTONES,
    INDICATOR_VALUES,
    ACTS,
    SCDL_ACTS,
    EVENTS,
)
DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
