"""Up and down buttons in the admin's lists: the order of items changes without typing numbers."""

from contextlib import nullcontext

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

DIRECTIONS = {"haut": -1, "bas": 1}


def has_order_field(model):
    try:
        model._meta.get_field("order")
    except FieldDoesNotExist:
        return False
    return True


class OrderingAdminMixin:
    """For a model with an `order` field: ↑ and ↓ buttons on each line of the list (nothing for
    other models).

    An item moves among its siblings: those sharing its parent (foreign keys) and the fields its
    ordering sorts by before `order` (a partner's category). The siblings are then numbered
    1, 2, 3… The buttons submit the list's own form (with its CSRF token) to the move URL, so
    this works without JavaScript.
    """

    def _sibling_fields(self):
        ordering = [name.lstrip("-") for name in self.opts.ordering or []]
        before = ordering[: ordering.index("order")] if "order" in ordering else []
        parents = [field.name for field in self.opts.concrete_fields if field.many_to_one]
        return list(dict.fromkeys([*before, *parents]))

    def get_urls(self):
        if not has_order_field(self.model):
            return super().get_urls()
        opts = self.opts
        return [
            path(
                "<path:object_id>/deplacer/<str:direction>/",
                self.admin_site.admin_view(self.move_view),
                name=f"{opts.app_label}_{opts.model_name}_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, direction):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if direction not in DIRECTIONS:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        scope = {name: getattr(obj, name) for name in self._sibling_fields()}
        siblings = list(self.model._default_manager.filter(**scope))
        index = siblings.index(obj)
        target = index + DIRECTIONS[direction]
        if 0 <= target < len(siblings):
            siblings[index], siblings[target] = siblings[target], siblings[index]
        revision = (
            self.create_revision(request) if isinstance(self, VersionAdmin) else nullcontext()
        )
        with transaction.atomic(), revision:
            for position, item in enumerate(siblings, start=1):
                if item.order != position:
                    item.order = position
                    item.save(update_fields=["order"])
        changelist = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        return HttpResponseRedirect(changelist)

    @admin.display(description=_("move"))
    def move_buttons(self, obj):
        opts = self.opts
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_move"
        return format_html(
            '<button type="submit" class="button" formaction="{}" title="{}" aria-label="{}">'
            "↑</button> "
            '<button type="submit" class="button" formaction="{}" title="{}" aria-label="{}">'
            "↓</button>",
            reverse(name, args=[obj.pk, "haut"]),
            gettext("Move up"),
            gettext("Move “%(item)s” up") % {"item": obj},
            reverse(name, args=[obj.pk, "bas"]),
            gettext("Move down"),
            gettext("Move “%(item)s” down") % {"item": obj},
        )

    def get_list_display(self, request):
        columns = tuple(super().get_list_display(request))
        if (
            has_order_field(self.model)
            and self.has_change_permission(request)
            and "move_buttons" not in columns
        ):
            return (*columns, "move_buttons")
        return columns
