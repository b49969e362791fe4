"""The territory of the Pôle: its member collectivities, their communes and the SCoTs.

Communes, populations and EPCI membership come from official data (INSEE COG, DGCL) through the
`import_decoupage` command; the editorial fields (descriptions, logos) are the director's and
survive every re-import.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from pole_artois.core.cache import cached_until_written
from pole_artois.core.images import (
    ValidatedImageField,
    alt_text_field,
    check_alt_text,
    decorative_field,
)
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.text import fold, to_slug
from pole_artois.core.uploads import SafeUploadTo


class MemberKind(models.TextChoices):
    AGGLOMERATION = "ca", _("Communauté d'agglomération")
    DEPARTEMENT = "departement", _("Département")


class MemberQuerySet(models.QuerySet):
    def with_figures(self):
        """Members annotated with their number of communes and population, in one query."""
        return self.annotate(
            commune_count=Count("communes"),
            population=Sum("communes__population_municipale"),
            population_total=Sum("communes__population_totale"),
        )


class Member(models.Model):
    """One of the four collectivities that form the Pôle (its statutes fix the list)."""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of the page's address."))
    kind = models.CharField(_("kind"), max_length=16, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    official_name = models.CharField(
        _("official name in the data"),
        max_length=200,
        blank=True,
        help_text=_("Set by the import of official data."),
    )
    siren = models.CharField(
        _("SIREN"), max_length=9, unique=True, null=True, blank=True, help_text=_("9 digits.")
    )
    insee_code = models.CharField(
        _("INSEE code"), max_length=5, blank=True, help_text=_("For a département: its number.")
    )
    description = models.TextField(_("description"), blank=True)
    logo = ValidatedImageField(_("logo"), upload_to=SafeUploadTo("territoire/logos"), blank=True)
    logo_alt = alt_text_field()
    logo_decorative = decorative_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    search = SearchColumns(
        title="name",
        names=("short_name",),
        texts=("description",),
        codes=("official_name", "siren"),
        translated=("name", "short_name", "description"),
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("member collectivity")
        indexes = search_indexes("member")
        verbose_name_plural = _("member collectivities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territoire:member", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "logo")

    @property
    def is_agglomeration(self):
        return self.kind == MemberKind.AGGLOMERATION


class CommuneQuerySet(models.QuerySet):
    def in_pole(self):
        return self.filter(member__isnull=False)

    def matching(self, text):
        """Communes whose name contains `text`, ignoring case and accents ("lievin" → Liévin)."""
        return self.filter(search_name__contains=fold(text))


class Commune(models.Model):
    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    population_municipale = models.PositiveIntegerField(_("municipal population"), default=0)
    population_totale = models.PositiveIntegerField(_("total population"), default=0)
    millesime = models.PositiveSmallIntegerField(
        _("data vintage"), help_text=_("Year of the official data (millésime).")
    )
    departement_code = models.CharField(_("département code"), max_length=3, blank=True)
    region_code = models.CharField(_("région code"), max_length=3, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("agglomeration"),
        related_name="communes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    # Derived from the contours by `import_contours`: the maps read them as they are.
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True, editable=False)
    map_path = models.TextField(_("outline on the territory map"), blank=True, editable=False)
    map_box = models.JSONField(default=list, blank=True, editable=False)
    neighbours = models.ManyToManyField(
        "self", verbose_name=_("neighbouring communes"), blank=True, editable=False
    )

    # The names of its agglomeration are searched too (discovery's search joins them).
    search = SearchColumns(
        title="name",
        texts=("description",),
        codes=("insee_code", "postal_codes"),
        translated=("description",),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "insee_code"]
        indexes = search_indexes("commune")
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = to_slug(self.name)
        self.search_name = fold(self.name)
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "slug", "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "territoire:commune", kwargs={"insee_code": self.insee_code, "slug": self.slug}
        )

    @property
    def postal_codes_display(self):
        return ", ".join(self.postal_codes)

    @property
    def density(self):
        """Inhabitants per km², from the municipal population and the contour's area."""
        if not self.area_km2:
            return None
        return round(self.population_municipale / self.area_km2)


