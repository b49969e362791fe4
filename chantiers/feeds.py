"""Atom feeds of the objectives' progress updates: the whole Pôle's, and each chantier's."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from chantiers.models import Chantier, ObjectiveUpdate
from pole_artois.core.feeds import PoleFeed
from pole_artois.core.richtext import sanitize_html

FEED_LENGTH = 30


class ObjectiveUpdatesFeed(PoleFeed):
    guid_path = "chantiers/update"

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

    def item_categories(self, update):
        return [update.objective.chantier.title]


class ChantierUpdatesFeed(ObjectiveUpdatesFeed):
    def get_object(self, request, *args, **kwargs):
        return get_object_or_404(Chantier.objects.published(), slug=kwargs["slug"])

    def title(self, chantier):
        return _("Progress of the objectives: %(chantier)s") % {"chantier": chantier.title}

    def subtitle(self, chantier):
        return chantier.summary

    def link(self, chantier):
        return chantier.get_absolute_url()

    def items(self, chantier):
        return ObjectiveUpdate.objects.for_feed().filter(objective__chantier=chantier)[:FEED_LENGTH]
