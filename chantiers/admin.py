from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from chantiers.models import Chantier, Objective, ObjectiveDocument, ObjectiveUpdate
from pole_artois.backoffice.options import PoleInlineMixin, PoleModelAdmin

PUBLICATION = (_("Publication"), {"fields": ("status", "published_at")})


@admin.register(Chantier)
class ChantierAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "domain", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "domain", "summary")
    fieldsets = (
        (None, {"fields": ("title", "slug", "domain", "summary", "body")}),
        (_("Image"), {"fields": ("image", "image_alt", "image_decorative")}),
        PUBLICATION,
    )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ("title_fr",)}

    def get_readonly_fields(self, request, obj=None):
        # A chantier's address is fixed once it exists: links to it keep working after a rename.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "slug") if obj else readonly


class ObjectiveUpdateInline(PoleInlineMixin, TranslationStackedInline):
    model = ObjectiveUpdate
    extra = 0
    fields = ("date", "title", "body", "status", "published_at")


class ObjectiveDocumentInline(PoleInlineMixin, TranslationTabularInline):
    model = ObjectiveDocument
    extra = 0
    fields = ("title", "date", "file", "order")


@admin.register(Objective)
class ObjectiveAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "chantier", "status")
    # Each chantier's objectives together, in their order: the ↑/↓ buttons move them within it.
    ordering = ("chantier__order", "chantier__pk", "order", "pk")
    list_filter = ("chantier", "status", "members", "partners")
    list_select_related = ("chantier",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title_fr",)}
    filter_horizontal = ("members", "partners")
    inlines = (ObjectiveUpdateInline, ObjectiveDocumentInline)
    fieldsets = (
        (None, {"fields": ("chantier", "title", "slug", "summary", "body")}),
        (_("Who is involved"), {"fields": ("members", "partners")}),
        (
            _("Contact"),
            {
                "fields": ("contact_name", "contact_role", "contact_email", "contact_phone"),
                "description": _("Optional: shown on the page only when filled in."),
            },
        ),
        PUBLICATION,
    )


@admin.register(ObjectiveUpdate)
class ObjectiveUpdateAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """Every update in one list, newest first: what the feeds publish."""

    list_display = ("title", "objective", "date", "status")
    list_filter = ("status", "objective__chantier")
    list_select_related = ("objective",)
    search_fields = ("title", "body", "objective__title")
    date_hierarchy = "date"
    autocomplete_fields = ("objective",)
    fields = ("objective", "date", "title", "body", "status", "published_at")
