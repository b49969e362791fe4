"""Addresses made from titles on the server too, not only by the page's script.

A prepopulated field (a slug) is filled by JavaScript as the title is typed. Without it, or when
the title was left empty, the slug came back as a second error on a field the person never had
to fill in. Left empty, it is now made from its source field when the form is saved, and only
the source's own error is reported.
"""

from pole_artois.core.text import to_slug


class DerivedSlugForm:
    derived_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for target in self.derived_fields:
            self.fields[target].required = False

    def clean(self):
        data = super().clean()
        for target, sources in self.derived_fields.items():
            if data.get(target) or target in self.errors:
                continue
            text = " ".join(str(data.get(source) or "") for source in sources).strip()
            if text:
                data[target] = to_slug(text)[: self.fields[target].max_length]
        return data


class DerivedSlugMixin:
    """For a ModelAdmin with prepopulated fields: those left empty are derived on saving."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        derived = {
            target: sources
            for target, sources in self.get_prepopulated_fields(request, obj).items()
            if target in form.base_fields
        }
        if not derived:
            return form
        return type(form.__name__, (DerivedSlugForm, form), {"derived_fields": derived})
