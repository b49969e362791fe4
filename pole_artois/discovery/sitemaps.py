"""sitemap.xml: every public page, in French and English, each with its alternates.

Content comes from the querysets the pages themselves use (`.published()` for editorial content),
so a draft never appears here. One query per section, whatever the amount of content.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.institution.models import Article, Deliberation, Event, Page, Seance
from territoire.models import Commune, Member


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        """The site's own address, not the request's Host (core/site.py)."""
        return urlsplit(settings.SITE_URL).netloc


class IndexesSitemap(BilingualSitemap):
    """Pages that are not a row of content: the home page, indexes, directories."""

    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "territoire:index",
            "territoire:communes",
            "chantiers:index",
            "chantiers:tracking",
            "partenaires:index",
            "institution:news",
            "institution:acts",
            "institution:seances",
            "institution:agenda",
            "institution:contact",
            "discovery:site-map",
            "discovery:opendata",
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(BilingualSitemap):
    """Rows of a queryset; `lastmod` when the model records its last modification."""

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset()

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


SITEMAPS = {
    "indexes": IndexesSitemap,
    "pages": ContentSitemap(Page.objects.all),
    "members": ContentSitemap(Member.objects.all),
    "communes": ContentSitemap(Commune.objects.in_pole),
    "chantiers": ContentSitemap(Chantier.objects.published),
    "objectives": ContentSitemap(lambda: Objective.objects.published().select_related("chantier")),
    "partners": ContentSitemap(Partner.objects.published),
    "news": ContentSitemap(Article.objects.published),
    "seances": ContentSitemap(Seance.objects.published),
    "events": ContentSitemap(Event.objects.published),
    "acts": ContentSitemap(Deliberation.objects.published),
}
