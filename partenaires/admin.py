from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from partenaires.models import Partner
from pole_artois.backoffice.options import PoleModelAdmin


@admin.register(Partner)
class PartnerAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("name", "category", "status", "published_at")
    list_filter = ("category", "status")
    search_fields = ("name", "short_name", "description")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "category",
                    "name",
                    "short_name",
                    "slug",
                    "description",
                    "website",
                )
            },
        ),
        (_("Logo"), {"fields": ("logo", "logo_alt", "logo_decorative")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
    )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ("name_fr",)}

    def get_readonly_fields(self, request, obj=None):
        # A partner's address is fixed once it exists: links to it keep working after a rename.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "slug") if obj else readonly
