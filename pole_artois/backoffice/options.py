"""The base admin classes of the content apps: every app's `admin.py` subclasses them.

`PoleModelAdmin` gives a model's pages its own French (WordingAdmin: agreement and elision), the
history of every change (HistoryAdmin), the
publication right where the model is publishable (PublicationPermissionMixin), ↑/↓ buttons
where it has an `order` (OrderingAdminMixin), addresses derived from titles when left empty
(DerivedSlugMixin), the current image on image fields, and forms that
lose nothing typed or chosen (editing). Each behaviour applies only where the model has what it
needs, so one base serves every model. Translated models combine it with modeltranslation's
admin: `class ArticleAdmin(PoleModelAdmin, TabbedTranslationAdmin)`.

Inlines take `PoleInlineMixin` the same way (`class MandateInline(PoleInlineMixin,
TranslationStackedInline)`): publishable rows keep their publication right row by row. A custom
`form` of either must subclass `editing.PoleModelForm`.
"""

from django.contrib.admin.options import ActionLocation
from django.db import models

from pole_artois.backoffice.editing import PoleModelForm
from pole_artois.backoffice.history import HistoryAdmin
from pole_artois.backoffice.ordering import OrderingAdminMixin
from pole_artois.backoffice.publication import (
    InlinePublicationPermissionMixin,
    PublicationPermissionMixin,
)
from pole_artois.backoffice.slugs import DerivedSlugMixin
from pole_artois.backoffice.widgets import ImagePreviewWidget, KeptFileWidget
from pole_artois.backoffice.wording import WordingAdmin
from pole_artois.core.forms import refuse_overlong_text


class SafeEditingMixin:
    """Form fields that cut nothing and file inputs that show a kept file."""

    form = PoleModelForm
    formfield_overrides = {
        models.ImageField: {"widget": ImagePreviewWidget},
        models.FileField: {"widget": KeptFileWidget},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            refuse_overlong_text(formfield)
        return formfield


class PoleModelAdmin(
    WordingAdmin,
    SafeEditingMixin,
    DerivedSlugMixin,
    PublicationPermissionMixin,
    OrderingAdminMixin,
    HistoryAdmin,
):
    class Media:
        js = ["backoffice/unsaved-changes.js"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # An action works on the item as stored: run from its change form, it would throw away
        # what was typed there. The change form has buttons that save first instead.
        if action_location == ActionLocation.CHANGE_FORM:
            return {}
        return super().get_actions(request, action_location)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        formsets = [inline.formset for inline in context["inline_admin_formsets"]]
        for form in self._forms_on_page(context["adminform"].form, formsets):
            form.keep_uploads()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for saved in self._forms_on_page(form, formsets):
            saved.discard_kept_uploads()

    @staticmethod
    def _forms_on_page(form, formsets):
        inline_forms = [inline_form for formset in formsets for inline_form in formset.forms]
        return [each for each in (form, *inline_forms) if isinstance(each, PoleModelForm)]


class PoleInlineMixin(SafeEditingMixin, InlinePublicationPermissionMixin):
    pass
