"""The three chantiers of the Pôle, their objectives, and what partners follow about each one.

An objective is public only when it and its chantier are published; an update only when its
objective is public too. Each queryset's `published()` says so, and every page, list and feed
goes through it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenaires.models import Partner
from pole_artois.core.documents import Document, PdfField
from pole_artois.core.images import (
    ValidatedImageField,
    alt_text_field,
    check_alt_text,
    decorative_field,
)
from pole_artois.core.publication import (
    Publishable,
    PublishableQuerySet,
    published_lookups,
)
from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.text import to_slug
from pole_artois.core.uploads import SafeUploadTo

# Addresses under /chantiers/ that a chantier's slug must not take.
RESERVED_SLUGS = {"flux"}


class Chantier(Publishable):
    """One of the Pôle's three programmes of work, grouping its objectives."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page's address; fixed once created, so that links keep working."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Chantiers are listed by increasing order.")
    )
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(
        _("domain"), max_length=200, help_text=_("E.g. “Territorial planning”.")
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists."))
    body = RichTextField(_("text"), blank=True)
    image = ValidatedImageField(_("image"), upload_to=SafeUploadTo("chantiers"), blank=True)
    image_alt = alt_text_field()
    image_decorative = decorative_field()

    search = SearchColumns(
        title="title",
        texts=("summary", "body"),
        codes=("domain",),
        translated=("title", "summary", "body", "domain"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chantier")
        indexes = search_indexes("chantier")
        verbose_name_plural = _("chantiers")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_alt_text(self, "image")
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by the site: choose another.")})

    def get_absolute_url(self):
        return reverse("chantiers:chantier", kwargs={"slug": self.slug})

    def get_feed_url(self):
        return reverse("chantiers:chantier-feed", kwargs={"slug": self.slug})


class ObjectiveQuerySet(PublishableQuerySet):
    def published(self):
        return super().published().filter(**published_lookups("chantier__"))

    def with_last_update(self):
        """Objectives annotated with the date of their newest published update (or None)."""
        newest = (
            ObjectiveUpdate.objects.published()
            .filter(objective=OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        )
        return self.annotate(last_update=Subquery(newest))

    def alongside(self, pk):
        """The objectives of the chantier of objective `pk`, that one included (one query for a
        page that shows an objective among its siblings)."""
        return self.filter(chantier__objectives__pk=pk).select_related("chantier")


class Objective(Publishable):
    """An objective of a chantier: what partners follow, with its updates and documents."""

    chantier = models.ForeignKey(
        Chantier,
        verbose_name=_("chantier"),
        related_name="objectives",
        on_delete=models.PROTECT,
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Objectives are listed by increasing order.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_(
            "Part of the page's address. It may change: the address also holds a number, so old "
            "links lead to the page."
        ),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists."))
    body = RichTextField(_("text"), blank=True)
    members = models.ManyToManyField(
        "territoire.Member",
        verbose_name=_("members involved"),
        related_name="objectives",
        blank=True,
    )
    partners = models.ManyToManyField(
        "partenaires.Partner",
        verbose_name=_("partners involved"),
        related_name="objectives",
        blank=True,
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)

    search = SearchColumns(
        title="title", texts=("summary", "body"), translated=("title", "summary", "body")
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("objective")
        indexes = search_indexes("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = to_slug(self.title_fr)[:100] or "objectif"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "chantiers:objective",
            kwargs={"chantier": self.chantier.slug, "pk": self.pk, "slug": self.slug},
        )

    def prefetch_page(self, user):
        """Load what the objective's page shows, as `user` may see it: four queries."""
        prefetch_related_objects(
            [self],
            Prefetch("updates", queryset=ObjectiveUpdate.objects.visible_to(user)),
            "documents",
            Prefetch("partners", queryset=Partner.objects.visible_to(user)),
            "members",
        )

    @property
    def last_updated(self):
        """The date a partner cares about: its newest update, or its own last modification."""
        modified = timezone.localdate(self.updated_at)
        last_update = getattr(self, "last_update", None)
        return max(modified, last_update) if last_update else modified

    @property
    def has_contact(self):
        return any((self.contact_name, self.contact_email, self.contact_phone))


class ObjectiveUpdateQuerySet(PublishableQuerySet):
    def published(self):
        return (
            super()
            .published()
            .filter(
                **published_lookups("objective__"), **published_lookups("objective__chantier__")
            )
        )

    def for_feed(self):
        return (
            self.published()
            .select_related("objective__chantier")
            .order_by("-date", "-published_at")
        )


class ObjectiveUpdate(Publishable):
    """A dated progress report on an objective, shown on its page and in the feeds."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="updates",
        on_delete=models.CASCADE,
    )
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("The date of the progress reported.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))

    objects = ObjectiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-published_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.objective.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"update-{self.pk}"


class ObjectiveDocument(Document):
    """A PDF offered for download on an objective's page."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        related_name="documents",
        on_delete=models.CASCADE,
    )
    file = PdfField(
        _("PDF file"),
        upload_to=SafeUploadTo("chantiers", extension="pdf"),
        help_text=_("PDF only, at most 20 MB."),
        delete_replaced=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(Document.Meta):
        ordering = ["order", "-date", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
