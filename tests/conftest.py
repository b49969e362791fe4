import io
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.translation import trans_real

from tests.helpers import read_site_wide_values

ROOT = Path(__file__).resolve().parent.parent
DECOUPAGE_2026 = ROOT / "fixtures" / "decoupage-administratif-2026"
CONTOURS_2026 = ROOT / "fixtures" / "communes-contours-2026"


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs a quarter of a second per password: useless in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run without DEBUG, which would make superusers (admin_client) need a second factor;
    # tests/backoffice turns the requirement on where it checks it.
    settings.ADMIN_REQUIRE_OTP_FOR_SUPERUSERS = False
    # The test client's default host, so that absolute URLs read as the requests that made them.
    settings.SITE_URL = "http://testserver"
    # Static files straight from the source folders: no collectstatic before a test run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None
    # Files kept by the admin's forms go to a folder of the run, removed with it.
    config._kept_uploads = tempfile.TemporaryDirectory(prefix="kept-uploads-")
    settings.STORAGES["kept_uploads"] = {
        **settings.STORAGES["kept_uploads"],
        "OPTIONS": {"location": config._kept_uploads.name},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # The suite checks French and English pages: the catalogues must be compiled and current.
    call_command("compilemessages", ignore_patterns=[".*", "node_modules"], verbosity=0)
    # Django's set-up may already have read the old catalogues: forget them.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The official 2026 territory data, loaded once for the whole run."""
    with django_db_blocker.unblock():
        call_command("import_decoupage", str(DECOUPAGE_2026), verbosity=0, stdout=io.StringIO())
        call_command("import_contours", str(CONTOURS_2026), verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _french_to_start_with():
    """Every test starts in French, the site's default language. A request to an English page
    through the test client leaves English active in the thread afterwards: the next test's
    reverse() and get_absolute_url() would give English addresses, whatever ran before it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every cache empty: pages, site-wide values and rate-limit counters."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def fragments_only(settings):
    """The page cache off, fragments kept: how a page the page cache does not serve is built."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def site_wide_values_cached(client, db):
    """What pages show for the whole site, already in the cache (tests.helpers)."""
    read_site_wide_values(client)


@pytest.fixture
def assert_cached(django_assert_num_queries):
    """Asserts that a GET is answered from the cache: no query at all."""

    def check(client, url, **kwargs):
        with django_assert_num_queries(0):
            return client.get(url, **kwargs)

    return check


@pytest.fixture
def assert_rebuilt():
    """Asserts that a GET builds the page again (it queries the database)."""

    def check(client, url, **kwargs):
        queries = []

        def note(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(note):
            response = client.get(url, **kwargs)
        assert queries, f"{url} was served from the cache"
        return response

    return check
