from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from partenaires.models import Partner
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.core.cache import cached_for_visitors

PARTNERS = Crumb(_("Partners"), reverse_lazy("partenaires:index"))


class PartnerListView(BreadcrumbsMixin, ListView):
    context_object_name = "partners"
    breadcrumbs = [PARTNERS]

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        # Called by the template, inside its fragment: a fragment kept skips the query.
        return super().get_context_data(categories=self.object_list.by_category, **kwargs)


class PartnerDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "partner"

    def get_breadcrumbs(self):
        return [PARTNERS, Crumb(self.object.display_name, self.object.get_absolute_url())]

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        """Kept for visitors until the partners are written: a page whose body is a kept
        fragment reads nothing. An unknown or unpublished slug is not kept (a 404)."""
        return cached_for_visitors(
            self.request, f"partner:{self.kwargs['slug']}", Partner, super().get_object
        )
