from django.urls import reverse
from django.utils.translation import gettext as _

from pole_artois.core.feeds import PlainTextAtom1Feed, PoleFeed
from pole_artois.institution.models import Article

FEED_LENGTH = 20


class NewsFeed(PoleFeed):
    """The Atom feed of the news, in the language of its address (/actualites/ or /en/…)."""

    feed_type = PlainTextAtom1Feed  # an article's summary is plain text
    guid_path = "actualites/article"

    def title(self):
        return _("News of the Pôle métropolitain de l'Artois")

    def subtitle(self):
        return _("The latest news published on the Pôle's website.")

    def link(self):
        return reverse("institution:news")

    def feed_url(self):
        return reverse("institution:news-feed")

    def items(self):
        return Article.objects.newest(FEED_LENGTH)

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at
