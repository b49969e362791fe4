import logging

from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from pole_artois.core import throttle
from pole_artois.institution.forms import ActFilterForm, ContactForm
from pole_artois.institution.models import (
    Article,
    ComiteSyndical,
    Deliberation,
    HistoryEvent,
    Mandate,
    Page,
    PoleIdentity,
    Seance,
    StaffPosition,
)
from territoire.models import Member

logger = logging.getLogger(__name__)

# Enough for a person writing several times, too few for a robot.
CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60


class PresentationView(TemplateView):
    """/le-pole/: the presentation text, then the comité in office today, the team, the history."""

    template_name = "institution/pole.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=get_object_or_404(Page, key=Page.Key.PRESENTATION),
            comite=ComiteSyndical.objects.current(),
            mandates=Mandate.objects.current().in_protocol_order(),
            staff=StaffPosition.objects.all(),
            events=HistoryEvent.objects.all(),
            identity=PoleIdentity.for_request(self.request),
            **kwargs,
        )


class LegalPageView(TemplateView):
    """A legal page: the editors' text, with the facts the law requires taken from the identity."""

    key = None
    template_name = "institution/legal_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=get_object_or_404(Page, key=self.key),
            identity=PoleIdentity.for_request(self.request),
            **kwargs,
        )


class SiteMapView(TemplateView):
    template_name = "institution/site_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=Member.objects.all(), **kwargs)


class ContactView(FormView):
    """The contact details and form. A message is stored first, then e-mailed if possible."""

    template_name = "institution/contact.html"
    form_class = ContactForm

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


class ContactThanksView(TemplateView):
    template_name = "institution/contact_thanks.html"


class ArticleListView(ListView):
    template_name = "institution/article_list.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        return Article.objects.published()


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        objectives = self.object.objectives.published().select_related("chantier")
        return super().get_context_data(objectives=objectives, **kwargs)


class DeliberationListView(ListView):
    """The public register of délibérations, newest first, filtered by year and subject."""

    template_name = "institution/deliberation_list.html"
    context_object_name = "acts"
    paginate_by = 20

    def get_queryset(self):
        acts = Deliberation.objects.published().in_register_order()
        years = [day.year for day in acts.dates("seance__date", "year", order="DESC")]
        self.form = ActFilterForm(self.request.GET, years=years)
        if not self.form.is_valid():
            return acts.none()
        return self.form.filter(acts)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DeliberationDetailView(DetailView):
    context_object_name = "act"

    def get_queryset(self):
        return Deliberation.objects.visible_to(self.request.user).select_related("seance")

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=self.object.changes.all(), **kwargs)


class DeliberationDocumentView(View):
    """A stable address for an act's current text, whatever corrections replaced it."""

    def get(self, request, pk):
        act = get_object_or_404(Deliberation.objects.visible_to(request.user), pk=pk)
        if not act.document:
            raise Http404
        return redirect(act.document.url)


class SeanceListView(ListView):
    template_name = "institution/seance_list.html"
    context_object_name = "seances"
    paginate_by = 20

    def get_queryset(self):
        return Seance.objects.published().with_act_counts()


class SeanceDetailView(DetailView):
    context_object_name = "seance"

    def get_queryset(self):
        return Seance.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            acts=self.object.deliberations.published().order_by("number"),
            minutes_corrections=self.object.minutes_corrections.all(),
            **kwargs,
        )
