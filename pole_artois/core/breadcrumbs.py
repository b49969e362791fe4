"""Breadcrumbs as data: each public view states its trail once, as a list of labels and
addresses; the layout renders the visible trail and its schema.org description from that list,
so the two cannot disagree."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


class BreadcrumbsMixin:
    """For public views: `breadcrumbs` (the trail below the home page, the page itself last), or
    `get_breadcrumbs()` when the trail depends on the object shown."""

    breadcrumbs = ()

    def get_breadcrumbs(self):
        return list(self.breadcrumbs)

    def get_context_data(self, **kwargs):
        trail = self.get_breadcrumbs()
        if trail:
            # A tuple: the layout keeps its rendering per trail ({% memo %} needs a key).
            kwargs.setdefault("breadcrumbs", (Crumb(_("Home"), reverse("portal:home")), *trail))
        return super().get_context_data(**kwargs)
