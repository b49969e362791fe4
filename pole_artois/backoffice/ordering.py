"""Up and down buttons in the admin's lists: the order of items changes without typing numbers."""

from contextlib import nullcontext

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Max
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
    """For a model with an `order` field: ↑ and ↓ buttons on each line of the list, and no
    number to type (the field is left out of the form; a new item goes last among its siblings).
    Nothing for other models.

    An item moves among its siblings: those sharing its parent (foreign keys) and the fields its
    ordering sorts by before `order` (a partner's category). A move exchanges the places of the
    item and the sibling it passes, and writes nothing else: the others, published ones
    included, keep their numbers. Only siblings sharing a number are numbered 1, 2, 3… first,
    in the order they are shown. The buttons submit the list's own form (with its CSRF token) to
    the move URL, so this works without JavaScript.
    """

    def _sibling_fields(self):
        ordering = [name.lstrip("-") for name in self.opts.ordering or []]
        before = ordering[: ordering.index("order")] if "order" in ordering else []
        parents = [field.name for field in self.opts.concrete_fields if field.many_to_one]
        return list(dict.fromkeys([*before, *parents]))

    def _siblings(self, obj):
        scope = {name: getattr(obj, name) for name in self._sibling_fields()}
        # The order the site shows, made total by the key: ties sort the same way every time.
        return self.model._default_manager.filter(**scope).order_by(
            *(self.opts.ordering or ["order"]), "pk"
        )

    def get_exclude(self, request, obj=None):
        excluded = super().get_exclude(request, obj) or ()
        return (*excluded, "order") if has_order_field(self.model) else excluded

    def save_model(self, request, obj, form, change):
        if not change and has_order_field(self.model):
            last = self._siblings(obj).aggregate(last=Max("order"))["last"]
            obj.order = 0 if last is None else last + 1
        super().save_model(request, obj, form, change)

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
        siblings = list(self._siblings(obj))
        index = siblings.index(obj)
        target = index + DIRECTIONS[direction]
        if 0 <= target < len(siblings):
            self._exchange(request, siblings, index, target)
        changelist = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        return HttpResponseRedirect(changelist)

    def _exchange(self, request, siblings, index, target):
        orders = [item.order for item in siblings]
        if len(set(orders)) < len(orders):
            orders = list(range(1, len(siblings) + 1))
        orders[index], orders[target] = orders[target], orders[index]
        revision = (
            self.create_revision(request) if isinstance(self, VersionAdmin) else nullcontext()
        )
        with transaction.atomic(), revision:
            for item, order in zip(siblings, orders, strict=True):
                if item.order != order:
                    item.order = order
                    item.save(update_fields=["order"])

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
