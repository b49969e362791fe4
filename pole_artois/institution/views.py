from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from pole_artois.institution import throttle
from pole_artois.institution.forms import ContactForm
from pole_artois.institution.models import PoleIdentity

# Enough for a person writing several times, too few for a robot.
CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60


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
            form.add_error(
                None,
                _(
                    "Too many messages have been sent from your connection in the last hour. "
                    "Please try again later, or call us."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        form.save().forward()
        return redirect("institution:contact-thanks")


class ContactThanksView(TemplateView):
    template_name = "institution/contact_thanks.html"
