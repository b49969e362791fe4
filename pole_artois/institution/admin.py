from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from pole_artois.institution.models import (
    ComiteSyndical,
    ContactMessage,
    HistoryEvent,
    Mandate,
    Person,
    PoleIdentity,
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
    list_display = ("title", "holder", "order")
    list_editable = ("order",)


@admin.register(HistoryEvent)
class HistoryEventAdmin(TabbedTranslationAdmin):
    list_display = ("title", "date", "precision")
    date_hierarchy = "date"


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Messages are the visitors' words: staff read and mark them handled, never edit them."""

    list_display = ("subject", "name", "email", "received_at", "forwarded", "handled")
    list_filter = ("handled", "forwarded")
    search_fields = ("name", "email", "subject", "message")
    readonly_fields = ("name", "email", "subject", "message", "received_at", "forwarded")
    fields = ("received_at", "name", "email", "subject", "message", "forwarded", "handled")
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False
