"""Optional TOTP second factor for staff, required for superusers when the setting says so.

Kept small on purpose: one authenticator-app device per person (django-otp's TOTPDevice), a code
field on the admin's log-in form, and a page to set the device up. A person who has a device must
give its code at every log-in; a superuser without one, when ADMIN_REQUIRE_OTP_FOR_SUPERUSERS is
on, is sent to that page before anything else in the admin, and is anonymous on the public site
(no draft preview) until then.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def superuser_needs_device(user):
    return bool(
        user.is_authenticated
        and user.is_superuser
        and getattr(settings, "ADMIN_REQUIRE_OTP_FOR_SUPERUSERS", False)
    )


def is_second_factor_satisfied(user):
    """Verified in this session, or not needed: no device and not a superuser who must have one."""
    if user.is_verified():
        return True
    return not superuser_needs_device(user) and not has_device(user)


class SecondFactorMiddleware:
    """Outside the admin, a staff session that has not passed its second factor (when it needs
    one) is anonymous: the password alone previews no draft on the public site. Inside, the admin
    site sends it to the set-up page or back to the log-in form (PoleAdminSite)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if "admin" in request.resolver_match.app_names or not user.is_authenticated:
            return
        if user.is_staff and not is_second_factor_satisfied(user):
            request.user = AnonymousUser()


def must_set_up_device(user):
    return superuser_needs_device(user) and not user.is_verified() and not has_device(user)


def verify(user, token):
    """The user's device that accepts this code, or None (throttled after repeated failures)."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


class TokenField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
            ),
        )
        super().__init__(max_length=8, strip=True, **kwargs)


class LoginForm(AdminAuthenticationForm):
    """The admin's log-in, asking for the authenticator code of those who have set one up."""

    otp_token = TokenField(
        label=_("Code from your authenticator app"),
        required=False,
        help_text=_("Only if you have set up two-factor authentication."),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not has_device(user):
            return cleaned
        token = cleaned.get("otp_token")
        if not token:
            raise forms.ValidationError(
                _("Enter the code shown by your authenticator app."), code="token_required"
            )
        device = verify(user, token)
        if device is None:
            raise forms.ValidationError(
                _("This code is not valid. Check your phone's clock and try the next code."),
                code="invalid_token",
            )
        # django-otp's login signal handler records the device in the session.
        user.otp_device = device
        return cleaned


class ConfirmDeviceForm(forms.Form):
    otp_token = TokenField(label=_("Code shown by the app"))

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        if not confirms(self.device, token):
            raise forms.ValidationError(
                _("This code is not valid. Check your phone's clock and try the next code.")
            )
        return token


def confirms(device, token):
    """Whether the device being set up shows this code now, noting its time step as used.

    Checked without django-otp's `verify_token`, which saves the device, even on a wrong code:
    the device reaches the database only once confirmed. No throttling: whoever types here was
    shown the key.
    """
    try:
        token = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not totp.verify(token, device.tolerance):
        return False
    device.last_t = totp.t()
    return True


PENDING_KEY_SESSION_KEY = "second_factor_pending_key"


def pending_device(request):
    """The device being set up in this session, kept in the session until its first code is
    given (then saved, confirmed): opening the page writes nothing to the database.

    A new key each time the page is opened: a key seen by someone who knew only the password
    must never become this person's second factor. The same key while its codes are typed.
    """
    key = request.session.get(PENDING_KEY_SESSION_KEY) if request.method == "POST" else None
    if key is None:
        key = request.session[PENDING_KEY_SESSION_KEY] = default_key()
    return TOTPDevice(user=request.user, name=str(_("Authenticator app")), key=key, confirmed=True)


def secret_for_humans(device):
    """The key as apps ask for it when typed by hand (base32, in groups of four)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The setup QR code as an SVG data URI: an <img>, allowed by the strict CSP (img-src data:)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
