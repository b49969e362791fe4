"""Sessions that end, second factor (lock-outs: test_access; uploads: tests/core/test_media)."""

import base64
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pole_artois.core.network import client_address
from pole_artois.institution.models import Article
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/gestion/login/"


def log_in(client, username, password, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/gestion/", **extra}
    )


def test_sessions_end_with_the_browser_and_after_a_working_day(client, director):
    response = log_in(client, "directrice", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 3600


def test_the_admin_login_form_refuses_a_post_without_csrf_token(director):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "directrice", PASSWORD).status_code == 403


def test_admin_pages_cannot_be_framed_and_carry_the_strict_csp(director_client):
    response = director_client.get("/gestion/territoire/scot/add/")
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    html = response.content.decode()
    # Everything inline carries the nonce; no inline style attribute at all.
    assert not re.search(r"<script(?![^>]*\bnonce=)(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html


def test_the_admin_speaks_french_and_english(director_client):
    french = director_client.get("/gestion/").content.decode()
    assert "Pôle métropolitain de l&#x27;Artois — gestion" in french
    assert "Tableau de bord" in french
    english = director_client.get("/en/gestion/").content.decode()
    assert "Dashboard" in english
    assert 'lang="en"' in english


# Second factor


@pytest.fixture(autouse=True)
def _no_wait_between_codes(settings):
    # After a wrong code, django-otp makes the next try wait (1 s, 2 s, 4 s…); not in tests.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password=PASSWORD)


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def shown_key(page):
    """The key the set-up page shows, as an app would read it: a TOTPDevice of it is not saved."""
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.content.decode()).group(1)
    secret = secret.replace(" ", "")
    return TOTPDevice(key=base64.b32decode(secret + "=" * (-len(secret) % 8)).hex())


SET_UP = "/gestion/double-authentification/"


def test_in_production_a_superuser_sets_up_a_second_factor_before_anything_else(
    client, superuser, settings
):
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = True
    assert log_in(client, "root", PASSWORD).status_code == 302
    response = client.get("/gestion/territoire/member/")
    assert response.status_code == 302
    assert response["Location"].startswith("/gestion/double-authentification/")
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()
    device = shown_key(setup)
    assert client.post(response["Location"], {"otp_token": "000000"}).status_code == 200
    done = client.post(response["Location"], {"otp_token": code(device)})
    assert done.status_code == 302
    assert client.get("/gestion/territoire/member/").status_code == 200
    assert TOTPDevice.objects.get(user=superuser, confirmed=True).key == device.key


def test_opening_the_set_up_page_writes_no_device_until_a_code_confirms_it(client, director):
    client.force_login(director)
    keys = {shown_key(client.get(SET_UP)).key for _opening in range(3)}
    assert len(keys) == 3
    assert client.post(SET_UP, {"otp_token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=director).exists()


def test_before_its_second_factor_a_superuser_previews_no_draft(client, superuser, settings):
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = True
    draft = Article.objects.create(title_fr="Projet de communiqué", summary_fr="Pas encore.")
    assert log_in(client, "root", PASSWORD).status_code == 302
    assert client.get(draft.get_absolute_url()).status_code == 404
    device = shown_key(client.get(SET_UP))
    client.post(SET_UP, {"otp_token": code(device)})
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_session_without_the_code_of_an_existing_device_previews_no_draft(
    director_client, director
):
    draft = Article.objects.create(title_fr="Projet de communiqué", summary_fr="Pas encore.")
    assert director_client.get(draft.get_absolute_url()).status_code == 200
    confirmed_device(director)
    assert director_client.get(draft.get_absolute_url()).status_code == 404


def test_an_unsafe_next_lands_on_the_dashboard(client, director):
    response = client.post(
        LOGIN, {"username": "directrice", "password": PASSWORD, "next": "https://example.com/"}
    )
    assert response["Location"] == "/gestion/"
    english = Client().post(
        "/en/gestion/login/",
        {"username": "directrice", "password": PASSWORD, "next": "//example.com/"},
    )
    assert english["Location"] == "/en/gestion/"


def test_a_superuser_without_second_factor_is_allowed_in_development(client, superuser, settings):
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = False
    log_in(client, "root", PASSWORD)
    assert client.get("/gestion/territoire/member/").status_code == 200


def test_once_set_up_the_code_is_required_at_log_in(client, director):
    device = confirmed_device(director)
    response = log_in(client, "directrice", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert log_in(client, "directrice", PASSWORD, otp_token="123456").status_code == 200
    assert log_in(client, "directrice", PASSWORD, otp_token=code(device)).status_code == 302
    assert client.get("/gestion/").status_code == 200


def test_a_session_without_the_code_does_not_reach_the_admin_once_a_device_exists(
    director_client, director
):
    confirmed_device(director)
    assert director_client.get("/gestion/").status_code == 302


def test_a_second_device_cannot_be_added_by_someone_who_only_knows_the_password(
    director_client, director
):
    confirmed_device(director)
    page = director_client.get("/gestion/double-authentification/")
    assert "data:image/svg+xml" not in page.content.decode()
    assert TOTPDevice.objects.filter(user=director).count() == 1


def test_behind_the_proxy_the_address_counted_is_the_one_the_proxy_saw(rf, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get(
        "/gestion/login/",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    # The first entry is whatever the client claimed; the last is what the proxy added.
    assert client_address(request) == "203.0.113.9"
    assert client_address(rf.get("/", REMOTE_ADDR="198.51.100.1")) == "198.51.100.1"


def test_without_a_proxy_a_forged_forwarded_address_is_ignored(rf):
    request = rf.get("/gestion/login/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "198.51.100.7"


def test_a_key_seen_by_someone_who_knows_only_the_password_never_becomes_the_second_factor(
    client, director
):
    intruder = client.__class__()
    intruder.force_login(director)
    seen_by_intruder = shown_key(intruder.get(SET_UP))

    client.force_login(director)
    device = shown_key(client.get(SET_UP))
    assert device.bin_key != seen_by_intruder.bin_key
    assert client.post(SET_UP, {"otp_token": code(device)})["Location"]
    assert intruder.post(SET_UP, {"otp_token": code(seen_by_intruder)}).status_code == 200
    assert TOTPDevice.objects.filter(user=director).count() == 1
    assert TOTPDevice.objects.get(user=director, confirmed=True).bin_key == device.bin_key
    assert (
        log_in(intruder, "directrice", PASSWORD, otp_token=code(seen_by_intruder)).status_code
        == 200
    )


def test_no_one_reads_a_colleagues_key_in_the_admin(client, superuser, director, settings):
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = False
    device = confirmed_device(director)
    client.force_login(superuser)
    response = client.get(f"/gestion/otp_totp/totpdevice/{device.pk}/change/")
    assert response.status_code == 200
    assert device.key not in response.content.decode()