def concerned_communes(related_name, help_text):
    """The communes a content of another app (an objective, a news article…) is about: it is then
    listed on their pages. The other app declares it; `territoire` knows nothing of that app."""
    return models.ManyToManyField(
        Commune,
        verbose_name=_("communes concerned"),
        related_name=related_name,
        limit_choices_to={"member__isnull": False},
        blank=True,
        help_text=help_text,
    )


def concerned_agglomerations(related_name, help_text):
    """The agglomerations a content is about: it is then listed on the pages of all their
    communes. Not the Département, which covers the whole Pôle: content about the whole territory
    names no place."""
    return models.ManyToManyField(
        Member,
        verbose_name=_("agglomerations concerned"),
        related_name=related_name,
        limit_choices_to={"kind": MemberKind.AGGLOMERATION},
        blank=True,
        help_text=help_text,
    )


def concerning(model, commune, field="pk"):
    """A condition true for the rows whose `field` (their key, or a foreign key to `model`) is a
    `model` naming `commune` in its `communes`, or its agglomeration in its `agglomerations`.
    Sub-queries, not joins: a content naming both is found once."""
    name = model._meta.model_name
    named = Q(
        **{f"{field}__in": model.communes.through.objects.filter(commune=commune).values(name)}
    )
    if commune.member_id:
        agglomerations = model.agglomerations.through.objects.filter(member=commune.member_id)
        named |= Q(**{f"{field}__in": agglomerations.values(name)})
    return named


# The directory names days in French; pages name them in their own language.
DAYS = {
    "lundi": _("Monday"),
    "mardi": _("Tuesday"),
    "mercredi": _("Wednesday"),
    "jeudi": _("Thursday"),
    "vendredi": _("Friday"),
    "samedi": _("Saturday"),
    "dimanche": _("Sunday"),
}


class TownHall(models.Model):
    """How to reach a commune's town hall, as the State's Annuaire de l'administration says."""

    commune = models.OneToOneField(
        Commune, verbose_name=_("commune"), related_name="town_hall", on_delete=models.CASCADE
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=200)
    retrieved_on = models.DateField(_("data retrieved on"))

    class Meta:
        verbose_name = _("town hall")
        verbose_name_plural = _("town halls")

    def __str__(self):
        return self.commune.name

    @property
    def opening_lines(self):
        """The opening hours as sentences of the page's language ("lundi au vendredi : 09:00-12:30,
        13:30-18:00"), from the directory's French day names and ISO times."""
        lines = []
        for first, last, slots in self.opening_hours:
            days = DAYS.get(first, first)
            if last and last != first:
                days = _("%(first)s to %(last)s") % {"first": days, "last": DAYS.get(last, last)}
            hours = ", ".join(
                f"{formats.time_format(datetime.time.fromisoformat(opens))}\u2013"
                f"{formats.time_format(datetime.time.fromisoformat(closes))}"
                for opens, closes in slots
            )
            lines.append(_("%(days)s: %(hours)s") % {"days": days, "hours": hours})
        return lines


class Scot(models.Model):
    """A schéma de cohérence territoriale covering part of the Pôle."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("members covered"), related_name="scots", blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("SCoT")
        verbose_name_plural = _("SCoTs")

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class KeyFigures:
    communes: int
    population: int
    population_total: int
    intercommunalites: int
    scots: int
    departements: int
    regions: int
    millesime: int | None

    @classmethod
    def compute(cls):
        """Today's figures, from the official data: two queries, whatever the territory's size."""
        communes = Commune.objects.in_pole().aggregate(
            communes=Count("pk"),
            population=Sum("population_municipale", default=0),
            population_total=Sum("population_totale", default=0),
            departements=Count("departement_code", distinct=True, filter=~Q(departement_code="")),
            regions=Count("region_code", distinct=True, filter=~Q(region_code="")),
            intercommunalites=Count("member", distinct=True),
            millesime=models.Max("millesime"),
        )
        return cls(scots=Scot.objects.count(), **communes)

    @classmethod
    def current(cls):
        """The figures the home and territory pages show: computed once for the whole site, then
        kept until communes or SCoTs are next written (an import)."""
        return cached_until_written("key-figures", (Commune, Scot), cls.compute)
