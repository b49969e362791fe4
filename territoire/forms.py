from django import forms
from django.utils.translation import gettext_lazy as _

from pole_artois.core.forms import LengthCheckedForm
from territoire.models import Member, MemberKind


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
    member = forms.ModelChoiceField(
        label=_("Agglomeration"),
        queryset=Member.objects.filter(kind=MemberKind.AGGLOMERATION),
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
