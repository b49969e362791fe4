import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from pole_artois.core import throttle
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.core.cache import cached_for_visitors
from pole_artois.core.pagination import FirstPageUncountedMixin
from pole_artois.core.site import absolute_url
from pole_artois.institution import agenda, ical
from pole_artois.institution.forms import ContactForm, DeliberationFilterForm
from pole_artois.institution.models import (
    AccessibilityStatement,
    Article,
    ComiteSyndical,
    Deliberation,
    Event,
    HistoryEvent,
    Mandate,
    Page,
    PoleIdentity,
    Seance,
    StaffPosition,
)

logger = logging.getLogger(__name__)

# Enough for a person writing several times, too few for a robot.
CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60

NEWS = Crumb(gettext_lazy("News"), reverse_lazy("institution:news"))
ACTS = Crumb(gettext_lazy("Official acts"), reverse_lazy("institution:acts"))
SEANCES = Crumb(gettext_lazy("Séances"), reverse_lazy("institution:seances"))
CONTACT = Crumb(gettext_lazy("Contact"), reverse_lazy("institution:contact"))
AGENDA = Crumb(pgettext_lazy("calendar of events", "Agenda"), reverse_lazy("institution:agenda"))


class PresentationView(BreadcrumbsMixin, TemplateView):
    """/le-pole/: the presentation text, then the comité in office today, the team, the history."""

    template_name = "institution/pole.html"

    def get_breadcrumbs(self):
        return [Crumb(self.page.title, self.request.path)]

    def get_context_data(self, **kwargs):
        self.page = get_object_or_404(Page, key=Page.Key.PRESENTATION)
        return super().get_context_data(
            page=self.page,
            # Read by the template, inside its fragment: a fragment kept skips the queries, and
            # even building them.
            comite=SimpleLazyObject(ComiteSyndical.objects.current),
            mandates=SimpleLazyObject(lambda: Mandate.objects.current().in_protocol_order()),
            staff=StaffPosition.objects.all(),
            events=HistoryEvent.objects.all(),
            identity=PoleIdentity.for_request(self.request),
            **kwargs,
        )


class LegalPageView(BreadcrumbsMixin, TemplateView):
    """A legal page: the editors' text, with the facts the law requires taken from the identity."""

    key = None
    template_name = "institution/legal_page.html"

    def get_breadcrumbs(self):
        return [Crumb(self.page.title, self.request.path)]

    def get_context_data(self, **kwargs):
        self.page = get_object_or_404(Page, key=self.key)
        return super().get_context_data(
            page=self.page,
            identity=PoleIdentity.for_request(self.request),
            **kwargs,
        )


class AccessibilityView(LegalPageView):
    """/accessibilite/: the structured statement (the RGAA's model), then the editors' text."""

    key = Page.Key.ACCESSIBILITY
    template_name = "institution/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read by the template, inside its fragment: a fragment kept skips the queries.
        statement = SimpleLazyObject(AccessibilityStatement.load)
        contact = SimpleLazyObject(lambda: statement.contact(context["identity"]))
        return {
            **context,
            "statement": statement,
            # Until it is first saved, the statement has no plans to look for.
            "plans": SimpleLazyObject(
                lambda: [] if statement._state.adding else statement.plans.all()
            ),
            "site_url": absolute_url(reverse("portal:home")),
            "contact_email": lambda: contact[0],
            "contact_phone": lambda: contact[1],
        }


class ContactView(BreadcrumbsMixin, FormView):
    """The contact details and form. A message is stored first, then e-mailed if possible."""

    template_name = "institution/contact.html"
    form_class = ContactForm
    breadcrumbs = [CONTACT]

    def get_context_data(self, **kwargs):
        return super().get_context_data(identity=PoleIdentity.for_request(self.request), **kwargs)

    def form_valid(self, form):
        if form.is_spam:
            # A robot filled in the honeypot: it sees the same success, and nothing is stored.
            return redirect("institution:contact-thanks")
        if not throttle.allow("contact", self.request, limit=CONTACT_LIMIT, period=CONTACT_PERIOD):
            response = self.form_refused(
                form,
                _(
                    "Too many messages have been sent from your connection in the last hour. "
                    "Please try again later, or call us."
                ),
                status=429,
            )
            response["Retry-After"] = str(throttle.retry_after(CONTACT_PERIOD))
            return response
        try:
            message = form.save()
        except DatabaseError:
            # A full disk or a lost database: the visitor keeps their text and can send it again.
            logger.exception("A contact message could not be stored")
            return self.form_refused(
                form,
                _(
                    "Your message could not be saved because of a technical problem on our "
                    "side. It is still in the form below: please send it again in a few "
                    "minutes, or call us."
                ),
                status=503,
            )
        message.forward()
        return redirect("institution:contact-thanks")

    def form_refused(self, form, reason, status):
        """The form again, filled in, with `reason` announced above the fields."""
        form.add_error(None, reason)
        return self.render_to_response(self.get_context_data(form=form), status=status)


class ContactThanksView(BreadcrumbsMixin, TemplateView):
    template_name = "institution/contact_thanks.html"
    breadcrumbs = [
        CONTACT,
        Crumb(gettext_lazy("Message sent"), reverse_lazy("institution:contact-thanks")),
    ]


class ArticleListView(BreadcrumbsMixin, FirstPageUncountedMixin, ListView):
    template_name = "institution/article_list.html"
    breadcrumbs = [NEWS]
    context_object_name = "articles"
    paginate_by = 10
    query_parameters = ("page",)

    def get_queryset(self):
        return Article.objects.published()


class ArticleDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "article"

    def get_breadcrumbs(self):
        return [NEWS, Crumb(self.object.title, self.object.get_absolute_url())]

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        # Kept for visitors until news items are written: a page whose body is a kept fragment reads
        # nothing. A 404 is not kept.
        return cached_for_visitors(
            self.request, f"article:{self.kwargs['pk']}", Article, super().get_object
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        objectives = self.object.objectives.published().select_related("chantier")
        return super().get_context_data(objectives=objectives, **kwargs)


class DeliberationListView(BreadcrumbsMixin, FirstPageUncountedMixin, ListView):
    """The public register of délibérations, newest first, filtered by year and subject."""

    template_name = "institution/deliberation_list.html"
    breadcrumbs = [ACTS]
    context_object_name = "deliberations"
    paginate_by = 20
    query_parameters = ("page", *DeliberationFilterForm.base_fields)

    @cached_property
    def form(self):
        # Read only to check a year asked for, and to show the form (inside its fragment).
        years = SimpleLazyObject(
            lambda: [
                day.year for day in self._register().dates("seance__date", "year", order="DESC")
            ]
        )
        return DeliberationFilterForm(self.request.GET, years=years)

    @staticmethod
    def _register():
        return Deliberation.objects.published().in_register_order()

    def get_queryset(self):
        deliberations = self._register()
        if not self.form.is_valid():
            return deliberations.none()
        return self.form.filter(deliberations)

    def get_context_data(self, **kwargs):
        # Checked when the fragment shows it or reads the rows, or before a page number's count.
        return super().get_context_data(form=SimpleLazyObject(lambda: self.form), **kwargs)


class DeliberationDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "deliberation"

    def get_breadcrumbs(self):
        label = _("Délibération %(number)s") % {"number": self.object.number}
        return [ACTS, Crumb(label, self.object.get_absolute_url())]

    def get_queryset(self):
        return Deliberation.objects.visible_to(self.request.user).select_related("seance")

    def get_object(self, queryset=None):
        # Kept for visitors until délibérations or séances are written (its séance comes with
        # it): a page whose body is a kept fragment reads nothing. A 404 is not kept.
        return cached_for_visitors(
            self.request,
            f"deliberation:{self.kwargs['pk']}",
            (Deliberation, Seance),
            super().get_object,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            changes=self.object.changes.all(),
            identity=PoleIdentity.for_request(self.request),
            **kwargs,
        )


class DeliberationDocumentView(View):
    """A stable address for an act's current text, whatever corrections replaced it."""

    def get(self, request, pk):
        deliberation = get_object_or_404(Deliberation.objects.visible_to(request.user), pk=pk)
        if not deliberation.document:
            raise Http404
        return redirect(deliberation.document.url)


class SeanceListView(BreadcrumbsMixin, FirstPageUncountedMixin, ListView):
    template_name = "institution/seance_list.html"
    breadcrumbs = [ACTS, SEANCES]
    context_object_name = "seances"
    paginate_by = 20
    query_parameters = ("page",)

    def get_queryset(self):
        return Seance.objects.published()

    def paginate_queryset(self, queryset, page_size):
        """Counted (past the first page) without the délibérations' join and GROUP BY, which
        give as many séances; the rows, with their counts, are read inside the fragment."""
        paginator, page, _rows, is_paginated = super().paginate_queryset(queryset, page_size)
        bottom = (page.number - 1) * page_size
        page.object_list = SimpleLazyObject(
            lambda: queryset.with_deliberation_counts()[bottom : bottom + page_size]
        )
        return paginator, page, page.object_list, is_paginated


class SeanceDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "seance"

    def get_breadcrumbs(self):
        return [ACTS, SEANCES, Crumb(str(self.object), self.object.get_absolute_url())]

    def get_queryset(self):
        return Seance.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        # Kept for visitors until séances are written: a page whose body is a kept fragment reads
        # nothing. A 404 is not kept.
        return cached_for_visitors(
            self.request, f"seance:{self.kwargs['pk']}", Seance, super().get_object
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            deliberations=self.object.deliberations.published().order_by("number"),
            minutes_corrections=self.object.minutes_corrections.all(),
            **kwargs,
        )


class AgendaView(BreadcrumbsMixin, TemplateView):
    """/agenda/: the séances and events to come, then the past ones, paginated (four queries)."""

    template_name = "institution/agenda.html"
    breadcrumbs = [AGENDA]
    query_parameters = ("page",)

    def get_context_data(self, **kwargs):
        # Read by the template, inside its fragment: a fragment kept skips the queries. The
        # page asked for never changes the status (get_page() falls back on a page that exists).
        past_page = SimpleLazyObject(
            lambda: Paginator(agenda.past(), agenda.PAST_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
        )
        return super().get_context_data(
            upcoming=SimpleLazyObject(agenda.upcoming),
            past_page=past_page,
            past=SimpleLazyObject(lambda: agenda.past_entries(past_page)),
            **kwargs,
        )


class EventDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "event"

    def get_breadcrumbs(self):
        return [AGENDA, Crumb(self.object.title, self.object.get_absolute_url())]

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        # Kept for visitors until events are written: a page whose body is a kept fragment reads
        # nothing. A 404 is not kept.
        return cached_for_visitors(
            self.request, f"event:{self.kwargs['pk']}", Event, super().get_object
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class AgendaFeedView(View):
    """The iCalendar feed a calendar app subscribes to: the past year and everything to come."""

    def get(self, request):
        return ical.response(
            ical.feed_entries(),
            name=_("Agenda of the Pôle métropolitain de l'Artois"),
            filename="agenda-pole-artois.ics",
            attachment=False,
        )


class CalendarFileView(View):
    """One séance or event as an .ics file, to add to one's calendar."""

    model = None

    def get(self, request, pk):
        entry = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        return ical.response(
            [entry],
            name=ical.summary(entry),
            filename=f"{ical.key(entry)}.ics",
            attachment=True,
        )
