from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from pole_artois.core.cache import cached_until_written
from pole_artois.core.forms import LengthCheckedForm
from territoire.models import Member, MemberKind


class _KeptChoices(ModelChoiceIterator):
    """The choices of a KeptModelChoiceField, from its kept list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in self.field.kept():
            yield self.choice(instance)

    def __len__(self):
        return len(self.field.kept()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.kept())


class KeptModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose queryset is read once for the whole site, then kept until its
    table is written: a form that offers and checks the choices reads nothing. Its answers and
    errors are ModelChoiceField's, for a query string naming a choice by a text column
    (`to_field_name`)."""

    iterator = _KeptChoices

    def __init__(self, queryset, *, key, **kwargs):
        self.key = key
        super().__init__(queryset, **kwargs)

    def kept(self):
        return cached_until_written(self.key, self.queryset.model, lambda: list(self.queryset))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        found = next((i for i in self.kept() if getattr(i, self.to_field_name) == value), None)
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class CommuneFilterForm(LengthCheckedForm, forms.Form):
    """The commune directory's query string: text, member and sort order, all optional."""

    SORTS = {
        "name": ("search_name", "insee_code"),
        "-name": ("-search_name", "insee_code"),
        "population": ("population_municipale", "search_name"),
        "-population": ("-population_municipale", "search_name"),
    }

    q = forms.CharField(
        label=_("Name contains"),
        required=False,
        max_length=100,
        help_text=_("Accents and capitals do not matter."),
    )
    member = KeptModelChoiceField(
        label=_("Agglomeration"),
        queryset=Member.objects.filter(kind=MemberKind.AGGLOMERATION),
        key="directory-agglomerations",
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("-population", _("Population (largest first)")),
            ("population", _("Population (smallest first)")),
        ],
    )

    def filter(self, communes):
        data = self.cleaned_data
        if data.get("q"):
            communes = communes.matching(data["q"])
        if data.get("member"):
            communes = communes.filter(member=data["member"])
        return communes.order_by(*self.SORTS[data.get("sort") or "name"])
