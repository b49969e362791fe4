"""sitemap.xml: every public page, in French and English, each with its alternates.

Content comes from the same querysets the pages use (`.published()` for editorial content), so a
draft never appears here.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoire.models import Commune, Member


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(BilingualSitemap):
    """Pages that are not a row of content: the home page, indexes, directories."""

    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "territoire:index",
            "territoire:communes",
            "institution:contact",
            "discovery:opendata",
        ]

    def location(self, item):
        return reverse(item)


class MembersSitemap(BilingualSitemap):
    def items(self):
        return Member.objects.all()


class CommunesSitemap(BilingualSitemap):
    def items(self):
        return Commune.objects.in_pole()


SITEMAPS = {
    "pages": PagesSitemap,
    "members": MembersSitemap,
    "communes": CommunesSitemap,
}
