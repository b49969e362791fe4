"""What browsers and a caching tier in front may keep (pole_artois/core/http_cache.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.utils.http import split_header_value

from pole_artois.core.publication import PublicationStatus
from pole_artois.discovery.views import SEARCH_LIMITS
from territoire.models import Commune
from tests.factories import make_chantier

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.performance.urls")]

DIRECTORY = "/territoire/communes/"


def directives(response):
    return set(split_header_value(response.get("Cache-Control", "")))


def vary(response):
    return {name.lower() for name in split_header_value(response.get("Vary", ""))}


def assert_public(response):
    assert response.status_code == 200
    assert "public" in directives(response)
    assert response["ETag"].startswith('W/"')
    return response


def assert_private(response):
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert "ETag" not in response
    return response


def test_an_anonymous_page_says_how_long_it_may_be_kept(client, settings):
    settings.HTTP_CACHE_MAX_AGE = 30
    settings.HTTP_CACHE_SHARED_MAX_AGE = 600
    settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 45
    built = assert_public(client.get(DIRECTORY))
    served = assert_public(client.get(DIRECTORY))
    for response in (built, served):
        assert directives(response) == {
            "public",
            "max-age=30",
            "s-maxage=600",
            "stale-while-revalidate=45",
        }
        assert vary(response) == {"accept-encoding", "cookie"}
    assert built["ETag"] == served["ETag"]


def test_the_validator_is_the_same_compressed_or_not(client):
    plain = client.get(DIRECTORY)
    compressed = client.get(DIRECTORY, headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert plain["ETag"] == compressed["ETag"]


def test_a_conditional_request_for_a_cached_page_costs_no_query(client, django_assert_num_queries):
    etag = client.get(DIRECTORY)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(DIRECTORY, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in directives(response)
    assert vary(response) == {"accept-encoding", "cookie"}
    # A cache may send the validator it holds with others, or in its strong form.
    other = client.get(DIRECTORY, headers={"if-none-match": f'"other", {etag[2:]}'})
    assert other.status_code == 304


def test_after_an_edit_the_old_validator_gets_the_new_page(client):
    etag = client.get(DIRECTORY)["ETag"]
    Commune.objects.filter(insee_code="62510").update(name="Liévin-les-Terrils")
    response = client.get(DIRECTORY, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Liévin-les-Terrils" in response.content.decode()
    assert response["ETag"] != etag


def test_the_language_comes_from_the_address_whatever_the_browser_asks(client):
    """Why no page varies on Accept-Language: the same address gives the same bytes."""
    for url in ("/", DIRECTORY, "/robots.txt", "/sitemap.xml", "/en/"):
        french = client.get(url, headers={"accept-language": "fr"})
        english = client.get(url, headers={"accept-language": "en"})
        assert french.content == english.content, url
        assert french["Content-Language"] == english["Content-Language"], url
        assert "accept-language" not in vary(english), url
    assert client.get("/en/")["Content-Language"] == "en"
    assert client.get("/")["Content-Language"] == "fr"


def test_staff_pages_are_private(client):
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.get(DIRECTORY)
    client.force_login(staff)
    assert_private(client.get(DIRECTORY))
    assert_private(client.get("/"))
    assert_private(client.get("/gestion/"))


def test_a_draft_previewed_by_staff_is_private(client):
    draft = make_chantier(status=PublicationStatus.DRAFT, title_fr="Chantier en préparation")
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    preview = assert_private(client.get(draft.get_absolute_url()))
    assert "Chantier en préparation" in preview.content.decode()


def test_the_admin_login_page_is_private(client):
    assert_private(client.get("/gestion/login/"))


def test_a_session_or_credentials_make_a_page_private(client):
    client.get(DIRECTORY)
    assert_private(client.get(DIRECTORY, headers={"authorization": "Basic ZWRpdG9yOng="}))
    client.cookies["sessionid"] = "whatever"
    assert_private(client.get(DIRECTORY))


def test_the_csrf_and_language_cookies_keep_a_page_public(client):
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["django_language"] = "en"
    assert_public(client.get(DIRECTORY))


def test_a_page_with_a_form_token_is_private(client):
    contact = assert_private(client.get("/contact/"))
    assert "csrftoken" in contact.cookies
    assert_private(client.get("/cache-test/csrf/"))


def test_search_results_are_public_but_a_refused_search_is_not_kept(client):
    """Searches served from a cache cost nothing and are not counted; the 429 of one address
    must not be served to another."""
    assert_public(client.get("/recherche/", {"q": "Liévin"}))
    limit = SEARCH_LIMITS[0][0]
    # Twice the limit and one: if a window ends among them, the next one still overflows.
    for n in range(2 * limit + 1):
        refused = client.get("/recherche/", {"q": f"mot{n}"})
        if refused.status_code == 429:
            break
    assert refused.status_code == 429
    assert "public" not in directives(refused)
    assert "no-cache" in directives(refused)


def test_errors_redirects_and_never_cache_views_are_not_public(client):
    missing = client.get("/territoire/nulle-part/")
    assert missing.status_code == 404
    assert directives(missing) == {"no-cache"}
    redirect = client.get(DIRECTORY, {"utm_source": "lettre"})
    assert redirect.status_code == 302
    assert directives(redirect) == {"no-cache"}
    private = client.get("/cache-test/private/")
    assert "public" not in directives(private)
    assert "no-store" in directives(private)


def test_a_page_built_while_its_table_was_written_is_not_given_to_the_tier(client):
    """A ban reaches only what the tier already holds: a copy built from rows read before an
    edit and handed over after the edit's ban would outlive it."""
    raced = client.get("/cache-test/raced/")
    assert raced.status_code == 200
    assert "public" not in directives(raced)
    assert "ETag" not in raced


def test_pages_name_the_tables_they_were_built_from_when_a_tier_is_configured(client, settings):
    assert "X-Pole-Keys" not in client.get(DIRECTORY)
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    client.get("/territoire/")
    for response in (client.get("/territoire/"), client.get(DIRECTORY)):
        keys = response["X-Pole-Keys"].split()
        assert "territoire_commune" in keys
        assert keys == sorted(keys)
    not_modified = client.get(DIRECTORY, headers={"if-none-match": response["ETag"]})
    assert not_modified["X-Pole-Keys"] == response["X-Pole-Keys"]


def test_feeds_and_the_sitemap_are_public_too(client):
    for url in ("/actualites/flux.atom", "/sitemap.xml", "/robots.txt"):
        assert_public(client.get(url))
