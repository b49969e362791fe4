"""The whole-page cache: what it serves, to whom, and what evicts it (pole_artois/core/cache.py)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chantiers.models import Chantier
from partenaires.models import Partner
from pole_artois.institution.models import AccessibilityStatement, AccessibilityStatus, PoleIdentity
from territoire.models import Commune, Member, Scot

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.performance.urls")]

DIRECTORY = "/territoire/communes/"


def test_second_anonymous_visit_is_served_from_the_cache(client, assert_cached):
    first = client.get(DIRECTORY)
    second = assert_cached(client, DIRECTORY)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cache_is_per_language_and_per_query_string(client, assert_cached, assert_rebuilt):
    client.get(DIRECTORY)
    english = assert_rebuilt(client, "/en" + DIRECTORY)
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="en">' in assert_cached(client, "/en" + DIRECTORY).content.decode()
    assert '<html lang="fr">' in assert_cached(client, DIRECTORY).content.decode()
    filtered = assert_rebuilt(client, DIRECTORY, query_params={"q": "lievin"})
    assert filtered.context["paginator"].count == 1


def test_head_is_answered_from_the_cache(client, django_assert_num_queries):
    client.get(DIRECTORY)
    with django_assert_num_queries(0):
        assert client.head(DIRECTORY).status_code == 200


def test_staff_never_get_nor_fill_the_cache(client, assert_rebuilt):
    client.get(DIRECTORY)
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert_rebuilt(client, DIRECTORY)
    assert_rebuilt(client, DIRECTORY)


def test_visitors_with_a_session_bypass_the_cache(client, assert_rebuilt):
    client.get(DIRECTORY)
    client.cookies["sessionid"] = "whatever"
    assert_rebuilt(client, DIRECTORY)


def test_requests_with_credentials_bypass_the_cache(client, assert_rebuilt):
    """Behind HTTP authentication (a staging site), a page may depend on who asks."""
    client.get(DIRECTORY)
    assert_rebuilt(client, DIRECTORY, headers={"authorization": "Basic ZWRpdG9yOng="})


def test_a_page_whose_table_version_was_lost_is_rebuilt(client, assert_cached, assert_rebuilt):
    """A version evicted from a full cache may have been a write: the page cannot be trusted."""
    client.get("/cache-test/scots/")
    assert_cached(client, "/cache-test/scots/")
    caches["default"].delete("page-cache:table:territoire_scot")
    assert_rebuilt(client, "/cache-test/scots/")


def test_a_truncate_evicts_too(client, assert_cached, assert_rebuilt):
    client.get("/cache-test/scots/")
    assert_cached(client, "/cache-test/scots/")
    with connection.cursor() as cursor:
        cursor.execute('TRUNCATE "territoire_scot" CASCADE')
    assert assert_rebuilt(client, "/cache-test/scots/").content == b"0 SCoTs"


def test_a_page_with_a_csrf_token_is_never_cached(client, assert_rebuilt):
    first = client.get("/cache-test/csrf/")
    assert "csrftoken" in first.cookies
    second = client.get("/cache-test/csrf/")
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first.content).group(1) != token.search(second.content).group(1)


def test_never_cache_views_and_errors_are_not_cached(client, assert_rebuilt):
    client.get("/cache-test/private/")
    assert_rebuilt(client, "/cache-test/private/")
    client.get("/territoire/nulle-part/")
    assert_rebuilt(client, "/territoire/nulle-part/")


def test_a_page_using_the_csp_nonce_is_not_cached(client, assert_rebuilt):
    """A nonce copied from the cache would not match the header: the inline script would die."""

    def nonces(response):
        in_header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        in_page = re.search(rb'nonce="([^"]+)"', response.content).group(1).decode()
        return in_header, in_page

    first_header, first_page = nonces(client.get("/cache-test/nonce/"))
    assert first_header == first_page
    second_header, second_page = nonces(assert_rebuilt(client, "/cache-test/nonce/"))
    assert second_header == second_page
    assert second_page != first_page


def test_tracking_and_unknown_parameters_redirect_to_the_address_without_them(
    client, assert_cached
):
    client.get(DIRECTORY, query_params={"q": "lievin"})
    junk = {"q": "lievin", "utm_source": "lettre", "fbclid": "IwAR0", "x": ""}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY, query_params=junk)
    assert response.status_code == 302
    assert response["Location"] == f"{DIRECTORY}?q=lievin"
    assert len(queries) == 0
    assert_cached(client, response["Location"])
    assert client.get("/", query_params={"utm_campaign": "x"})["Location"] == "/"


def test_the_clean_address_keeps_the_path_as_it_was_written(client):
    response = client.get("/cache-test/words/cit%C3%A9%3Fmini%C3%A8re/", {"fbclid": "IwAR0"})
    assert response["Location"] == "/cache-test/words/cit%C3%A9%3Fmini%C3%A8re/"


def test_the_order_of_the_parameters_makes_no_other_page(client, assert_cached):
    client.get(DIRECTORY, query_params={"q": "lens", "sort": "-population"})
    assert_cached(client, f"{DIRECTORY}?sort=-population&q=lens")


def _views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield getattr(pattern.callback, "view_class", pattern.callback)


def test_every_paginated_list_declares_its_page_parameter():
    """Otherwise its page 2 would redirect to page 1."""
    paginated = {view for view in _views() if getattr(view, "paginate_by", None)}
    assert paginated
    for view in paginated:
        assert view.page_kwarg in getattr(view, "query_parameters", ()), view.__name__


def test_a_commune_change_evicts_the_pages_that_show_communes_only(
    client, assert_cached, assert_rebuilt
):
    lievin = Commune.objects.get(insee_code="62510")
    for url in (DIRECTORY, lievin.get_absolute_url(), "/", "/cache-test/scots/"):
        client.get(url)
    lievin.description = "Ville de la Chaîne des Terrils"
    lievin.save()
    assert (
        "Chaîne des Terrils" in assert_rebuilt(client, lievin.get_absolute_url()).content.decode()
    )
    assert_rebuilt(client, DIRECTORY)
    assert_rebuilt(client, "/")
    assert_cached(client, "/cache-test/scots/")


def test_a_scot_change_evicts_the_territory_page_not_the_directory(
    client, assert_cached, assert_rebuilt
):
    client.get("/territoire/")
    client.get(DIRECTORY)
    Scot.objects.update(name="SCoT renommé")
    assert "SCoT renommé" in assert_rebuilt(client, "/territoire/").content.decode()
    assert_cached(client, DIRECTORY)


def test_deleting_and_bulk_updates_evict_too(client, assert_cached, assert_rebuilt):
    listed = client.get(DIRECTORY).context["paginator"].count
    assert_cached(client, DIRECTORY)
    Commune.objects.filter(insee_code="62510").delete()
    assert assert_rebuilt(client, DIRECTORY).context["paginator"].count == listed - 1
    assert_cached(client, DIRECTORY)
    Commune.objects.filter(insee_code="62498").update(name="Lens-sur-Souchez")
    assert "Lens-sur-Souchez" in assert_rebuilt(client, DIRECTORY).content.decode()


def test_m2m_changes_evict_the_pages_that_read_them(client, assert_cached, assert_rebuilt):
    client.get("/territoire/")
    assert_cached(client, "/territoire/")
    scot = Scot.objects.first()
    scot.members.clear()
    assert_rebuilt(client, "/territoire/")


def test_saving_in_the_admin_shows_at_once_on_the_public_page(client, admin_user):
    lievin = Commune.objects.get(insee_code="62510")
    public = client.get(lievin.get_absolute_url())
    assert "Cité des Arts" not in public.content.decode()
    editor = client.__class__()
    editor.force_login(admin_user)
    response = editor.post(
        reverse("admin:territoire_commune_change", args=[lievin.pk]),
        {"slug": lievin.slug, "description_fr": "Ville de la Cité des Arts", "description_en": ""},
    )
    assert response.status_code == 302
    assert "Cité des Arts" in client.get(lievin.get_absolute_url()).content.decode()


def test_a_page_built_before_the_commit_is_stale_after_it(
    client, assert_cached, assert_rebuilt, django_capture_on_commit_callbacks
):
    """Another worker may build the page from the old rows while the admin's transaction is open:
    the commit must evict it again."""
    with django_capture_on_commit_callbacks(execute=True):
        Member.objects.filter(slug="lens-lievin").update(name="CALL")
        client.get("/territoire/")
        assert_cached(client, "/territoire/")  # stored during the transaction
    assert_rebuilt(client, "/territoire/")


def test_a_broken_cache_never_breaks_a_page(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    assert client.get(DIRECTORY).status_code == 200
    lievin = Commune.objects.get(insee_code="62510")
    lievin.description = "Texte"
    lievin.save()  # the write goes through even though the invalidation cannot
    assert client.get(lievin.get_absolute_url()).status_code == 200


def test_the_cache_can_be_turned_off(client, settings, assert_rebuilt):
    settings.PAGE_CACHE_SECONDS = 0
    # The directory's first page reads nothing outside its fragment: a kept one would look like
    # a page served from the cache.
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(DIRECTORY)
    assert_rebuilt(client, DIRECTORY)


def test_a_commune_change_keeps_the_chantier_page_a_chantier_change_evicts_it(
    client, assert_cached, assert_rebuilt
):
    call_command("load_demo", stdout=io.StringIO())
    chantier = Chantier.objects.published().first()
    url = chantier.get_absolute_url()
    client.get(url)
    lievin = Commune.objects.get(insee_code="62510")
    lievin.description = "Ville de la Chaîne des Terrils"
    lievin.save()
    assert_cached(client, url)
    chantier.title = "Un titre revu"
    chantier.save()
    assert "Un titre revu" in assert_rebuilt(client, url).content.decode()


def test_the_footer_record_is_read_once_for_the_site_until_it_is_saved(client, settings):
    """Not once per page: a page built after another one finds the identity in the cache."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/territoire/")
    assert not [query for query in queries if "institution_poleidentity" in query["sql"]]
    PoleIdentity.objects.update_or_create(pk=1, defaults={"phone": "03 21 00 00 00"})
    assert "03 21 00 00 00" in client.get("/contact/").content.decode()


