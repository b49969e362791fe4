from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from pole_artois.backoffice.editing import PoleModelForm
from pole_artois.backoffice.options import PoleInlineMixin, PoleModelAdmin
from pole_artois.core.publication import PublicationStatus
from pole_artois.institution import services
from pole_artois.institution.models import (
    AccessibilityPlan,
    AccessibilityStatement,
    Article,
    ComiteSyndical,
    ContactMessage,
    Deliberation,
    DeliberationChange,
    DeliberationState,
    Event,
    HistoryEvent,
    Mandate,
    MinutesCorrection,
    Page,
    Person,
    PoleIdentity,
    Seance,
    StaffPosition,
)
from pole_artois.institution.models.acts import field_label


@admin.register(PoleIdentity)
class PoleIdentityAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """A single record: the list page opens it directly, and it can be neither added nor deleted."""

    fieldsets = [
        (None, {"fields": ["name", "siret"]}),
        (
            _("Contact details"),
            {"fields": ["contact_person", "phone", "email", "address", "notification_email"]},
        ),
        (
            _("Legal notice"),
            {
                "fields": [
                    "publication_director",
                    "publication_director_title",
                    "host_name",
                    "host_address",
                    "host_phone",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        identity, _created = PoleIdentity.objects.get_or_create(pk=1)
        return redirect(reverse("admin:institution_poleidentity_change", args=[identity.pk]))


class AccessibilityPlanInline(PoleInlineMixin, TranslationStackedInline):
    model = AccessibilityPlan
    extra = 0
    fields = ["kind", ("first_year", "last_year"), "title", "date", "file"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """A single record, like the identity: the list page opens it directly.

    Laid out as the RGAA's model statement; /accessibilite/ shows it above the page's own text."""

    fieldsets = [
        (
            _("Conformity"),
            {"fields": ["status", "rate", "rgaa_version", "statement_date"]},
        ),
        (_("Audit"), {"fields": ["audit_date", "auditor", "audited_pages"]}),
        (
            _("Non-accessible content"),
            {"fields": ["non_compliances", "disproportionate_burden", "out_of_scope"]},
        ),
        (
            _("How the statement was established"),
            {"fields": ["technologies", "test_environment", "tools"]},
        ),
        (
            _("Contact for an accessible alternative"),
            {"fields": ["contact_email", "contact_phone"]},
        ),
    ]
    inlines = [AccessibilityPlanInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        statement, _created = AccessibilityStatement.objects.get_or_create(pk=1)
        return redirect(
            reverse("admin:institution_accessibilitystatement_change", args=[statement.pk])
        )


@admin.register(ComiteSyndical)
class ComiteSyndicalAdmin(PoleModelAdmin):
    list_display = ("__str__", "installed_on", "delegate_count")


class MandateInline(PoleInlineMixin, TranslationStackedInline):
    model = Mandate
    extra = 0
    fields = [("role", "rank"), "member", ("start", "end"), "note"]


class CurrentMandateFilter(admin.SimpleListFilter):
    title = _("mandate")
    parameter_name = "mandate"

    def lookups(self, request, model_admin):
        return [("current", _("In office today"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(mandates__in=Mandate.objects.current()).distinct()
        return queryset


@admin.register(Person)
class PersonAdmin(PoleModelAdmin):
    list_display = ("last_name", "first_name")
    search_fields = ("last_name", "first_name")
    list_filter = (CurrentMandateFilter,)
    inlines = [MandateInline]


@admin.register(StaffPosition)
class StaffPositionAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "holder")


@admin.register(HistoryEvent)
class HistoryEventAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "date", "precision")
    date_hierarchy = "date"


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Messages are the visitors' words: staff read and mark them handled, never edit them.

    Not a PoleModelAdmin: messages hold personal data and keep no history (see
    history.WITHOUT_HISTORY), so that deleting one deletes it for good."""

    list_display = ("subject", "name", "received_at", "handled")
    list_filter = ("handled", "forwarded")
    search_fields = ("name", "email", "subject", "message")
    readonly_fields = ("name", "email", "subject", "message", "received_at", "forwarded")
    fields = ("received_at", "name", "email", "subject", "message", "forwarded", "handled")
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False


@admin.register(Page)
class PageAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """The pages exist at fixed addresses (the footer links to them): edited, never added."""

    list_display = ("title", "key", "updated_at")
    readonly_fields = ("key",)
    fields = ("key", "title", "summary", "body")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_fr",)}
    autocomplete_fields = ("objectives",)
    filter_horizontal = ("communes", "agglomerations")
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "objectives"]}),
        (
            _("Where it applies"),
            {
                "fields": ["communes", "agglomerations"],
                "description": _(
                    "Optional. The article is listed on the pages of the communes named here and "
                    "of every commune of the agglomerations named here."
                ),
            },
        ),
        (_("Image"), {"fields": ["image", "image_alt", "image_decorative"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]


CANCELLATION = (
    _("Cancellation"),
    {
        "fields": ["cancelled_on", "cancellation_reason"],
        "description": _(
            "To cancel, give the date and the reason: the page, the agenda and the calendars "
            "that subscribed say it is cancelled. Do not delete it: people expect it."
        ),
    },
)


@admin.display(description=_("cancelled"), boolean=True, ordering="cancelled_on")
def cancelled(entry):
    return entry.is_cancelled


@admin.register(Event)
class EventAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """The Pôle's public events other than séances; a cancellation is recorded, not deleted."""

    list_display = ("title", "date", "place", "status", cancelled)
    list_filter = ("status",)
    search_fields = ("title", "place")
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title_fr",)}
    fieldsets = [
        (None, {"fields": ["title", "slug", "description"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("date", "time"),
                    ("end_date", "end_time"),
                    "place",
                    "attendance",
                    "registration_url",
                ]
            },
        ),
        CANCELLATION,
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]


class RecordedTraceInline(PoleInlineMixin, TranslationStackedInline):
    """A correction of something published: recorded once through `services`, then shown
    read-only for good."""

    extra = 1
    readonly_fields = ("replaced_document", "recorded_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MinutesCorrectionInline(RecordedTraceInline):
    """Replacing the minutes of a published séance, the previous ones staying available."""

    model = MinutesCorrection
    fields = ("decided_on", "reason", "document", "replaced_document", "recorded_at")


def recorded_forms(formset):
    """The filled-in new rows of a correction inline, recorded by `services` instead of saved as
    they are; the admin's log names what the services recorded (new_objects)."""
    formset.changed_objects, formset.deleted_objects = [], []
    return [form for form in formset.extra_forms if form.has_changed()]


def frozen_notice(fieldsets, notice):
    """The fieldsets, the first one saying why the page is read-only and how to change it."""
    (name, options), *others = fieldsets
    return [(name, {**options, "description": notice}), *others]


@admin.register(Seance)
class SeanceAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """Minutes put online change only through a recorded correction (shown once they are)."""

    list_display = ("__str__", "place", "status", cancelled, "deliberation_count")
    list_filter = ("status",)
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": [("date", "time", "end_time"), "place", "attendance"]}),
        (_("Agenda"), {"fields": ["agenda", "agenda_document"]}),
        (_("Minutes"), {"fields": ["minutes"]}),
        CANCELLATION,
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]
    inlines = [MinutesCorrectionInline]

    def get_queryset(self, request):
        # Whether the minutes are online decides half of the page: read once, with the séance.
        return super().get_queryset(request).with_deliberation_counts().with_online_state()

    @admin.display(description=_("published délibérations"), ordering="deliberation_count")
    def deliberation_count(self, seance):
        return seance.deliberation_count

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.minutes_online:
            return fieldsets
        return frozen_notice(
            fieldsets,
            _(
                "These minutes are online: the site is their official publication, so they "
                "can no longer be replaced here. To replace them, record a correction of the "
                "minutes below (date, reason, new PDF): the séance's page will show it, and "
                "the previous minutes stay available."
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.minutes_online:
            return (*readonly, "minutes")
        return readonly

    def get_inline_instances(self, request, obj=None):
        if obj is None or not obj.minutes_online:
            return []
        return super().get_inline_instances(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not MinutesCorrection:
            return super().save_formset(request, form, formset, change)
        formset.new_objects = [
            services.correct_minutes(
                form.instance,
                reason_fr=typed.cleaned_data["reason_fr"],
                reason_en=typed.cleaned_data.get("reason_en") or "",
                document=typed.cleaned_data["document"],
                decided_on=typed.cleaned_data["decided_on"],
            )
            for typed in recorded_forms(formset)
        ]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.minutes_online:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # One at a time: a séance whose minutes are online is never deleted.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions


class DeliberationChangeForm(PoleModelForm):
    """A correction or a withdrawal, with the act's public fields as they will read after it:
    they start with their current values, and a correction changes those that were wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Deliberation.CORRECTABLE_FIELDS:
            field = Deliberation._meta.get_field(name)
            self.fields[name] = field.formfield(
                label=field_label(field), required=name == "subject_fr"
            )

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in Deliberation.CORRECTABLE_FIELDS}
        self.corrected_values = values
        self.instance.replaced_values = self.instance.deliberation.replaced_by(values)
        return cleaned


class DeliberationChangeInline(RecordedTraceInline):
    """Recording a correction or the withdrawal of an online délibération (those recorded are
    listed on the délibération itself)."""

    model = DeliberationChange
    form = DeliberationChangeForm
    fields = ("kind", "decided_on", "reason", "document", *Deliberation.CORRECTABLE_FIELDS)
    readonly_fields = ()
    # One at a time: each is recorded, then the page shows the act as it left it.
    max_num = 1
    verbose_name = _("correction or withdrawal")
    verbose_name_plural = _("record a correction or the withdrawal")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def get_formset(self, request, obj=None, **kwargs):
        # The new values are fields of the form (DeliberationChangeForm), not of the trace.
        fields = ("kind", "decided_on", "reason_fr", "reason_en", "document")
        return super().get_formset(request, obj, fields=fields, **kwargs)

    def has_add_permission(self, request, obj=None):
        return obj is not None and not obj.is_withdrawn and super().has_add_permission(request, obj)


@admin.register(Deliberation)
class DeliberationAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """Drafts are edited freely; an online délibération changes only through a recorded
    correction or withdrawal (services.correct_deliberation, services.withdraw_deliberation)."""

    list_display = ("number", "subject", "seance", "status", "state")
    list_filter = ("status", "state")
    list_select_related = ("seance",)
    search_fields = ("number", "subject")
    date_hierarchy = "seance__date"
    # No bulk deletion: published acts are never deleted, drafts one at a time.
    actions = None
    readonly_fields = ("online_at", "state", "document_digest")
    fieldsets = [
        (None, {"fields": ["number", "subject", "seance", "matter"]}),
        (
            _("Vote"),
            {
                "fields": [
                    "outcome",
                    ("members_in_office", "voters"),
                    ("votes_for", "votes_against", "abstentions"),
                ],
                "description": _(
                    "Members voting are at most those in office, and for, against and abstaining "
                    "add up to the members voting. The national open data file gives a vote "
                    "only when all five counts are filled in."
                ),
            },
        ),
        (
            _("Act"),
            {
                "fields": [
                    "document",
                    "document_digest",
                    ("signatory_first_name", "signatory_name"),
                    "signatory_title",
                ]
            },
        ),
        (
            _("Transmission to the prefecture"),
            {"fields": ["control_authority", "transmission_id", "transmitted_on"]},
        ),
        (
            _("Budget"),
            {"fields": [("budget_year", "budget_name")], "classes": ["collapse"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at", "online_at", "state"]}),
    ]
    inlines = [DeliberationChangeInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_online:
            return fieldsets
        recorded = [(_("Corrections and withdrawal"), {"fields": ["recorded_changes"]})]
        return frozen_notice(
            [*fieldsets, *(recorded if obj.state != DeliberationState.IN_FORCE else [])],
            _(
                "This délibération is online: the site is its official publication, so what "
                "the public reads of it can no longer be edited here. To change it, record a "
                "correction below (the new values or the new PDF, with its date and reason) "
                "or its withdrawal: its page will show the correction, and what it replaced "
                "stays available."
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None or not obj.is_online:
            return tuple(dict.fromkeys((*readonly, "online_at", "state", "document_digest")))
        frozen = (
            "number",
            "seance",
            *Deliberation.CORRECTABLE_FIELDS,
            "document",
            "status",
            "published_at",
            "online_at",
            "state",
            "recorded_changes",
        )
        return tuple(dict.fromkeys((*readonly, *frozen)))

    @admin.display(description=_("SHA-256 of the text"))
    def document_digest(self, deliberation):
        if not deliberation.document_sha256:
            return "—"
        if deliberation.document_pdfa:
            return _("%(digest)s (declares PDF/A-%(level)s)") % {
                "digest": deliberation.document_sha256,
                "level": deliberation.document_pdfa,
            }
        return deliberation.document_sha256

    @admin.display(description=_("recorded so far"))
    def recorded_changes(self, deliberation):
        return render_to_string(
            "admin/institution/deliberation_changes.html",
            {"changes": deliberation.changes.all()},
        )

    def get_inline_instances(self, request, obj=None):
        if obj is None or not obj.is_online:
            return []
        return super().get_inline_instances(request, obj)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DeliberationChangeInline):
            kwargs["initial"] = [{name: getattr(obj, name) for name in obj.CORRECTABLE_FIELDS}]
        return kwargs

    def save_model(self, request, obj, form, change):
        if obj.status == PublicationStatus.PUBLISHED and not obj.is_online:
            services.publish_deliberation(obj)
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not DeliberationChange:
            return super().save_formset(request, form, formset, change)
        formset.new_objects = [
            self._record(form.instance, typed.cleaned_data, typed.corrected_values)
            for typed in recorded_forms(formset)
        ]

    def _record(self, deliberation, typed, values):
        common = {
            "reason_fr": typed["reason_fr"],
            "reason_en": typed.get("reason_en") or "",
            "decided_on": typed["decided_on"],
        }
        if typed["kind"] == DeliberationChange.Kind.WITHDRAWAL:
            return services.withdraw_deliberation(deliberation, **common)
        return services.correct_deliberation(
            deliberation, document=typed.get("document") or None, **common, **values
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_online:
            return False
        return super().has_delete_permission(request, obj)
