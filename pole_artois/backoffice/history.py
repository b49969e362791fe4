"""Every change to public content kept as a version: who, when, what; restorable, even deleted.

django-reversion stores the versions. Admin classes get its `VersionAdmin` behaviour from their
base, options.PoleModelAdmin; models without an admin class are registered in `register_models`.
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from pole_artois.backoffice.roles import (
    CONTENT_APPS,
    content_models,
    is_publishable,
    publish_codename,
)
from pole_artois.core.publication import PublicationStatus

# Visitors' messages hold personal data: deleting one must really delete it, copies included.
WITHOUT_HISTORY = {"institution.contactmessage"}
# Official acts change only through a recorded correction or withdrawal (institution.services):
# their history is shown, never restored (a restore writes the rows directly; the database would
# refuse it for an online act anyway).
NEVER_RESTORED = {
    "institution.deliberation",
    "institution.deliberationchange",
    "institution.seance",
    "institution.minutescorrection",
}


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

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._restorable_version(request, pk=version_id, object_id=unquote(object_id))
        request.files_kept_on_restore = self._files_gone_since(version)
        for name in request.files_kept_on_restore:
            messages.warning(
                request,
                gettext(
                    "The file “%(field)s” of this version was replaced since and no longer "
                    "exists: restoring this version keeps the current file."
                )
                % {"field": self.model._meta.get_field(name).verbose_name},
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def _files_gone_since(self, version):
        """The file fields whose file in `version` is gone, each with the current file's name.

        A replaced image or document is deleted from the storage (core.uploads): restoring the
        version it belonged to as it was would point the page at nothing.
        """
        current = self.model._base_manager.filter(pk=version.object_id).first()
        if current is None:
            return {}
        gone = {}
        for field in self.model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            stored = version.field_dict.get(field.attname)
            name = getattr(stored, "name", stored)
            now = getattr(current, field.attname).name
            if name and name != now and not field.storage.exists(name):
                gone[field.attname] = now
        return gone

    def save_model(self, request, obj, form, change):
        for name, current in getattr(request, "files_kept_on_restore", {}).items():
            setattr(obj, name, current)
        super().save_model(request, obj, form, change)

    def recover_view(self, request, version_id, extra_context=None):
        self._restorable_version(request, pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def _restorable_version(self, request, **lookups):
        """The version asked for, if this page's model and this user may restore all it holds.

        A restore brings back every row of the version's revision (an objective with its
        updates), written straight to the database: the rights are checked here, on the rows as
        stored and as they would be restored.
        """
        version = get_object_or_404(
            Version, content_type=ContentType.objects.get_for_model(self.model), **lookups
        )
        for item in version.revision.version_set.select_related("content_type"):
            model = item.content_type.model_class()
            if model is None:
                continue
            opts = model._meta
            if opts.label_lower in NEVER_RESTORED or not request.user.has_perm(
                f"{opts.app_label}.{get_permission_codename('change', opts)}"
            ):
                raise PermissionDenied
            if is_publishable(model) and not request.user.has_perm(
                f"{opts.app_label}.{publish_codename(opts)}"
            ):
                stored = (
                    model._base_manager.filter(pk=item.object_id)
                    .values_list("status", flat=True)
                    .first()
                )
                if PublicationStatus.PUBLISHED in (stored, item.field_dict.get("status")):
                    raise PermissionDenied
        return version

    def delete_model(self, request, obj):
        self._keep_before_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_before_deletion(request, queryset)
        super().delete_queryset(request, queryset)
