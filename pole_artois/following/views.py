"""The public side: the form (uncached, so that it may carry a CSRF token), the confirmation
and the one-click unsubscribe (RFC 8058)."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from chantiers.models import Chantier, Objective
from pole_artois.core import throttle
from pole_artois.core.breadcrumbs import BreadcrumbsMixin, Crumb
from pole_artois.following.forms import FollowForm
from pole_artois.following.models import Follower, Subscription
from pole_artois.following.tasks import send_confirmation

# A person follows a few things; a robot typing other people's addresses is stopped here.
FOLLOW_LIMIT = 10
FOLLOW_PERIOD = 60 * 60
# A second request for the same thing within this time sends no second confirmation.
RESEND_AFTER = timedelta(minutes=10)

FOLLOW = Crumb(gettext_lazy("Follow by e-mail"), reverse_lazy("following:follow"))


@method_decorator(never_cache, name="dispatch")
class FollowView(BreadcrumbsMixin, FormView):
    """/suivre/?objectif=12, /suivre/?chantier=archipel-vert, or /suivre/ (every objective)."""

    template_name = "following/follow.html"
    form_class = FollowForm
    query_parameters = ("objectif", "chantier")
    breadcrumbs = [FOLLOW]

    def dispatch(self, request, *args, **kwargs):
        self.objective = self.chantier = None
        objective, chantier = request.GET.get("objectif"), request.GET.get("chantier")
        if objective is not None:
            if not objective.isdigit() or len(objective) > 12:
                raise Http404
            self.objective = get_object_or_404(
                Objective.objects.published().select_related("chantier"), pk=objective
            )
        elif chantier is not None:
            self.chantier = get_object_or_404(Chantier.objects.published(), slug=chantier[:100])
        return super().dispatch(request, *args, **kwargs)

    @property
    def target(self):
        return Subscription(objective=self.objective, chantier=self.chantier)

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)

    def form_valid(self, form):
        if not throttle.allow("follow", self.request, limit=FOLLOW_LIMIT, period=FOLLOW_PERIOD):
            form.add_error(
                None,
                _(
                    "Too many requests have been sent from your connection in the last hour. "
                    "Please try again later."
                ),
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(throttle.retry_after(FOLLOW_PERIOD))
            return response
        request_follow(form.cleaned_data["email"], get_language(), self.objective, self.chantier)
        return redirect("following:requested")


def request_follow(email, language, objective, chantier):
    """Record the request and enqueue its confirmation; an address already following that gets
    nothing (and the page says the same thing either way: it tells no one who follows what)."""
    with transaction.atomic():
        follower, _ = Follower.objects.get_or_create(email=email, defaults={"language": language})
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            follower=follower, objective=objective, chantier=chantier
        )
        if subscription.is_confirmed:
            return subscription
        if not created and subscription.requested_at > timezone.now() - RESEND_AFTER:
            return subscription
        # The confirmation speaks the language of the request; an address already following
        # keeps its digests' language until it confirms something in another.
        if follower.language != language and not follower.subscriptions.confirmed().exists():
            follower.language = language
            follower.save(update_fields=["language"])
        subscription.requested_at = timezone.now()
        subscription.save(update_fields=["requested_at"])
        send_confirmation.enqueue(subscription.pk)
    return subscription


@method_decorator(never_cache, name="dispatch")
class RequestedView(BreadcrumbsMixin, TemplateView):
    template_name = "following/requested.html"
    breadcrumbs = [FOLLOW]


@method_decorator(never_cache, name="dispatch")
class ConfirmView(BreadcrumbsMixin, TemplateView):
    """The link of the confirmation e-mail. Opening it shows a button: mail scanners open
    links, and must not subscribe anyone by doing so."""

    template_name = "following/confirm.html"
    breadcrumbs = [FOLLOW]

    def get_subscription(self):
        try:
            return Subscription.from_confirmation_token(self.kwargs["token"]), None
        except signing.SignatureExpired:
            return None, "expired"
        except signing.BadSignature:
            return None, "invalid"

    def get(self, request, *args, **kwargs):
        subscription, problem = self.get_subscription()
        if problem:
            return self.render_problem(problem)
        return self.render_to_response(self.get_context_data(subscription=subscription))

    def post(self, request, *args, **kwargs):
        subscription, problem = self.get_subscription()
        if problem:
            return self.render_problem(problem)
        subscription.confirm(get_language())
        return self.render_to_response(
            self.get_context_data(subscription=subscription, confirmed=True)
        )

    def render_problem(self, problem):
        context = self.get_context_data(problem=problem, follow_url=reverse("following:follow"))
        return self.render_to_response(context, status=400 if problem == "invalid" else 410)


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(BreadcrumbsMixin, TemplateView):
    """The address in `List-Unsubscribe`: a POST, from the page's button or the mail client's
    one-click (RFC 8058: no cookie, no CSRF token), deletes the address and all it follows; a
    GET only shows the button."""

    template_name = "following/unsubscribe.html"
    breadcrumbs = [FOLLOW]

    def get(self, request, *args, **kwargs):
        follower = Follower.from_unsubscribe_token(kwargs["token"])
        return self.render_to_response(self.get_context_data(follower=follower))

    def post(self, request, *args, **kwargs):
        follower = Follower.from_unsubscribe_token(kwargs["token"])
        if follower is not None:
            follower.delete()
        return self.render_to_response(self.get_context_data(unsubscribed=True))
