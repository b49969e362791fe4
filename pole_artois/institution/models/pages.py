"""Editorial pages at fixed addresses: the presentation of the Pôle and the legal pages."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pole_artois.core.richtext import RichTextField
from pole_artois.core.search import SearchColumns, search_indexes


class Page(models.Model):
    """A page every visitor may need, whose address never changes; editors write its text.

    The pages exist from the first migration on (the footer links to them): they are edited, never
    added nor deleted.
    """

    class Key(models.TextChoices):
        PRESENTATION = "le-pole", _("Presentation of the Pôle")
        LEGAL_NOTICE = "mentions-legales", _("Legal notice")
        PERSONAL_DATA = "donnees-personnelles", _("Personal data")
        ACCESSIBILITY = "accessibilite", _("Accessibility")

    key = models.CharField(
        _("page"), max_length=30, choices=Key.choices, unique=True, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences, shown under the title and by search engines."),
    )
    body = RichTextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    search = SearchColumns(
        title="title", texts=("summary", "body"), translated=("title", "summary", "body")
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("page")
        indexes = search_indexes("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(URL_NAMES[self.key])


URL_NAMES = {
    Page.Key.PRESENTATION: "institution:pole",
    Page.Key.LEGAL_NOTICE: "institution:legal-notice",
    Page.Key.PERSONAL_DATA: "institution:personal-data",
    Page.Key.ACCESSIBILITY: "institution:accessibility",
}
