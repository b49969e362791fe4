from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from territoire.forms import CommuneFilterForm
from territoire.models import Commune, KeyFigures, Member, Scot

TERRITORY = Crumb(_("Territory"), reverse_lazy("territoire:index"))
COMMUNES = Crumb(_("Communes"), reverse_lazy("territoire:communes"))


class TerritoryView(BreadcrumbsMixin, TemplateView):
    template_name = "territoire/index.html"
    breadcrumbs = [TERRITORY]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            members=Member.objects.with_figures(),
            figures=KeyFigures.current(),
            scots=Scot.objects.prefetch_related("members"),
            **kwargs,
        )


class MemberDetailView(BreadcrumbsMixin, DetailView):
    model = Member
    queryset = Member.objects.with_figures()
    context_object_name = "member"

    def get_breadcrumbs(self):
        member = self.object
        return [TERRITORY, Crumb(member.short_name or member.name, member.get_absolute_url())]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            communes=self.object.communes.order_by("search_name"),
            scots=self.object.scots.all(),
            **kwargs,
        )


class CommuneListView(BreadcrumbsMixin, ListView):
    template_name = "territoire/commune_list.html"
    breadcrumbs = [TERRITORY, COMMUNES]
    context_object_name = "communes"
    paginate_by = 200
    query_parameters = ("page", *CommuneFilterForm.base_fields)

    def get_queryset(self):
        self.form = CommuneFilterForm(self.request.GET)
        communes = Commune.objects.in_pole().select_related("member")
        if not self.form.is_valid():
            return communes.none()
        return self.form.filter(communes)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class CommuneDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "commune"

    def get_breadcrumbs(self):
        return [TERRITORY, COMMUNES, Crumb(self.object.name, self.object.get_absolute_url())]

    def get_object(self, queryset=None):
        return get_object_or_404(
            Commune.objects.select_related("member", "town_hall").prefetch_related(
                Prefetch("neighbours", queryset=Commune.objects.order_by("search_name"))
            ),
            insee_code=self.kwargs["insee_code"],
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        scots = self.object.member.scots.all() if self.object.member else []
        return self.render_to_response(self.get_context_data(object=self.object, scots=scots))
