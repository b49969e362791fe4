from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pole_artois.core.forms import refuse_overlong_text
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


def _attributes(attrs):
    """What django/forms/widgets/attrs.html writes for `attrs`."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSearchInput(forms.SearchInput):
    """Django's search input, written here as its templates would (a test compares them): the
    templates (input.html, attrs.html) cost a search page more than its query."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if value is None else format_html(' value="{}"', value),
            mark_safe(_attributes(widget["attrs"])),  # noqa: S308 -- escaped by _attributes
        )


class PlainSelect(forms.Select):
    """Django's select, written here as its templates would (a test compares them), for choices
    without groups whose options have no attribute but `selected`: the templates, one include
    per option, cost the search form two thirds of its time."""

    def render(self, name, value, attrs=None, renderer=None):
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        options = self.options_html(self.format_value(value))
        return mark_safe(  # noqa: S308 -- every part escaped by conditional_escape
            f'<select name="{conditional_escape(name)}"{attributes}>{options}\n</select>'
        )

    def options_html(self, values):
        """The options, the first whose value is in `values` selected (as
        ChoiceWidget.optgroups() selects): straight from the choices, its option dictionaries
        and a format_html() per option cost more than the select."""
        options, has_selected = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else option_value
            selected = not has_selected and str(option_value) in values
            has_selected |= selected
            options.append(
                f'\n  <option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>\n"
            )
        return "".join(options)


KIND_CHOICES = (("", _("Everything")), *((kind.key, kind.label) for kind in KINDS))


@lru_cache(maxsize=32)
def _kind_options(language_code, chosen):
    return PlainSelect(choices=KIND_CHOICES).options_html(() if chosen is None else (chosen,))


class KindSelect(PlainSelect):
    """The select of KIND_CHOICES: its options depend only on the language and on which one is
    chosen (or none, for a value that is none of them), so they are kept per process; their
    eleven translated labels and escapes cost a search page more than its select."""

    def options_html(self, values):
        chosen = next((key for key, _label in KIND_CHOICES if key in values), None)
        return _kind_options(get_language(), chosen)


class SharedFields(dict):
    """A form's fields that every instance may share as they are: Django deep-copies a form's
    fields for each instance (so that one may change its own), a twentieth of a search's cost; the
    search form's fields are never changed once the class is made."""

    def __deepcopy__(self, memo):
        return self


def _with_shared_fields(form_class):
    """`form_class` with its fields shared by its instances, each refusing overlong text
    instead of cutting it (core/forms.py), which LengthCheckedForm would do for every form."""
    for field in form_class.base_fields.values():
        refuse_overlong_text(field)
    form_class.base_fields = SharedFields(form_class.base_fields)
    return form_class


@_with_shared_fields
class SearchForm(forms.Form):
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
        widget=PlainSearchInput,
    )
    kind = forms.ChoiceField(
        label=_("Only"),
        required=False,
        choices=KIND_CHOICES,
        widget=KindSelect,
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

    def fields_html(self):
        """What includes/form_fields.html writes for this form (a test compares them): the
        include's loops and a dozen variables cost a search page more than its widgets."""
        return mark_safe("".join(_field_html(field) for field in self) + "\n")  # noqa: S308


def _field_html(field):
    auto_id = conditional_escape(field.auto_id)
    help_text = (
        f'<p class="help" id="{auto_id}_helptext">{conditional_escape(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    errors = "".join(
        f'<p class="field-error" id="{auto_id}_error">{conditional_escape(error)}</p>'
        for error in field.errors
    )
    return (
        f'\n<div class="field">\n  <label for="{auto_id}">{conditional_escape(field.label)}'
        f"</label>\n  {field}\n  {help_text}\n  {errors}\n</div>\n"
    )
