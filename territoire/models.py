"""The territory of the Pôle: its member collectivities, their communes and the SCoTs.

Communes, populations and EPCI membership come from official data (INSEE COG, DGCL) through the
`import_decoupage` command; the editorial fields (descriptions, logos) are the director's and
survive every re-import.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
