from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from territoire.forms import CommuneFilterForm
from territoire.models import Commune, KeyFigures, Member, Scot


class TerritoryView(TemplateView):
    template_name = "territoire/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            members=Member.objects.with_figures(),
            figures=KeyFigures.compute(),
            scots=Scot.objects.prefetch_related("members"),
            **kwargs,
        )


class MemberDetailView(DetailView):
    model = Member
    queryset = Member.objects.with_figures()
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            communes=self.object.communes.order_by("search_name"),
            scots=self.object.scots.all(),
            **kwargs,
        )


class CommuneListView(ListView):
    template_name = "territoire/commune_list.html"
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


class CommuneDetailView(DetailView):
    context_object_name = "commune"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Commune.objects.select_related("member"), insee_code=self.kwargs["insee_code"]
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))
