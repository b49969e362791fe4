from django import forms
from django.db.models import Case, F, When
from django.utils.translation import gettext_lazy as _

from chantiers.models import ObjectiveStatus

# From the first step of an objective's life to the last, then those without a status.
LIFECYCLE = Case(
    *(When(current_status=status, then=rank) for rank, status in enumerate(ObjectiveStatus)),
    default=len(ObjectiveStatus),
)

SORTS = {
    "chantier": (_("Chantier"), ("chantier__order", "chantier__pk", "order", "pk")),
    "title": (_("Title"), ("title", "pk")),
    "status": (_("Status"), (LIFECYCLE, "chantier__order", "order", "pk")),
    "milestone": (
        _("Next milestone"),
        (F("next_milestone_date").asc(nulls_last=True), "pk"),
    ),
    "changed": (_("Last change of status"), (F("status_since").desc(nulls_last=True), "pk")),
}


class TrackingFilterForm(forms.Form):
    """The tracking page's filters; the choices come from lists the view reads once."""

    chantier = forms.ChoiceField(label=_("Chantier"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ObjectiveStatus.choices],
    )
    member = forms.ChoiceField(label=_("Member involved"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, *args, chantiers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chantier"].choices = [
            ("", _("All chantiers")),
            *((chantier.slug, chantier.title) for chantier in chantiers),
        ]
        self.fields["member"].choices = [
            ("", _("All members")),
            *((member.slug, member.short_name or member.name) for member in members),
        ]

    def apply(self, objectives):
        """The objectives filtered and sorted as asked; all of them when the form is invalid."""
        criteria = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if chantier := criteria.get("chantier"):
            objectives = objectives.filter(chantier__slug=chantier)
        if status := criteria.get("status"):
            objectives = objectives.filter(current_status=status)
        if member := criteria.get("member"):
            objectives = objectives.filter(members__slug=member)
        return objectives.order_by(*SORTS[criteria.get("sort") or "chantier"][1])
