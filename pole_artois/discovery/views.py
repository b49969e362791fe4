from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from pole_artois.core import throttle
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.core.cache import cached_until_written
from pole_artois.core.pagination import FirstPageUncountedMixin
from pole_artois.core.site import NamedLinks, absolute_url
from pole_artois.discovery import catalogue, concerns, structured_data
from pole_artois.discovery.forms import SearchForm
from pole_artois.discovery.opendata import (
    DATASETS,
    DATASETS_BY_SLUG,
    LICENCE_NAME,
    LICENCE_URL,
    csv_lines,
    freshness_of,
    json_chunks,
)
from pole_artois.discovery.search import search, suggestions
from pole_artois.institution.models import PoleIdentity
from territoire.models import Commune, Member
from territoire.views import COMMUNES, TERRITORY

# Where a search that found nothing sends the visitor instead (URL name, label).
BROWSE = NamedLinks(
    (
        ("territoire:index", _("The territory and its members")),
        ("territoire:communes", _("Directory of communes")),
        ("chantiers:index", _("The chantiers and their objectives")),
        ("partenaires:index", _("Partners")),
        ("institution:news", _("News")),
        ("institution:acts", _("Register of acts")),
        ("discovery:site-map", _("Site map")),
    )
)


# Searches one address may run (limit, period in seconds): far more than a person types, far
# fewer than a script needs to keep the workers busy; the short window stops a burst at once.
# Windows are aligned on the clock, so this is also 60 a minute at most: a minute's limit of 60,
# once beside it, could never refuse anything and cost every search a write.
# Pages already in the page cache are not counted.
SEARCH_LIMITS = ((10, 10),)
# One search at a time per address; a search never lasts longer than gunicorn lets a worker run.
SEARCH_LONGEST = 30


def _search_links(request, searches):
    """For each (query, kind) of `searches`, the search's address with the request's query
    string but that query and kind (None: every kind): what `{% url 'discovery:search' %}{%
    querystring q=query kind=kind %}` writes (a test compares them), without the two tags' cost
    for every link; one copy of the query string and one reverse() for them all."""
    params = request.GET.copy()
    path = reverse("discovery:search")
    links = []
    for query, kind in searches:
        params["q"] = query
        if kind is None:
            params.pop("kind", None)
        else:
            params["kind"] = kind
        links.append(f"{path}?{params.urlencode()}")
    return links


def _suggestion_links(request, names):
    """(name, link) for each name suggested: a search of that name in every kind of content."""
    return list(zip(names, _search_links(request, ((name, None) for name in names)), strict=True))


def _sections(request, results, kind):
    """(group, link) for each group of `results`: when it shows only the first hits of its kind
    among every kind searched, the link (address, text) to all of them; None otherwise."""
    wanting = [] if kind else [group for group in results.groups if group.has_more]
    searches = ((results.query, group.kind.key) for group in wanting)
    links = {
        group.kind.key: (
            url,
            gettext("All the %(kind)s matching “%(query)s”")
            % {"kind": str(group.kind.label).lower(), "query": results.query},
        )
        for group, url in zip(wanting, _search_links(request, searches), strict=True)
    }
    return [(group, links.get(group.kind.key)) for group in results.groups]


class SearchView(BreadcrumbsMixin, TemplateView):
    template_name = "discovery/search.html"
    breadcrumbs = [Crumb(_("Search"), reverse_lazy("discovery:search"))]
    query_parameters = tuple(SearchForm.base_fields)

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not (form.is_valid() and form.cleaned_data["q"]):
            return self.render_to_response(self.get_context_data(form=form, **kwargs))
        for limit, period in SEARCH_LIMITS:
            if not throttle.allow(f"search-{period}", request, limit=limit, period=period):
                return throttle.too_many_requests(period)
        with throttle.one_at_a_time("search", request, longest=SEARCH_LONGEST) as alone:
            if not alone:
                return throttle.too_many_requests(1)
            return self.render_to_response(self.get_context_data(form=form, **kwargs))

    def get_context_data(self, *, form, **kwargs):
        results, sections, suggested, browse = None, [], [], []
        if form.is_valid() and form.cleaned_data["q"]:
            query, kind = form.cleaned_data["q"], form.cleaned_data["kind"] or None
            results = search(query, kind=kind)
            sections = _sections(self.request, results, kind)
            if not results.groups:
                # Within one kind, the page offers to search every kind instead: a name found
                # elsewhere would be "suggested" as the very word typed.
                if kind is None:
                    suggested = _suggestion_links(self.request, suggestions(query))
                browse = tuple(BROWSE)
        return super().get_context_data(
            form=form,
            results=results,
            sections=sections,
            suggested=suggested,
            browse=browse,
            **kwargs,
        )


