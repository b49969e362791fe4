"""The directory's filter checks and lists the agglomerations kept until members are written,
with the answers and errors of the ModelChoiceField it replaces."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.forms import CommuneFilterForm
from territoire.models import Member, MemberKind

pytestmark = pytest.mark.django_db


KEPT = CommuneFilterForm.base_fields["member"]


class ReadEachTime(forms.Form):
    # The same label and empty choice as the directory's (the translations are territoire's).
    member = forms.ModelChoiceField(
        label=KEPT.label,
        queryset=Member.objects.filter(kind=MemberKind.AGGLOMERATION),
        to_field_name="slug",
        required=False,
        empty_label=KEPT.empty_label,
    )


@pytest.mark.parametrize(
    "value",
    ["henin-carvin", "", "inconnu", "HENIN-CARVIN", "henin-carvin ", "pas-de-calais", "a\x00b"],
)
def test_the_member_filter_answers_as_a_model_choice_field(value):
    # The département is a member, not an agglomeration.
    assert Member.objects.get(slug="pas-de-calais").kind == MemberKind.DEPARTEMENT
    kept, read = CommuneFilterForm({"member": value}), ReadEachTime({"member": value})
    assert kept.is_valid() == read.is_valid()
    assert kept.errors.get("member") == read.errors.get("member")
    assert kept.cleaned_data.get("member") == read.cleaned_data.get("member")
    assert str(kept["member"]) == str(read["member"])


def test_the_agglomerations_are_read_once_then_follow_an_edit(client):
    CommuneFilterForm({"member": "henin-carvin"}).is_valid()
    with CaptureQueriesContext(connection) as captured:
        form = CommuneFilterForm({"member": "henin-carvin"})
        assert form.is_valid()
        str(form["member"])
    assert len(captured) == 0
    Member.objects.filter(slug="henin-carvin").update(name_fr="Agglo d'Hénin-Carvin")
    form = CommuneFilterForm({"member": "henin-carvin"})
    assert form.is_valid()
    assert form.cleaned_data["member"].name == "Agglo d'Hénin-Carvin"
    assert "Agglo d&#x27;Hénin-Carvin" in str(form["member"])
