"""Atom feeds of the objectives' progress updates: the whole Pôle's, and each chantier's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from chantiers.models import Chantier, ObjectiveUpdate
from pole_artois.core.richtext import sanitize_html

FEED_LENGTH = 30


class ObjectiveUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.host = request.get_host().partition(":")[0]
        return None

    def title(self):
        return _("Progress of the objectives of the Pôle métropolitain de l'Artois")

    def subtitle(self):
        return _("The latest progress updates on the objectives of the Pôle's chantiers.")

    def link(self):
        return reverse("chantiers:index")

    def items(self):
        return ObjectiveUpdate.objects.for_feed()[:FEED_LENGTH]

    def item_title(self, update):
        return _("%(objective)s: %(update)s") % {
            "objective": update.objective.title,
            "update": update.title,
        }

    def item_description(self, update):
        return sanitize_html(update.body)

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update.updated_at

    def item_guid(self, update):
        # Stable whatever becomes of the objective's title or address (RFC 4151 tag URI).
        return f"tag:{self.host},{update.created_at:%Y-%m-%d}:chantiers/update/{update.pk}"

    def item_categories(self, update):
        return [update.objective.chantier.title]


class ChantierUpdatesFeed(ObjectiveUpdatesFeed):
    def get_object(self, request, *args, **kwargs):
        super().get_object(request)
        return get_object_or_404(Chantier.objects.published(), slug=kwargs["slug"])

    def title(self, chantier):
        return _("Progress of the objectives: %(chantier)s") % {"chantier": chantier.title}

    def subtitle(self, chantier):
        return chantier.summary

    def link(self, chantier):
        return chantier.get_absolute_url()

    def items(self, chantier):
        return ObjectiveUpdate.objects.for_feed().filter(objective__chantier=chantier)[:FEED_LENGTH]
