from django import forms
from django.utils.translation import gettext_lazy as _

from pole_artois.core.forms import LengthCheckedForm
from pole_artois.institution.models import ContactMessage


class ContactForm(LengthCheckedForm, forms.ModelForm):
    """The public contact form, with a honeypot field that people never see nor fill."""

    # Hidden from people (and from assistive technologies) by the template; robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "subject": _("Subject"),
            "message": _("Your message"),
        }
        help_texts = {
            "email": _("So that we can reply to you; for example: name@example.fr."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }

    def clean_subject(self):
        # The subject becomes an e-mail header: no line breaks.
        return " ".join(self.cleaned_data["subject"].split())

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class DeliberationFilterForm(LengthCheckedForm, forms.Form):
    """The register's query string: a year among those with délibérations, and words of the
    subject."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(
        label=_("Subject or number contains"),
        required=False,
        max_length=100,
        help_text=_("For example: budget, or 2016-03."),
    )

    def __init__(self, data, *, years):
        super().__init__(data)
        # A callable: `years` (a lazy list) is read only to check a year asked for, or to show
        # the field.
        self.fields["year"].choices = lambda: [
            ("", _("All years")),
            *((year, year) for year in years),
        ]

    def filter(self, deliberations):
        if year := self.cleaned_data.get("year"):
            deliberations = deliberations.in_year(year)
        if text := self.cleaned_data.get("q", "").strip():
            deliberations = deliberations.matching(text)
        return deliberations
