import sys

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from chantiers.models import Chantier
from pole_artois.core.middleware import database_unavailable, is_database_unavailable
from territoire.models import KeyFigures, Member


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        # Built while the page's fragments are, not here: a kept fragment then saves the reading
        # and even the querysets' construction (their annotations cost as much as a layout).
        return super().get_context_data(
            figures=SimpleLazyObject(KeyFigures.current),
            members=SimpleLazyObject(Member.objects.with_figures),
            chantiers=SimpleLazyObject(Chantier.objects.published),
            **kwargs,
        )


def page_not_found(request, exception):
    """The 404 page, in the language of the address the visitor asked for."""
    return render(request, "404.html", status=404)


def server_error(request):
    # A database lost outside a view (e.g. while saving a session) is still a 503, not a 500.
    if is_database_unavailable(sys.exception()):
        return database_unavailable()
    return render(request, "500.html", status=500)
