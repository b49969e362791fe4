"""Who may put content online: the admin side of `pole_artois.core.publication.Publishable`.

The right to publish a model is the permission `<app_label>.publish_<model_name>`, created for
every publishable content model by the roles (roles.create_missing_permissions).
"""

from contextlib import nullcontext

import reversion
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from pole_artois.backoffice.publication_requests import PublicationRequestMixin, mark_published
from pole_artois.backoffice.roles import groups_allowed, is_publishable, publish_codename
from pole_artois.core.publication import PublicationStatus
from pole_artois.core.richtext import RichTextField, render_richtext

# The name of the change form's "Save and publish" button (templates/admin/submit_line.html).
SAVE_AND_PUBLISH = "_publish"


def _set_status(modeladmin, request, queryset, status, comment, message):
    """Each item validated as its own page would (an act needs its PDF, a séance with acts
    online stays published): those refused are named, with why, and the others go through."""
    changed = 0
    keeps_history = isinstance(modeladmin, VersionAdmin)
    with modeladmin.create_revision(request) if keeps_history else nullcontext():
        for obj in queryset.exclude(status=status):
            obj.status = status
            try:
                obj.full_clean()
                obj.save()
            except ValidationError as error:
                reasons = " ".join(error.messages)
                modeladmin.message_user(request, f"{obj}: {reasons}", messages.ERROR)
                continue
            if status == PublicationStatus.PUBLISHED:
                mark_published(obj, request.user)
            modeladmin.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
            changed += 1
        if keeps_history:
            reversion.set_comment(str(comment))
    modeladmin.message_user(request, message(changed) % {"count": changed})


@admin.action(description=_("Publish the selected items"))
def publish_selected(modeladmin, request, queryset):
    _set_status(
        modeladmin,
        request,
        queryset,
        PublicationStatus.PUBLISHED,
        _("Published."),
        lambda n: ngettext("%(count)d item published.", "%(count)d items published.", n),
    )


@admin.action(description=_("Take the selected items offline (back to draft)"))
def unpublish_selected(modeladmin, request, queryset):
    _set_status(
        modeladmin,
        request,
        queryset,
        PublicationStatus.DRAFT,
        _("Taken offline."),
        lambda n: ngettext("%(count)d item taken offline.", "%(count)d items taken offline.", n),
    )


class PublicationRight:
    """What the page and the inline versions share: who may publish, and `status` read-only for
    the others (what they create stays a draft for the director to publish). Models without a
    publication state are left as they are."""

    @cached_property
    def publishable(self):
        return is_publishable(self.model)

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.{publish_codename(self.opts)}")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.publishable or self.has_publish_permission(request) or "status" in readonly:
            return readonly
        return (*readonly, "status")


def show_rich_text_as_text(adminform, obj):
    """Read-only rich text is shown formatted, as on the site, instead of as HTML source."""
    for name in adminform.readonly_fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, RichTextField):
            obj.__dict__[field.attname] = render_richtext(getattr(obj, field.attname))


class PublicationPermissionMixin(PublicationRequestMixin, PublicationRight):
    """For the ModelAdmin of a Publishable model: publishing needs `publish_<model>`.

    Without it, `status` is read-only, content already online can be read but neither changed
    nor deleted (the page says why, and who may), and saving anything as published is refused
    with 403 whatever the request says. With it, two list actions publish or take offline the
    selected items, and a draft's page has a "Save and publish" button: what is typed is saved
    and published in one go. A draft's author without it may submit it for publication
    (PublicationRequestMixin).
    """

    def _publishes(self, request):
        return self.publishable and self.has_publish_permission(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        publishing = SAVE_AND_PUBLISH in request.POST and self._publishes(request)
        if request.method == "POST" and publishing:
            # As if the status field said "published": the form validates what publishing needs.
            request.POST = request.POST.copy()
            request.POST["status"] = PublicationStatus.PUBLISHED
        return super().changeform_view(request, object_id, form_url, extra_context)

    def read_only_reason(self, request, obj):
        """Why this page shows `obj` without letting this person change it, if it does."""
        opts = self.opts
        if self._is_online(obj) and not self.has_publish_permission(request):
            message = gettext(
                "“%(item)s” is online: only someone in the %(groups)s group may change it."
            )
            permission = publish_codename(opts)
        elif not self.has_change_permission(request, obj):
            message = gettext(
                "You may read “%(item)s” but not change it: only someone in the %(groups)s "
                "group may."
            )
            permission = get_permission_codename("change", opts)
        else:
            return None
        groups = groups_allowed(f"{opts.app_label}.{permission}")
        return message % {"item": obj, "groups": ", ".join(groups)}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            reason = self.read_only_reason(request, obj)
            if reason:
                messages.info(request, reason)
            show_rich_text_as_text(context["adminform"], obj)
        context["show_save_and_publish"] = (
            self._publishes(request)
            and "status" in context["adminform"].form.fields
            and (obj is None or obj.status != PublicationStatus.PUBLISHED)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _is_online(self, obj):
        return self.publishable and obj is not None and obj.status == PublicationStatus.PUBLISHED

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (not self._is_online(obj) or self.has_publish_permission(request))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (not self._is_online(obj) or self.has_publish_permission(request))

    def save_model(self, request, obj, form, change):
        if self.publishable and not self.has_publish_permission(request):
            stored_online = (
                change
                and type(obj)
                ._default_manager.filter(pk=obj.pk, status=PublicationStatus.PUBLISHED)
                .exists()
            )
            if stored_online or obj.status == PublicationStatus.PUBLISHED:
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if (
            action_location != ActionLocation.CHANGE_LIST
            or self.actions is None
            or IS_POPUP_VAR in request.GET
        ):
            return actions
        if self._publishes(request):
            for action in (publish_selected, unpublish_selected):
                actions.setdefault(
                    action.__name__, (action, action.__name__, action.short_description)
                )
        return actions


class OnlineRowsLocked:
    """Formset of the inline rows of someone without the publication right: rows already online
    are neither changed nor deleted. The form comes back with the error and what was typed."""

    def clean(self):
        super().clean()
        touched = [
            str(form.instance)
            for form in self.initial_forms
            if form.instance.status == PublicationStatus.PUBLISHED
            and (form.has_changed() or self._should_delete_form(form))
        ]
        if touched:
            raise ValidationError(
                _(
                    "Only someone allowed to publish may change or delete what is online: "
                    "%(items)s."
                ),
                params={"items": ", ".join(touched)},
                code="online",
            )


class InlinePublicationPermissionMixin(PublicationRight):
    """For an inline of Publishable rows (an objective's progress updates): the same right as on
    their own admin page, row by row."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not self.publishable or self.has_publish_permission(request):
            return formset
        return type(formset.__name__, (OnlineRowsLocked, formset), {})
