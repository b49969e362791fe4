from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.core.cache import cached_until_written
from pole_artois.core.pagination import FirstPageUncountedMixin
from territoire.forms import CommuneFilterForm
from territoire.models import Commune, KeyFigures, Member, Scot, TownHall

TERRITORY = Crumb(_("Territory"), reverse_lazy("territoire:index"))
DIRECTORY_FIELDS = (
    "insee_code",
    "name",
    "slug",
    "search_name",
    "postal_codes",
    "population_municipale",
    "member__name",
    "member__short_name",
)
# What a member's page shows of its communes.
MEMBER_COMMUNE_FIELDS = ("insee_code", "name", "slug")
COMMUNES = Crumb(_("Communes"), reverse_lazy("territoire:communes"))


class TerritoryView(BreadcrumbsMixin, TemplateView):
    template_name = "territoire/index.html"
    breadcrumbs = [TERRITORY]

    def get_context_data(self, **kwargs):
        # Built while the page's fragment is, not here: a kept fragment then saves the reading
        # and even the querysets' construction (their annotations cost as much as a layout).
        return super().get_context_data(
            members=SimpleLazyObject(Member.objects.with_figures),
            figures=SimpleLazyObject(KeyFigures.current),
            scots=SimpleLazyObject(lambda: Scot.objects.prefetch_related("members")),
            **kwargs,
        )


class MemberDetailView(BreadcrumbsMixin, DetailView):
    model = Member
    context_object_name = "member"

    def get_object(self, queryset=None):
        """The member with its figures, kept until the members or communes are written: a page
        whose body is a kept fragment reads nothing. An unknown slug is not kept."""
        slug = self.kwargs["slug"]
        return cached_until_written(
            f"member-with-figures:{slug}",
            (Member, Commune),
            lambda: get_object_or_404(Member.objects.with_figures(), slug=slug),
        )

    def get_breadcrumbs(self):
        member = self.object
        return [TERRITORY, Crumb(member.short_name or member.name, member.get_absolute_url())]

    def get_context_data(self, **kwargs):
        # Read while the body's fragment is built: a kept fragment saves the reading.
        return super().get_context_data(
            communes=SimpleLazyObject(
                lambda: self.object.communes.order_by("search_name").only(*MEMBER_COMMUNE_FIELDS)
            ),
            scots=SimpleLazyObject(lambda: self.object.scots.all()),
            **kwargs,
        )


class CommuneListView(BreadcrumbsMixin, FirstPageUncountedMixin, ListView):
    template_name = "territoire/commune_list.html"
    breadcrumbs = [TERRITORY, COMMUNES]
    context_object_name = "communes"
    paginate_by = 200
    query_parameters = ("page", *CommuneFilterForm.base_fields)

    @cached_property
    def form(self):
        return CommuneFilterForm(self.request.GET)

    def get_queryset(self):
        # What the rows and the map show: not the outlines, texts and search columns, which made
        # most of the rows' weight.
        communes = Commune.objects.in_pole().select_related("member").only(*DIRECTORY_FIELDS)
        if not self.form.is_valid():
            return communes.none()
        return self.form.filter(communes)

    def get_context_data(self, **kwargs):
        # Checked when the fragment shows it or reads the rows, or before a page number's count.
        return super().get_context_data(form=SimpleLazyObject(lambda: self.form), **kwargs)


class CommuneDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "commune"

    def get_breadcrumbs(self):
        return [TERRITORY, COMMUNES, Crumb(self.object.name, self.object.get_absolute_url())]

    def get_object(self, queryset=None):
        """The commune with its agglomeration and town hall, kept until one of them is written:
        a page whose body is a kept fragment reads nothing. An unknown code is not kept."""
        code = self.kwargs["insee_code"]
        return cached_until_written(
            f"commune-with-town-hall:{code}",
            (Commune, Member, TownHall),
            lambda: get_object_or_404(
                Commune.objects.select_related("member", "town_hall"), insee_code=code
            ),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        member = self.object.member
        # Read while the body's fragment is built: a kept fragment saves the reading.
        scots = SimpleLazyObject(lambda: member.scots.all() if member else [])
        return self.render_to_response(
            self.get_context_data(
                object=self.object, scots=scots, neighbours=SimpleLazyObject(self.neighbours)
            )
        )

    def neighbours(self):
        """Prefetched on the commune: its locator map draws them too."""
        prefetch_related_objects(
            [self.object], Prefetch("neighbours", queryset=Commune.objects.order_by("search_name"))
        )
        return self.object.neighbours.all()
