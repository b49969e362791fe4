from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from chantiers import imports
from chantiers.models import (
    Chantier,
    Indicator,
    IndicatorValue,
    Milestone,
    Objective,
    ObjectiveDocument,
    ObjectiveUpdate,
    StatusChange,
)
from pole_artois.backoffice.editing import PoleModelForm
from pole_artois.backoffice.options import PoleInlineMixin, PoleModelAdmin
from pole_artois.backoffice.roles import publish_codename
from pole_artois.core.publication import PublicationStatus

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
    fields = (
        "date",
        "title",
        "body",
        "milestone",
        "communes",
        "agglomerations",
        "status",
        "published_at",
    )
    filter_horizontal = ("communes", "agglomerations")


class StatusChangeInline(PoleInlineMixin, TranslationTabularInline):
    model = StatusChange
    extra = 0
    fields = ("status", "date", "note")
    verbose_name_plural = _("Status: every change, dated (the newest is the current status)")


class MilestoneInline(PoleInlineMixin, TranslationTabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "planned_date", "precision", "original_date", "state", "reached_on", "note")


class IndicatorInline(PoleInlineMixin, TranslationTabularInline):
    model = Indicator
    extra = 0
    fields = ("name", "unit", "target_value", "target_date", "order")
    show_change_link = True
    verbose_name_plural = _("Indicators (their values: follow “Change”)")


class ObjectiveForm(PoleModelForm):
    def clean(self):
        cleaned = super().clean()
        for lead, involved in (("lead_member", "members"), ("lead_partner", "partners")):
            chosen = cleaned.get(lead)
            if chosen and involved in cleaned and chosen not in cleaned[involved]:
                self.add_error(lead, _("Choose the lead among those involved."))
        return cleaned


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
    filter_horizontal = ("members", "partners", "communes", "agglomerations")
    form = ObjectiveForm
    inlines = (
        StatusChangeInline,
        MilestoneInline,
        IndicatorInline,
        ObjectiveUpdateInline,
        ObjectiveDocumentInline,
    )
    fieldsets = (
        (None, {"fields": ("chantier", "title", "slug", "summary", "body")}),
        (_("Who is involved"), {"fields": ("members", "partners", "lead_member", "lead_partner")}),
        (
            _("Where it applies"),
            {
                "fields": ("communes", "agglomerations"),
                "description": _(
                    "Optional. The objective is listed on the pages of the communes named here "
                    "and of every commune of the agglomerations named here; empty, it concerns "
                    "the whole Pôle."
                ),
            },
        ),
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
    filter_horizontal = ("communes", "agglomerations")
    fields = (
        "objective",
        "date",
        "title",
        "body",
        "milestone",
        "communes",
        "agglomerations",
        "status",
        "published_at",
    )


class IndicatorValueInline(PoleInlineMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ("date", "value", "member", "source_note")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "Columns date, value and, optionally, member (its identifier, SIREN or short name; "
            "empty for the whole Pôle). A value for a date and member already recorded replaces "
            "it."
        ),
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1_000_000)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > 1_000_000:
                raise ValidationError(_("The file is larger than 1 MB."))
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("The file is not UTF-8 text: save it as CSV UTF-8.")
                ) from None
        if not cleaned.get("text"):
            raise ValidationError(_("Choose a CSV file."))
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(PoleModelAdmin, TabbedTranslationAdmin):
    """An indicator with its measured values, entered here or imported from a CSV file."""

    list_display = ("name", "objective", "unit", "target_value", "target_date")
    list_filter = ("objective__chantier",)
    list_select_related = ("objective",)
    search_fields = ("name", "objective__title")
    autocomplete_fields = ("objective",)
    inlines = (IndicatorValueInline,)
    fields = (
        "objective",
        "name",
        "unit",
        "definition",
        "source",
        ("baseline_value", "baseline_date"),
        ("target_value", "target_date"),
    )
    change_form_template = "chantiers/admin/indicator_change_form.html"

    def _objective_locked(self, request, obj):
        """An indicator is part of its objective: once that is online, changing its values
        needs the right to publish objectives, as changing the objective's own page does."""
        return (
            obj is not None
            and obj.objective.status == PublicationStatus.PUBLISHED
            and not request.user.has_perm(f"chantiers.{publish_codename(Objective._meta)}")
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and not self._objective_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not self._objective_locked(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="chantiers_indicator_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk):
        """Upload a CSV file, see what it would change (or its errors), then import it."""
        indicator = get_object_or_404(Indicator.objects.select_related("objective"), pk=pk)
        if not self.has_change_permission(request, indicator):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            confirmed = "confirm" in request.POST and not form.cleaned_data.get("file")
            report = imports.import_values(indicator, text, dry_run=not confirmed)
            if confirmed and not report.errors:
                self.log_change(request, indicator, gettext("Values imported from a CSV file."))
                self.message_user(
                    request,
                    gettext("%(count)d values imported.") % {"count": len(report.rows)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:chantiers_indicator_change", args=[indicator.pk]))
            form = ImportForm(initial={"text": text})
        return TemplateResponse(
            request,
            "chantiers/admin/import_values.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": indicator,
                "title": gettext("Import values: %(indicator)s") % {"indicator": indicator},
                "form": form,
                "report": report,
            },
        )
