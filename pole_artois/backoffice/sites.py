"""The Pôle's admin site: the staff's daily tool, at /gestion/ (/en/gestion/ in English).

Beyond Django's admin it adds a dashboard on the index and the second factor (log-in code and
device setup). What every content model's pages share (history, publication right, ordering)
comes from their base class, options.PoleModelAdmin.
"""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login

from pole_artois.backoffice import access, second_factor
from pole_artois.backoffice.dashboard import Dashboard


class PoleAdminSite(admin.AdminSite):
    site_header = _("Pôle métropolitain de l'Artois — gestion")
    site_title = _("Pôle métropolitain de l'Artois — gestion")
    index_title = _("Dashboard")
    index_template = "backoffice/index.html"
    login_template = "backoffice/login.html"
    login_form = second_factor.LoginForm

    def has_permission(self, request):
        return super().has_permission(request) and second_factor.is_second_factor_satisfied(
            request.user
        )

    def admin_view(self, view, cacheable=False):
        """Superusers who must use a second factor set it up before anything but logging out."""
        inner = super().admin_view(view, cacheable)

        def view_once_second_factor_set_up(request, *args, **kwargs):
            user = request.user
            if (
                user.is_active
                and user.is_staff
                and second_factor.must_set_up_device(user)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                return redirect_to_login(
                    request.get_full_path(),
                    reverse("admin:second_factor", current_app=self.name),
                )
            return inner(request, *args, **kwargs)

        return update_wrapper(view_once_second_factor_set_up, inner)

    def get_urls(self):
        return [
            path(
                "double-authentification/",
                csrf_protect(never_cache(self.second_factor_view)),
                name="second_factor",
            ),
            path("acces/debloquer/", self.admin_view(access.unlock_view), name="unlock"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {"dashboard": Dashboard(self, request), **(extra_context or {})}
        return super().index(request, context)

    def second_factor_view(self, request):
        """Set up an authenticator app: scan the code, type the first code it shows."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(
                request.get_full_path(), reverse("admin:login", current_app=self.name)
            )
        next_url = request.POST.get("next", request.GET.get("next", ""))
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = reverse("admin:index", current_app=self.name)
        context = {
            **self.each_context(request),
            "title": gettext("Two-factor authentication"),
            "subtitle": None,
            "next": next_url,
            "required": second_factor.superuser_needs_device(user),
        }
        if second_factor.has_device(user):
            return TemplateResponse(
                request, "backoffice/second_factor.html", {**context, "active": True}
            )
        device = second_factor.pending_device(request)
        form = second_factor.ConfirmDeviceForm(device, request.POST or None)
        if request.method == "POST" and form.is_valid():
            device.save()
            del request.session[second_factor.PENDING_KEY_SESSION_KEY]
            otp_login(request, device)
            messages.success(
                request,
                gettext(
                    "Two-factor authentication is on: from now on, logging in asks for a "
                    "code from your app."
                ),
            )
            return redirect(next_url)
        context.update(
            form=form,
            qr_code=second_factor.qr_code_data_uri(device),
            secret=second_factor.secret_for_humans(device),
        )
        return TemplateResponse(request, "backoffice/second_factor.html", context)
