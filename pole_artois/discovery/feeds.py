"""The Atom feed of what concerns a commune (pole_artois/discovery/concerns.py)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pole_artois.core.feeds import PlainTextAtom1Feed, PoleFeed
from pole_artois.core.text import html_to_text
from pole_artois.discovery import concerns
from territoire.models import Commune

SUMMARY_WORDS = 60


class CommuneFeed(PoleFeed):
    """Objectives, progress updates and news naming a commune or its agglomeration, newest
    first, in the language of the feed's address."""

    feed_type = PlainTextAtom1Feed

    def get_object(self, request, insee_code):
        return get_object_or_404(Commune.objects.in_pole(), insee_code=insee_code)

    def title(self, commune):
        return _("The Pôle métropolitain de l'Artois in %(commune)s") % {"commune": commune.name}

    def subtitle(self, commune):
        return _(
            "Objectives, progress updates and news of the Pôle concerning %(commune)s or its "
            "agglomeration."
        ) % {"commune": commune.name}

    def link(self, commune):
        return commune.get_absolute_url()

    def feed_url(self, commune):
        return reverse("discovery:commune-feed", kwargs={"insee_code": commune.insee_code})

    def items(self, commune):
        return concerns.latest(commune, concerns.IN_FEED)

    def item_title(self, item):
        if item.context and item.kind == "update":
            return _("%(objective)s: %(update)s") % {
                "objective": item.context,
                "update": item.title,
            }
        return item.title

    def item_description(self, item):
        # Plain text, like the news feed's summaries: an update's text loses its markup.
        return Truncator(html_to_text(item.summary)).words(SUMMARY_WORDS)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return self.tag_uri(item, item.guid_path)

    def item_pubdate(self, item):
        return item.moment

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.kind_label]
