"""The base admin classes of the content apps: every app's `admin.py` subclasses them.

`PoleModelAdmin` gives a model's pages the history of every change (HistoryAdmin), the
publication right where the model is publishable (PublicationPermissionMixin), ↑/↓ buttons
where it has an `order` (OrderingAdminMixin) and the current image on image fields. Each
behaviour applies only where the model has what it needs, so one base serves every model.
Translated models combine it with modeltranslation's admin:
`class ArticleAdmin(PoleModelAdmin, TabbedTranslationAdmin)`.

Inlines take `PoleInlineMixin` the same way (`class MandateInline(PoleInlineMixin,
TranslationStackedInline)`): publishable rows keep their publication right row by row.
"""

from django.contrib.admin.options import ActionLocation
from django.db import models

from pole_artois.backoffice.history import HistoryAdmin
from pole_artois.backoffice.ordering import OrderingAdminMixin
from pole_artois.backoffice.publication import (
    InlinePublicationPermissionMixin,
    PublicationPermissionMixin,
)
from pole_artois.backoffice.widgets import ImagePreviewWidget

IMAGE_PREVIEW = {models.ImageField: {"widget": ImagePreviewWidget}}


class PoleModelAdmin(PublicationPermissionMixin, OrderingAdminMixin, HistoryAdmin):
    formfield_overrides = IMAGE_PREVIEW

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # An action works on the item as stored: run from its change form, it would throw away
        # what was typed there. The change form has buttons that save first instead.
        if action_location == ActionLocation.CHANGE_FORM:
            return {}
        return super().get_actions(request, action_location)


class PoleInlineMixin(InlinePublicationPermissionMixin):
    formfield_overrides = IMAGE_PREVIEW
