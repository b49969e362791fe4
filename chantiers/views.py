from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.list import BaseListView

from chantiers.forms import TrackingFilterForm
from chantiers.models import Chantier, Objective
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.core.cache import cached_for_visitors
from territoire.models import Member

CHANTIERS = Crumb(_("Chantiers"), reverse_lazy("chantiers:index"))


# The list views' templates are named: ListView would derive more names from the list's model,
# reading a list that the page's fragment may not need.
class ChantierListView(BreadcrumbsMixin, TemplateResponseMixin, BaseListView):
    template_name = "chantiers/chantier_list.html"
    breadcrumbs = [CHANTIERS]
    context_object_name = "chantiers"

    def get_queryset(self):
        user = self.request.user
        # Built by the page's fragment, when it is built: a kept one needs none of it.
        return SimpleLazyObject(
            lambda: Chantier.objects.visible_to(user).prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.visible_to(user))
            )
        )


class ChantierDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "chantier"

    def get_breadcrumbs(self):
        return [CHANTIERS, Crumb(self.object.title, self.object.get_absolute_url())]

    def get_queryset(self):
        return Chantier.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        """Kept for visitors until the chantiers are written: a page whose body is a kept
        fragment reads nothing. An unknown or unpublished slug is not kept (a 404)."""
        return cached_for_visitors(
            self.request, f"chantier:{self.kwargs['slug']}", Chantier, super().get_object
        )

    def get_context_data(self, **kwargs):
        # Built by the page's fragment, when it is built: a kept one needs none of it.
        objectives = SimpleLazyObject(
            lambda: (
                self.object.objectives.visible_to(self.request.user)
                .with_last_update()
                .for_tracking()
            )
        )
        return super().get_context_data(objectives=objectives, **kwargs)


# What the layout, the status and the list of siblings read of an objective and its chantier.
LAYOUT_FIELDS = (
    *("slug", "title", "summary", "status", "published_at"),
    *("chantier__slug", "chantier__title", "chantier__status", "chantier__published_at"),
)


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
        pk = self.kwargs["pk"]
        user = self.request.user
        # What the status, the layout and the list of siblings need, in their columns only
        # (all of them cost a third more): the rest is read by the page's fragment, when it is
        # built (a kept one needs none of it). Kept for visitors until objectives or chantiers
        # are written, with those published for a later date: each appears at its date.
        candidates = cached_for_visitors(
            self.request,
            f"objective-alongside:{pk}",
            (Objective, Chantier),
            lambda: list(
                Objective.objects.visible_to(user, scheduled=True)
                .alongside(pk)
                .only(*LAYOUT_FIELDS)
            ),
        )
        self.siblings = [o for o in candidates if o.is_visible_to(user)]
        objective = next((o for o in self.siblings if o.pk == pk), None)
        if objective is None:
            raise Http404
        return objective

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)

        def load_page():
            return Objective.objects.for_page(request.user).get(pk=self.object.pk)

        return self.render_to_response(
            self.get_context_data(siblings=self.siblings, load_page=load_page)
        )


class TrackingView(BreadcrumbsMixin, TemplateResponseMixin, BaseListView):
    """Every objective with where it stands, filtered and sorted through a GET form (bad input
    is the form's error and shows the whole list): three queries, whatever the content."""

    template_name = "chantiers/tracking.html"
    context_object_name = "objectives"
    breadcrumbs = [
        CHANTIERS,
        Crumb(_("Tracking the objectives"), reverse_lazy("chantiers:tracking")),
    ]
    query_parameters = tuple(TrackingFilterForm.base_fields)

    @cached_property
    def form(self):
        return TrackingFilterForm(
            self.request.GET or None,
            chantiers=list(Chantier.objects.visible_to(self.request.user)),
            members=list(Member.objects.all()),
        )

    def get_queryset(self):
        # The form and the list are read by the page's fragment, when it is built: a kept one
        # needs neither.
        return SimpleLazyObject(
            lambda: self.form.apply(Objective.objects.visible_to(self.request.user).for_tracking())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=SimpleLazyObject(lambda: self.form), **kwargs)
