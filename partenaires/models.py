"""The Pôle's partners: neighbouring collectivities and the institutions it works with."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pole_artois.core.images import (
    ValidatedImageField,
    alt_text_field,
    check_alt_text,
    decorative_field,
)
from pole_artois.core.publication import Publishable, PublishableQuerySet
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.uploads import SafeUploadTo


class PartnerCategory(models.TextChoices):
    COLLECTIVITE = "collectivite", _("Partner collectivity")
    INSTITUTION = "institution", _("Partner institution")

    @property
    def heading(self):
        """The title of the category's section on the partners' page."""
        return {
            PartnerCategory.COLLECTIVITE: _("Partner collectivities"),
            PartnerCategory.INSTITUTION: _("Partner institutions"),
        }[self]


class PartnerQuerySet(PublishableQuerySet):
    def by_category(self):
        """[(category, [partners])] in the categories' declared order, empty categories left out."""
        partners = list(self)
        groups = [
            (category, [partner for partner in partners if partner.category == category])
            for category in PartnerCategory
        ]
        return [(category, members) for category, members in groups if members]


class Partner(Publishable):
    """A collectivity or an institution the Pôle works with, shown on the partners' page."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page's address; fixed once created, so that links keep working."),
    )
    category = models.CharField(_("category"), max_length=16, choices=PartnerCategory.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("Used where space is short.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Partners are listed by increasing order.")
    )
    logo = ValidatedImageField(_("logo"), upload_to=SafeUploadTo("partenaires"), blank=True)
    logo_alt = alt_text_field()
    logo_decorative = decorative_field()

    search = SearchColumns(
        title="name",
        names=("short_name",),
        texts=("description",),
        translated=("name", "description"),
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        # By category first: a partner moves up or down among those of its own category.
        ordering = ["category", "order", "name"]
        indexes = search_indexes("partner")
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_alt_text(self, "logo")

    def get_absolute_url(self):
        return reverse("partenaires:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name
