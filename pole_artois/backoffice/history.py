"""Every change to public content kept as a version: who, when, what; restorable, even deleted.

django-reversion stores the versions. Admin classes get its `VersionAdmin` behaviour from the
Pôle's admin site (see sites.PoleAdminSite.register), so the content apps write plain admin
classes and still get history; models without an admin class are registered in `register_models`.
"""

import reversion
from django.utils.translation import gettext
from reversion.admin import VersionAdmin

from pole_artois.backoffice.roles import CONTENT_APPS, content_models

# Visitors' messages hold personal data: deleting one must really delete it, copies included.
WITHOUT_HISTORY = {"institution.contactmessage"}


def keeps_history(model):
    opts = model._meta
    return opts.app_label in CONTENT_APPS and opts.label_lower not in WITHOUT_HISTORY


def register_models():
    for model in content_models():
        if keeps_history(model) and not reversion.is_registered(model):
            reversion.register(model, ignore_duplicates=True)


class HistoryAdmin(VersionAdmin):
    """VersionAdmin, newest first, that also keeps a version of whatever it deletes.

    Content loaded by the demo or imported from official data has no version yet; without one,
    deleting it could not be undone. The version is saved in the deletion's own transaction.
    """

    history_latest_first = True

    def reversion_register(self, model, **options):
        super().reversion_register(model, ignore_duplicates=True, **options)

    def _keep_before_deletion(self, request, objects):
        with self.create_revision(request):
            reversion.set_comment(gettext("Deleted (can be recovered from the history)."))
            for obj in objects:
                reversion.add_to_revision(obj)

    def delete_model(self, request, obj):
        self._keep_before_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_before_deletion(request, queryset)
        super().delete_queryset(request, queryset)