class OpenDataView(BreadcrumbsMixin, TemplateView):
    template_name = "discovery/opendata.html"
    breadcrumbs = [Crumb(_("Open data"), reverse_lazy("discovery:opendata"))]

    def get_context_data(self, **kwargs):
        # Called by the template, inside its fragments: a fragment kept skips the queries.
        return super().get_context_data(
            datasets=lambda: freshness_of(DATASETS),
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            catalog=lambda: structured_data.data_catalog(DATASETS, LICENCE_URL),
            **kwargs,
        )


class SiteMapView(BreadcrumbsMixin, TemplateView):
    """Every section of the site, as a page (sitemap.xml is the same for search engines)."""

    template_name = "discovery/site_map.html"
    breadcrumbs = [Crumb(_("Site map"), reverse_lazy("discovery:site-map"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=Member.objects.all(), **kwargs)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "json": ("application/json; charset=utf-8", json_chunks),
}


def download(request, slug, extension):
    """A dataset as a file, streamed: memory stays flat however many rows there are."""
    dataset = DATASETS_BY_SLUG.get(slug)
    if dataset is None:
        raise Http404
    content_type, write = FORMATS[extension]
    response = StreamingHttpResponse(write(dataset, absolute_url), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=dataset.filename(extension)
    )
    # Public data without credentials: a partner's web tool may fetch it from its own site.
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The catalogue's formats: (content type, writer, file name). The extensions are the ones
# data.gouv.fr's harvester recognises (it guesses the format from the address first).
CATALOGUE_FORMATS = {
    "jsonld": ("application/ld+json", catalogue.json_ld, "pole-artois-catalogue.jsonld"),
    "ttl": ("text/turtle; charset=utf-8", catalogue.turtle, "pole-artois-catalogue.ttl"),
    "csv": ("text/csv; charset=utf-8", catalogue.scdl_csv, "pole-artois-catalogue-scdl.csv"),
}


def catalogue_file(request, extension):
    """The open datasets described: DCAT (JSON-LD, Turtle) or the SCDL catalogue (CSV).

    A few aggregate queries whatever the number of rows; not streamed, so that the page cache
    keeps it until a table it read is written."""
    content_type, write, filename = CATALOGUE_FORMATS[extension]
    text = write(DATASETS, PoleIdentity.for_request(request))
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def robots_txt(request):
    return render(request, "discovery/robots.txt", content_type="text/plain; charset=utf-8")


class CommuneConcernsView(BreadcrumbsMixin, FirstPageUncountedMixin, ListView):
    """Everything that concerns a commune, page by page (its own page lists the latest)."""

    template_name = "discovery/commune_concerns.html"
    context_object_name = "rows"
    paginate_by = concerns.PER_PAGE
    query_parameters = ("page",)

    def get(self, request, *args, **kwargs):
        # The status, before the list (which the first page builds inside its fragment), kept
        # until a commune is written: a page assembled from its kept fragment reads nothing.
        code = self.kwargs["insee_code"]
        self.commune = cached_until_written(
            f"commune-in-pole:{code}",
            Commune,
            lambda: get_object_or_404(Commune.objects.in_pole(), insee_code=code),
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return concerns.concerning(self.commune)

    def get_breadcrumbs(self):
        commune = self.commune
        return [
            TERRITORY,
            COMMUNES,
            Crumb(commune.name, commune.get_absolute_url()),
            Crumb(
                _("What the Pôle does here"),
                reverse("discovery:commune-concerns", kwargs={"insee_code": commune.insee_code}),
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(commune=self.commune, **kwargs)
        # Read only when the list is built, not when its fragment is kept.
        context["concerns"] = SimpleLazyObject(
            lambda: [concerns.Concern.from_row(row) for row in context["page_obj"]]
        )
        return context
