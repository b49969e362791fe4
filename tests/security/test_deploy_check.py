"""The production configuration documented in the README passes `check --deploy` cleanly."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

from pole_artois import localdb

# README, "Configuration (production)": the variables a production server sets.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "www.example.fr",
    "SITE_URL": "https://www.example.fr",
    "CSRF_TRUSTED_ORIGINS": "https://www.example.fr",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "EMAIL_HOST": "smtp.example.fr",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def check_deploy(**overrides):
    kept = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    # Keep the suite's own database: `check` does not connect, but settings parse the URL.
    kept["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**kept, **PRODUCTION, **overrides},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warning():
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_one_server_without_redis_can_share_its_cache_in_a_directory(tmp_path):
    assert check_deploy(REDIS_URL="", CACHE_DIR=str(tmp_path)).returncode == 0


def test_a_per_process_cache_is_flagged():
    result = check_deploy(REDIS_URL="")
    assert result.returncode == 1
    assert "core.W001" in result.stderr


def test_a_weak_production_setting_is_flagged():
    result = check_deploy(SECURE_SSL_REDIRECT="false")
    assert "security.W008" in result.stderr


def test_a_site_address_the_site_does_not_serve_is_flagged():
    for site_url in ("", "http://127.0.0.1:8000", "https://autre.example.fr", "www.example.fr"):
        result = check_deploy(SITE_URL=site_url)
        assert result.returncode == 1, site_url
        assert "core.W002" in result.stderr


def test_a_production_without_database_url_is_flagged():
    # Django's check of the generated search columns asks the server's version, which starts
    # the checkout's own PostgreSQL: stopped again unless it was running before.
    checkout = localdb.Cluster()
    was_running = checkout.answers()
    try:
        result = check_deploy(DATABASE_URL="")
    finally:
        if not was_running and checkout.answers():
            checkout.stop()
    assert result.returncode == 1
    assert "core.W003" in result.stderr
