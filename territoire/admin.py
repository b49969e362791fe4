from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from pole_artois.backoffice.options import PoleModelAdmin
from territoire.models import Commune, Member, Scot


@admin.register(Member)
class MemberAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("name", "kind", "siren", "commune_count")
    readonly_fields = ("slug", "official_name")
    search_fields = ("name", "short_name", "siren")

    def get_queryset(self, request):
        return super().get_queryset(request).with_figures()

    @admin.display(description=_("communes"), ordering="commune_count")
    def commune_count(self, member):
        return member.commune_count


@admin.register(Commune)
class CommuneAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("name", "insee_code", "member_short_name", "population_municipale")
    list_filter = ("member", "millesime")
    search_fields = ("name", "search_name", "insee_code", "postal_codes")
    list_select_related = ("member",)
    # Official data is the import's: only the editorial description is the director's.
    readonly_fields = (
        "insee_code",
        "siren",
        "name",
        "postal_codes",
        "population_municipale",
        "population_totale",
        "millesime",
        "departement_code",
        "region_code",
        "member",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(
        description=Commune._meta.get_field("member").verbose_name, ordering="member__name"
    )
    def member_short_name(self, commune):
        # The full names ("Communauté d'agglomération de …") would not fit a laptop's screen.
        member = commune.member
        return (member.short_name or member.name) if member else None


@admin.register(Scot)
class ScotAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    list_display = ("name",)
    prepopulated_fields = {"slug": ("name_fr",)}
    filter_horizontal = ("members",)
