"""What every Atom feed of the site shares."""

import copy

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from pole_artois.core.site import absolute_url, as_site_request, site_host


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (`type="text"`): a reader shows what staff typed,
    angle brackets included, and renders none of it as markup (Django marks every summary
    `type="html"`, which suits rich text only)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PoleFeed(Feed):
    """An Atom feed whose author is the Pôle (RFC 4287 requires one) and whose entries keep their
    id whatever becomes of their title or address (RFC 4151 tag URIs under `guid_path`): a
    renamed item is not shown again as new by the readers' feed apps."""

    feed_type = Atom1Feed
    guid_path = None

    def __call__(self, request, *args, **kwargs):
        # urls.py holds one instance for every request (and thread): the request goes on a copy.
        feed = copy.copy(self)
        feed.request = request
        # Django writes the feed's and entries' links with the request's host: the site's own.
        return Feed.__call__(feed, as_site_request(request), *args, **kwargs)

    def author_name(self):
        return _("Pôle métropolitain de l'Artois")

    def author_link(self):
        return absolute_url(reverse("portal:home"))

    def item_guid(self, item):
        return self.tag_uri(item, self.guid_path)

    def tag_uri(self, item, path):
        """The id of `item` under `path`: a feed mixing kinds gives each kind's own path, so an
        entry has the same id in every feed that lists it."""
        return f"tag:{site_host()},{item.created_at:%Y-%m-%d}:{path}/{item.pk}"
