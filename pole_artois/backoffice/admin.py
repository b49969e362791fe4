from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from pole_artois.backoffice.roles import ADMINISTRATION

User = get_user_model()


class StaffUserAdmin(UserAdmin):
    """Superusers manage every account; the director only those of the Administration group.

    For the director, other accounts do not exist, and the fields that grant rights (superuser,
    staff, groups, permissions) are not offered: an account the director creates is a staff
    account of the Administration group.
    """

    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(groups__name=ADMINISTRATION, is_superuser=False)

    def _in_reach(self, request, obj):
        if obj is None or request.user.is_superuser:
            return True
        return (
            not obj.is_superuser
            and obj.pk != request.user.pk
            and obj.groups.filter(name=ADMINISTRATION).exists()
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_reach(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_reach(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_staff = True
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            form.instance.groups.add(Group.objects.get(name=ADMINISTRATION))


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


class TechnicalAdministratorOnly:
    """django-axes' raw tables, left out of the Direction's index: lock-outs are listed and
    lifted in plain words in the dashboard's Access block (backoffice/access.py)."""

    def has_module_permission(self, request):
        return request.user.is_superuser


for model, model_admin in list(admin.site._registry.items()):
    if model._meta.app_label == "axes":
        admin.site.unregister(model)
        admin_class = type(model_admin)
        admin.site.register(
            model, type(admin_class.__name__, (TechnicalAdministratorOnly, admin_class), {})
        )
