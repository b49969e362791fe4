"""Asking for publication: who may write a draft but not publish it submits it, and those who
may publish it see the request on their dashboard, then publish it or send it back with a comment.

All of it happens on the item's own page, through its form: what was typed is saved with the
request or the decision, and nothing needs JavaScript. The right to publish is unchanged
(PublicationPermissionMixin); a request only asks.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pole_artois.backoffice.models import PublicationRequest, RequestStatus
from pole_artois.backoffice.roles import is_publishable
from pole_artois.core.publication import PublicationStatus

SUBMIT = "submit_for_publication"
SEND_BACK = "send_back_comment"
INFO = "publication_request"
FIELDS = (INFO, SEND_BACK, SUBMIT)


def latest_request(obj):
    """The newest request about `obj`, read once per page (the form and its fieldsets ask)."""
    if obj is None or obj.pk is None:
        return None
    if "_latest_publication_request" not in obj.__dict__:
        obj._latest_publication_request = (
            PublicationRequest.objects.for_object(obj).select_related("requested_by", "decided_by")
        ).first()
    return obj._latest_publication_request


def mark_published(obj, user):
    """Whoever publishes an item, however, answers the requests waiting about it."""
    for waiting in PublicationRequest.objects.for_object(obj).pending():
        waiting.decide(RequestStatus.PUBLISHED, user)
    obj.__dict__.pop("_latest_publication_request", None)


def forget_open_requests(model, pks):
    """A deleted item is no longer to publish: its requests waiting or sent back go with it
    (those answered by a publication stay, as its trail)."""
    PublicationRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=pks
    ).exclude(status=RequestStatus.PUBLISHED).delete()


def person(user):
    if user is None:
        return gettext("a former account")
    return user.get_full_name() or user.get_username()


def when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT", use_l10n=True)


class RequestForm:
    """Added to the item's form: publishing it and sending it back are exclusive."""

    def clean(self):
        data = super().clean()
        if data.get(SEND_BACK) and data.get("status") == PublicationStatus.PUBLISHED:
            self.add_error(
                SEND_BACK,
                gettext("Publish it or send it back, not both: empty this comment to publish."),
            )
        return data


def _submit_field():
    return forms.BooleanField(
        label=_("Submit for publication"),
        required=False,
        help_text=_(
            "Saves your changes and asks someone allowed to publish to put this online; "
            "they see the request on their dashboard."
        ),
    )


def _send_back_field():
    return forms.CharField(
        label=_("Send back with a comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "To send it back instead of publishing it, say what to change: the author sees "
            "your comment on this page and on their dashboard. To publish it, set the status "
            "to Published."
        ),
    )


FORM_FIELDS = {SUBMIT: _submit_field, SEND_BACK: _send_back_field}


class PublicationRequestMixin:
    """For the ModelAdmin of a Publishable model (with PublicationRight): the request's fields
    on the page of a draft, for the author without the right and for those who have it."""

    def _request_fields(self, request, obj):
        # Decided once per page, on the item as stored: validating the form writes what was
        # typed (a status set to published) into `obj` before the page is drawn again.
        if obj is None:
            return self._fields_for(request, obj)
        if "_publication_request_fields" not in obj.__dict__:
            obj._publication_request_fields = self._fields_for(request, obj)
        return obj._publication_request_fields

    def _fields_for(self, request, obj):
        if not is_publishable(self.model):
            return []
        if obj is not None and obj.status == PublicationStatus.PUBLISHED:
            return []
        if not self.has_change_permission(request, obj):
            return []
        latest = latest_request(obj)
        waiting = latest is not None and latest.status == RequestStatus.PENDING
        if self.has_publish_permission(request):
            return [INFO, SEND_BACK] if waiting else []
        if waiting:
            return [INFO]
        return [INFO, SUBMIT] if latest is not None else [SUBMIT]

    def get_form(self, request, obj=None, **kwargs):
        names = [name for name in self._request_fields(request, obj) if name in FORM_FIELDS]
        if names:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__,
                (RequestForm, base),
                {name: FORM_FIELDS[name]() for name in names},
            )
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name not in FIELDS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = self._request_fields(request, obj)
        if not names:
            return fieldsets
        return [*fieldsets, (_("Publication request"), {"fields": names})]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if INFO in self._request_fields(request, obj):
            return (*readonly, INFO)
        return readonly

    @admin.display(description=_("request"))
    def publication_request(self, obj):
        latest = latest_request(obj)
        if latest is None:
            return "—"
        asked = {"person": person(latest.requested_by), "date": when(latest.requested_at)}
        if latest.status == RequestStatus.PENDING:
            return gettext("Submitted by %(person)s on %(date)s, waiting to be published.") % asked
        return gettext("Sent back by %(person)s on %(date)s: “%(comment)s”") % {
            "person": person(latest.decided_by),
            "date": when(latest.decided_at),
            "comment": latest.comment,
        }

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        forget_open_requests(self.model, [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        forget_open_requests(self.model, pks)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not is_publishable(self.model):
            return
        data = getattr(form, "cleaned_data", {})
        if obj.status == PublicationStatus.PUBLISHED:
            mark_published(obj, request.user)
        elif data.get(SUBMIT):
            PublicationRequest.objects.create(item=obj, requested_by=request.user)
            messages.info(
                request,
                gettext(
                    "“%(item)s” is submitted for publication: it is on the dashboard of those "
                    "who may publish it."
                )
                % {"item": obj},
            )
        elif data.get(SEND_BACK):
            latest_request(obj).decide(RequestStatus.SENT_BACK, request.user, data[SEND_BACK])
            messages.info(
                request,
                gettext("“%(item)s” is sent back to %(person)s with your comment.")
                % {"item": obj, "person": person(latest_request(obj).requested_by)},
            )
