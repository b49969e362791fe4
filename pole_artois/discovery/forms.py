from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
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


KIND_CHOICES = (("", _("Everything")), *((kind.key, kind.label) for kind in KINDS))
KIND_VALUES = frozenset(value for value, _label in KIND_CHOICES)


@lru_cache(maxsize=32)
def _kind_options(language_code, chosen):
    """The select's options, `chosen` selected (the first option whose value it is, as Django's
    Select selects; none for a value that is none of them), as Django's option template writes
    them: they depend only on the language and on the choice, so they are kept per process."""
    return "".join(
        f'\n  <option value="{conditional_escape(value)}"'
        f"{' selected' if value == chosen else ''}>{conditional_escape(label)}</option>\n"
        for value, label in KIND_CHOICES
    )


def _attributes(attrs):
    """What django/forms/widgets/attrs.html writes for `attrs`."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


@lru_cache(maxsize=8)
def _fixed_parts(language_code):
    """Each field's label, help text and widget's own attributes, written in the current
    language (`language_code`): (label, help text, attributes)."""
    return {
        name: (
            conditional_escape(field.label),
            conditional_escape(field.help_text),
            _attributes(field.widget.attrs),
        )
        for name, field in SearchForm.base_fields.items()
    }


class SharedFields(dict):
    """A form's fields that every instance may share as they are: Django deep-copies a form's
    fields for each instance (so that one may change its own), a twentieth of a search's cost; the
    search form's fields are never changed once the class is made."""

    def __deepcopy__(self, memo):
        return self


def _with_shared_fields(form_class):
    """`form_class` with its fields shared by its instances, each refusing overlong text
    instead of cutting it (core/forms.py), as LengthCheckedForm makes them on every instance."""
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
        widget=forms.SearchInput,
    )
    kind = forms.ChoiceField(
        label=_("Only"),
        required=False,
        choices=KIND_CHOICES,
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
        """What includes/form_fields.html writes for this form with Django's widgets (a test
        compares them), written from the form's values and errors, the labels, help text and
        options kept per language: the include, the bound fields and the widgets' templates
        cost a search page ten times what this does."""
        language = get_language()
        fixed = _fixed_parts(language)
        errors = self.errors if self.is_bound else {}
        value = self.data.get("q") if self.is_bound else None
        kind = (self.data.get("kind") if self.is_bound else None) or ""
        # Any other value selects nothing: one kept copy for all of them.
        chosen = kind if kind in KIND_VALUES else None
        value_attribute = "" if value in ("", None) else f' value="{conditional_escape(value)}"'
        return mark_safe(  # noqa: S308 -- every value written is escaped
            _field_html(
                "q",
                fixed["q"],
                errors.get("q"),
                f'<input type="search" name="q"{value_attribute}',
                ">",
            )
            + _field_html(
                "kind",
                fixed["kind"],
                errors.get("kind"),
                '<select name="kind"',
                f">{_kind_options(language, chosen)}\n</select>",
            )
            + "\n"
        )


def _field_html(name, fixed, errors, opening, rest):
    """One field as the include writes it: `opening` and `rest` are its widget's tag around its
    own attributes and those Django's bound field adds (aria-invalid, aria-describedby, id)."""
    label, help_text, own_attributes = fixed
    describedby = [f"id_{name}_helptext"] if help_text else []
    if errors:
        describedby.append(f"id_{name}_error")
    attributes = own_attributes + (' aria-invalid="true"' if errors else "")
    if describedby:
        attributes += f' aria-describedby="{" ".join(describedby)}"'
    help_html = f'<p class="help" id="id_{name}_helptext">{help_text}</p>' if help_text else ""
    errors_html = "".join(
        f'<p class="field-error" id="id_{name}_error">{conditional_escape(error)}</p>'
        for error in errors or ()
    )
    return (
        f'\n<div class="field">\n  <label for="id_{name}">{label}</label>\n'
        f'  {opening}{attributes} id="id_{name}"{rest}\n  {help_html}\n  {errors_html}\n</div>\n'
    )
