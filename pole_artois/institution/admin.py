from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from pole_artois.institution.models import (
    ActChange,
    Article,
    ComiteSyndical,
    ContactMessage,
    Deliberation,
    HistoryEvent,
    Mandate,
    MinutesCorrection,
    Page,
    Person,
    PoleIdentity,
    Seance,
    StaffPosition,
)


@admin.register(PoleIdentity)
class PoleIdentityAdmin(TabbedTranslationAdmin):
    """A single record: the list page opens it directly, and it can be neither added nor deleted."""

    fieldsets = [
        (None, {"fields": ["name"]}),
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
        (
            _("Accessibility statement"),
            {
                "fields": [
                    "accessibility_status",
                    "accessibility_rate",
                    "accessibility_statement_date",
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


@admin.register(ComiteSyndical)
class ComiteSyndicalAdmin(admin.ModelAdmin):
    list_display = ("__str__", "installed_on", "delegate_count")


class MandateInline(TranslationStackedInline):
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
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name")
    search_fields = ("last_name", "first_name")
    list_filter = (CurrentMandateFilter,)
    inlines = [MandateInline]


@admin.register(StaffPosition)
class StaffPositionAdmin(TabbedTranslationAdmin):
    list_display = ("title", "holder")


@admin.register(HistoryEvent)
class HistoryEventAdmin(TabbedTranslationAdmin):
    list_display = ("title", "date", "precision")
    date_hierarchy = "date"


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Messages are the visitors' words: staff read and mark them handled, never edit them."""

    list_display = ("subject", "name", "received_at", "handled")
    list_filter = ("handled", "forwarded")
    search_fields = ("name", "email", "subject", "message")
    readonly_fields = ("name", "email", "subject", "message", "received_at", "forwarded")
    fields = ("received_at", "name", "email", "subject", "message", "forwarded", "handled")
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False


@admin.register(Page)
class PageAdmin(TabbedTranslationAdmin):
    """The pages exist at fixed addresses (the footer links to them): edited, never added."""

    list_display = ("title", "key", "updated_at")
    readonly_fields = ("key",)
    fields = ("key", "title", "summary", "body")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ("title", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_fr",)}
    autocomplete_fields = ("objectives",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "objectives"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_decorative"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]


class RecordedTraceInline(TranslationStackedInline):
    """A correction of something published: recorded once, then shown read-only for good."""

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


@admin.register(Seance)
class SeanceAdmin(TabbedTranslationAdmin):
    """Minutes put online change only through a recorded correction (shown once they are)."""

    list_display = ("__str__", "place", "status", "act_count")
    list_filter = ("status",)
    date_hierarchy = "date"
    fields = ("date", "time", "place", "agenda", "minutes", "status", "published_at")
    inlines = [MinutesCorrectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_act_counts()

    @admin.display(description=_("published délibérations"), ordering="act_count")
    def act_count(self, seance):
        return seance.act_count

    def get_readonly_fields(self, request, obj=None):
        return ("minutes",) if obj is not None and obj.minutes_online else ()

    def get_inline_instances(self, request, obj=None):
        if obj is None or not obj.minutes_online:
            return []
        return super().get_inline_instances(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.minutes_online:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # One at a time: a séance whose minutes are online is never deleted.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions


class ActChangeInline(RecordedTraceInline):
    """Correcting or withdrawing a published act."""

    model = ActChange
    fields = ("kind", "decided_on", "reason", "document", "replaced_document", "recorded_at")
    verbose_name = _("correction or withdrawal")

    def has_add_permission(self, request, obj=None):
        return obj is not None and not obj.is_withdrawn and super().has_add_permission(request, obj)


@admin.register(Deliberation)
class DeliberationAdmin(TabbedTranslationAdmin):
    """Drafts are edited freely; a published act only changes through a recorded correction."""

    list_display = ("number", "subject", "seance", "status", "state")
    list_filter = ("status", "state")
    list_select_related = ("seance",)
    search_fields = ("number", "subject")
    date_hierarchy = "seance__date"
    # No bulk deletion: published acts are never deleted, drafts one at a time.
    actions = None
    fieldsets = [
        (None, {"fields": ["number", "subject", "seance"]}),
        (_("Vote"), {"fields": ["outcome", "votes_for", "votes_against", "abstentions"]}),
        (_("Act"), {"fields": ["document", "signatory_name", "signatory_title"]}),
        (_("Publication"), {"fields": ["status", "published_at", "online_at", "state"]}),
    ]
    inlines = [ActChangeInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.online_at is not None:
            return ("number", "seance", "document", "status", "published_at", "online_at", "state")
        return ("online_at", "state")

    def get_inline_instances(self, request, obj=None):
        if obj is None or obj.online_at is None:
            return []
        return super().get_inline_instances(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.online_at is not None:
            return False
        return super().has_delete_permission(request, obj)
