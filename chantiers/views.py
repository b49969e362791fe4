from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from chantiers.forms import TrackingFilterForm
from chantiers.models import Chantier, Objective
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from territoire.models import Member

CHANTIERS = Crumb(_("Chantiers"), reverse_lazy("chantiers:index"))


class ChantierListView(BreadcrumbsMixin, ListView):
    template_name = "chantiers/chantier_list.html"
    breadcrumbs = [CHANTIERS]
    context_object_name = "chantiers"

    def get_queryset(self):
        user = self.request.user
        return Chantier.objects.visible_to(user).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.visible_to(user))
        )


class ChantierDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "chantier"

    def get_breadcrumbs(self):
        return [CHANTIERS, Crumb(self.object.title, self.object.get_absolute_url())]

    def get_queryset(self):
        return Chantier.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        objectives = (
            self.object.objectives.visible_to(self.request.user).with_last_update().for_tracking()
        )
        return super().get_context_data(objectives=objectives, **kwargs)


class ObjectiveDetailView(BreadcrumbsMixin, DetailView):
    """An objective, at an address keyed on its number: a renamed objective, or one moved to
    another chantier, still answers its old addresses with a permanent redirect."""

    context_object_name = "objective"

    def get_breadcrumbs(self):
        chantier = self.object.chantier
        return [
            CHANTIERS,
            Crumb(chantier.title, chantier.get_absolute_url()),
            Crumb(self.object.title, self.object.get_absolute_url()),
        ]

    def get_object(self, queryset=None):
        user = self.request.user
        self.siblings = list(
            Objective.objects.visible_to(user)
            .with_last_update()
            .with_tracking(only=self.kwargs["pk"])
            .alongside(self.kwargs["pk"])
            .select_related("lead_member", "lead_partner")
        )
        objective = next((o for o in self.siblings if o.pk == self.kwargs["pk"]), None)
        if objective is None:
            raise Http404
        objective.prefetch_page(user)
        return objective

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(siblings=self.siblings))


class TrackingView(BreadcrumbsMixin, ListView):
    """Every objective with where it stands, filtered and sorted through a GET form (bad input
    is the form's error and shows the whole list): three queries, whatever the content."""

    template_name = "chantiers/tracking.html"
    context_object_name = "objectives"
    breadcrumbs = [
        CHANTIERS,
        Crumb(_("Tracking the objectives"), reverse_lazy("chantiers:tracking")),
    ]
    query_parameters = tuple(TrackingFilterForm.base_fields)

    def get_queryset(self):
        user = self.request.user
        self.form = TrackingFilterForm(
            self.request.GET or None,
            chantiers=list(Chantier.objects.visible_to(user)),
            members=list(Member.objects.all()),
        )
        objectives = Objective.objects.visible_to(user).for_tracking()
        return self.form.apply(objectives)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)
