"""News of the Pôle: short articles, published like every public content."""

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
from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes
from pole_artois.core.text import to_slug
from pole_artois.core.uploads import SafeUploadTo
from territoire.models import concerned_agglomerations, concerned_communes, concerning


class ArticleQuerySet(PublishableQuerySet):
    def newest(self, count):
        """The newest published articles, for the home page and the feed."""
        return self.published().order_by("-published_at")[:count]

    def concerning(self, commune):
        """The published articles that name `commune` or its agglomeration."""
        return self.published().filter(concerning(Article, commune))

    def about(self, objective):
        """The published articles related to `objective`, newest first."""
        return self.published().filter(objectives=objective).order_by("-published_at")


class Article(Publishable):
    """A news article; its date is its publication date."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("Part of the address; changing it later keeps the old address working."),
    )
    summary = models.TextField(
        _("summary"),
        help_text=_("One or two sentences, shown in lists, the feed and the home page."),
    )
    body = RichTextField(_("text"), blank=True)
    objectives = models.ManyToManyField(
        "chantiers.Objective",
        verbose_name=_("related objectives"),
        related_name="news",
        blank=True,
        help_text=_("The article is also listed on these objectives' pages."),
    )
    communes = concerned_communes(
        "news_concerning",
        _("Optional: the article is also listed on these communes' pages and in their feeds."),
    )
    agglomerations = concerned_agglomerations(
        "news_concerning",
        _("Optional: it is listed on the pages of every commune of these agglomerations."),
    )
    image = ValidatedImageField(_("image"), upload_to=SafeUploadTo("actualites"), blank=True)
    image_alt = alt_text_field()
    image_decorative = decorative_field()

    search = SearchColumns(
        title="title", texts=("summary", "body"), translated=("title", "summary", "body")
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news article")
        indexes = search_indexes("article")
        verbose_name_plural = _("news")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        check_alt_text(self, "image")

    def save(self, *args, **kwargs):
        # Whatever was typed (or imported), the address stays valid ASCII.
        self.slug = to_slug(self.slug or self.title_fr)[:200] or "actualite"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("institution:article", kwargs={"pk": self.pk, "slug": self.slug})
