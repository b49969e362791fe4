from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pole_artois.discovery.highlight import WORD
from pole_artois.discovery.search import KINDS


class SearchForm(forms.Form):
    """The search's query string; an empty `q` means "show the form", not an error."""

    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        min_length=2,
        max_length=200,
        help_text=_(
            "A commune, a name, a subject… Accents and capitals do not matter; "
            'put several words in quotes to find them together, as in "cité minière".'
        ),
        widget=forms.SearchInput,
    )
    kind = forms.ChoiceField(
        label=_("Only"),
        required=False,
        choices=[("", _("Everything")), *((kind.key, kind.label) for kind in KINDS)],
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if query and not WORD.search(query):
            raise ValidationError(_("Type at least one letter or digit."), code="no_word")
        return query
