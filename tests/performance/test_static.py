"""Static files in production: hashed names, gzip and Brotli copies, cached for a year."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "pole_artois.core.static_storage.ManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Our own static files only: compressing the admin's and vendored ones takes a minute."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STORAGES=PRODUCTION_STORAGE,
        STATIC_ROOT=root,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["vendor"])
    return root


def test_collectstatic_writes_hashed_gzip_and_brotli_files(collected):
    hashed = list((collected / "css").glob("site.*.css"))
    assert hashed, "no hashed copy of site.css"
    assert (collected / "css" / f"{hashed[0].name}.gz").exists()
    assert (collected / "css" / f"{hashed[0].name}.br").exists()


@pytest.mark.django_db
def test_hashed_files_are_served_compressed_and_cached_for_a_year(collected):
    with override_settings(
        STORAGES=PRODUCTION_STORAGE, STATIC_ROOT=collected, WHITENOISE_USE_FINDERS=False
    ):
        from django.templatetags.static import static

        url = static("css/site.css")
        assert url != "/static/css/site.css"
        response = Client().get(url, headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in response["Cache-Control"]
    # Another site's pages may not embed them (README, "Security").
    assert response["Cross-Origin-Resource-Policy"] == "same-site"


def test_a_static_url_is_worked_out_once_and_a_missing_file_still_raises(collected):
    with override_settings(STORAGES=PRODUCTION_STORAGE, STATIC_ROOT=collected):
        from django.contrib.staticfiles.storage import staticfiles_storage

        hashed = next((collected / "css").glob("site.*.css")).name
        assert staticfiles_storage.url("css/site.css") == f"/static/css/{hashed}"
        assert staticfiles_storage.url("css/site.css") == f"/static/css/{hashed}"
        for _ in range(2):
            with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
                staticfiles_storage.url("css/absent.css")