def test_a_cached_page_goes_when_the_footer_record_changes(client, assert_cached, assert_rebuilt):
    client.get("/territoire/")
    assert_cached(client, "/territoire/")
    AccessibilityStatement.objects.update_or_create(
        pk=1, defaults={"status": AccessibilityStatus.PARTIALLY_COMPLIANT}
    )
    html = assert_rebuilt(client, "/territoire/").content.decode()
    assert "partiellement conforme" in html


def test_a_directory_cache_serves_pages_and_an_edit_still_evicts_them(
    client, settings, tmp_path, assert_cached, assert_rebuilt
):
    """Its counter cannot be incremented atomically: versions come from the clock there."""
    settings.CACHES = {
        name: {
            "BACKEND": "pole_artois.core.directory_cache.DirectoryCache",
            "LOCATION": str(tmp_path / name),
        }
        for name in ("default", "throttle")
    }
    for _ in range(2):
        client.get(DIRECTORY)
    assert_cached(client, DIRECTORY)
    Commune.objects.filter(insee_code="62510").update(name="Liévin-sur-Souchez")
    assert "Liévin-sur-Souchez" in assert_rebuilt(client, DIRECTORY).content.decode()


@pytest.mark.parametrize("query", ["Liévin", "lievn"])
def test_a_cached_search_goes_when_a_table_it_searched_is_written(
    client, assert_cached, assert_rebuilt, query
):
    """With hits and with suggestions only: the search's compiled SQL names its tables itself."""
    client.get("/recherche/", {"q": query})
    assert_cached(client, "/recherche/", query_params={"q": query})
    lievin = Commune.objects.get(insee_code="62510")
    lievin.name = "Liévin-en-Gohelle"
    lievin.save()
    rebuilt = assert_rebuilt(client, "/recherche/", query_params={"q": query}).content.decode()
    assert "Liévin-en-Gohelle" in re.sub(r"</?mark>", "", rebuilt)
    # A partner's change evicts it too: every kind's table is read, not only the one that hit.
    assert_cached(client, "/recherche/", query_params={"q": query})
    Partner.objects.update(name=F("name"))
    assert_rebuilt(client, "/recherche/", query_params={"q": query})
