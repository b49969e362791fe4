from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pole_artois.core.forms import LengthCheckedForm
from pole_artois.discovery.search import (
    KINDS,
    MAX_LENGTH,
    MAX_WORD_LENGTH,
    MAX_WORDS,
    WORD,
    QueryTooBig,
    folded_query,
)

TOO_BIG = {
    "length": _(
        "The search must have at most %(limit)d characters, counting ligatures and symbols as "
        "the letters they stand for."
    ),
    "words": _("The search must have at most %(limit)d words."),
    "word_length": _("Each word of the search must have at most %(limit)d characters."),
}
LIMITS = {"length": MAX_LENGTH, "words": MAX_WORDS, "word_length": MAX_WORD_LENGTH}


class PlainSelect(forms.Select):
    """Django's select, its options written in its own template rather than each through an
    include (two thirds of the search form's cost); for choices without groups whose options
    have no attribute but `selected`."""

    template_name = "discovery/widgets/plain_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = [
            option for _, options, _ in context["widget"]["optgroups"] for option in options
        ]
        return context


class SearchForm(LengthCheckedForm, forms.Form):
    """The search's query string; an empty `q` means "show the form", not an error."""

    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        min_length=2,
        max_length=MAX_LENGTH,
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
        widget=PlainSelect,
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not query:
            return query
        if not WORD.search(query):
            raise ValidationError(_("Type at least one letter or digit."), code="no_word")
        try:
            folded_query(query)
        except QueryTooBig as error:
            raise ValidationError(
                TOO_BIG[error.code], code=error.code, params={"limit": LIMITS[error.code]}
            ) from error
        return query
