"""Who follows what, for data-protection requests: read-only, and deleting an address deletes
everything attached to it.

Not a PoleModelAdmin: its history would keep a copy of every address deleted (as for the
contact messages, history.WITHOUT_HISTORY). The admin's French still comes from WordingAdmin.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from pole_artois.backoffice.wording import WordingAdmin
from pole_artois.following.models import Follower, Subscription

# The queue's own rows are the worker's business; the dashboard tells the director what matters.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ("__str__", "requested_at", "confirmed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Follower)
class FollowerAdmin(WordingAdmin, admin.ModelAdmin):
    list_display = ("email", "language", "created_at", "following", "waiting")
    search_fields = ("email",)
    list_filter = ("language",)
    fields = ("email", "language", "created_at")
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "subscriptions", filter=Q(subscriptions__confirmed_at__isnull=False)
                ),
                waiting_count=Count("subscriptions", filter=Q(subscriptions__confirmed_at=None)),
            )
        )

    @admin.display(description=_("following"), ordering="confirmed_count")
    def following(self, follower):
        return follower.confirmed_count

    @admin.display(description=_("waiting for confirmation"), ordering="waiting_count")
    def waiting(self, follower):
        return follower.waiting_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
