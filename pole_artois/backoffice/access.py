"""Log-in lock-outs in plain words: who is locked out, until when, and who may lift it.

django-axes counts the failed log-ins and refuses the locked ones (settings `AXES_*`): it locks
a pair (account, address), so that a colleague's mistakes at the shared office address never
lock the director out, and a success clears only its own pair's failures. This module tells the
person locked out how long it lasts and who can lift it (`AXES_LOCKOUT_CALLABLE`), lists the
lock-outs for the dashboard's Access block, and lifts one with axes' own reset.
"""

import logging
import math
from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)

# The Direction's right (roles.py): lifting a lock-out deletes its failed attempts.
UNLOCK_PERMISSION = "axes.delete_accessattempt"
# Under an attack many pairs may be locked: the dashboard lists the latest ones.
SHOWN = 10


@dataclass
class Lockout:
    username: str
    ip_address: str
    failures: int
    locked_at: datetime

    @property
    def locked_until(self):
        return self.locked_at + get_cool_off()

    @property
    def unlock_label(self):
        return ngettext(
            "Unlock %(username)s (locked %(ago)s ago after %(failures)s failure from %(address)s)",
            "Unlock %(username)s (locked %(ago)s ago after %(failures)s failures from %(address)s)",
            self.failures,
        ) % {
            "username": self.username,
            "ago": timesince(self.locked_at, depth=1),
            "failures": self.failures,
            "address": self.ip_address,
        }


def _locked_pairs():
    """Failures per pair (account, address) still counted, as axes sums them: over user agents.

    Without AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT, tries during a lock-out are not
    recorded, so the latest attempt of a locked pair is the one that locked it.
    """
    return (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), locked_at=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-locked_at")
    )


def current_lockouts():
    """The accounts locked out now from some address, latest first. Guesses at names that are
    no account lock nothing anyone could lift, and are left out."""
    usernames = get_user_model()._default_manager.values(get_user_model().USERNAME_FIELD)
    pairs = _locked_pairs().filter(username__in=usernames)[:SHOWN]
    return [Lockout(**pair) for pair in pairs]


def lockout_of(username, ip_address):
    pair = _locked_pairs().filter(username=username, ip_address=ip_address).first()
    return Lockout(**pair) if pair else None


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused log-in (AXES_LOCKOUT_CALLABLE): for how long, and who can help."""
    username = get_client_username(request, credentials) or ""
    lockout = lockout_of(username, request.axes_ip_address)
    remaining = lockout.locked_until - timezone.now() if lockout else get_cool_off(request)
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    context = {
        "username": username,
        "failures": lockout.failures if lockout else get_failure_limit(request, credentials),
        "remaining": ngettext("%(count)s minute", "%(count)s minutes", minutes)
        % {"count": minutes},
    }
    return render(
        request, "backoffice/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150)
    ip_address = forms.GenericIPAddressField()


@require_POST
def unlock_view(request):
    """Lift one lock-out (the dashboard's button): axes forgets that pair's failures."""
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("This lock-out could not be found."))
        return redirect("admin:index")
    username = form.cleaned_data["username"]
    address = form.cleaned_data["ip_address"]
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    LogEntry.objects.log_actions(
        request.user.pk,
        attempts,
        DELETION,
        change_message=gettext("Lock-out lifted from the dashboard."),
    )
    if reset(ip=address, username=username):
        logger.warning(
            "Lock-out of %s from %s lifted by %s.", username, address, request.user.get_username()
        )
        messages.success(
            request,
            gettext("The account “%(username)s” can log in again from %(address)s.")
            % {"username": username, "address": address},
        )
    else:
        messages.info(request, gettext("This lock-out had already ended."))
    return redirect("admin:index")
