"""Fragments of pages kept apart ({% fragment %}, pole_artois/core/cache.py): what a page that
the page cache does not serve is built from, and what makes them go."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from pole_artois.core import cache as page_cache
from pole_artois.core.cache import cached_for_visitors
from territoire.models import Commune, Scot
from tests.helpers import read_site_wide_values, visit
from tests.performance.test_query_counts import institution_content, public_pages

# Every page is built: only the fragments may be kept.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.performance.urls"),
    pytest.mark.usefixtures("fragments_only"),
]

DIRECTORY = "/territoire/communes/"
PAGE = "/cache-test/fragment/"


@pytest.fixture
def scots():
    names = ("SCoT de Lens-Liévin", "SCoT de l'Artois")
    return [Scot.objects.create(name=name, slug=f"test-{n}") for n, name in enumerate(names)]


def test_a_fragment_is_built_once_and_the_page_around_it_each_time(client, scots):
    first, built = visit(client, PAGE)
    second, assembled = visit(client, PAGE)
    assert second == first
    # The object, read before the fragment, is read again; the list inside it is not.
    assert (built, assembled) == (2, 1)


def test_an_edit_of_what_the_fragment_shows_rebuilds_it(client, scots):
    client.get(PAGE)
    Scot.objects.create(name="SCoT du Ternois", slug="test-ternois")
    assert f"{Scot.objects.count()} SCoTs" in client.get(PAGE).content.decode()


def test_what_the_page_read_before_the_fragment_counts_too(client, scots):
    """The commune is read by the view, outside the fragment, and shown in it."""
    client.get(PAGE)
    first = Commune.objects.order_by("insee_code").first()
    Commune.objects.filter(pk=first.pk).update(name="Ablain-sur-Souchez")
    assert "near Ablain-sur-Souchez" in client.get(PAGE).content.decode()


def test_a_real_page_is_assembled_from_its_fragment_and_an_edit_shows(client):
    first, built = visit(client, DIRECTORY)
    second, assembled = visit(client, DIRECTORY)
    assert second == first
    assert assembled < built
    Commune.objects.filter(insee_code="62510").update(name="Liévin-sur-Souchez")
    assert "Liévin-sur-Souchez" in client.get(DIRECTORY).content.decode()


def test_fragments_are_per_query_string_and_language(client):
    client.get(DIRECTORY)
    filtered = client.get(DIRECTORY, query_params={"q": "lievin"}).content.decode()
    assert "1 commune trouvée" in filtered
    english = client.get("/en" + DIRECTORY).content.decode()
    assert "communes found" in english


def test_staff_never_get_nor_fill_fragments(client, scots):
    """They may see what visitors do not (drafts; here, their name)."""
    client.get(PAGE)
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert "Signed in: editor" in client.get(PAGE).content.decode()
    client.logout()
    client.cookies.clear()
    staff_visit = Client()
    staff_visit.force_login(staff)
    Scot.objects.create(name="SCoT du Ternois", slug="test-ternois")
    staff_visit.get(PAGE)
    assert "Signed in: editor" not in client.get(PAGE).content.decode()


def test_a_fragment_holding_a_csrf_token_is_never_kept(client):
    """A kept form would post with another visitor's token and be refused."""
    for visitor in range(2):
        client.cookies.clear()
        response = client.get("/cache-test/fragment-form/")
        token = response.content.decode().split('value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value, visitor


def test_fragments_can_be_turned_off(client, settings, scots):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(PAGE)
    assert visit(client, PAGE)[1] == 2


# Built for each visitor: a form with its CSRF token, or results no page keeps.
BUILT_EACH_TIME = {
    "contact",
    "follow by e-mail",
    "follow an objective by e-mail",
    "follow by e-mail, request sent",
    "search",
    "search, one kind",
}
# One record's text: as cheap to write out as to read back from the cache.
ONE_RECORD = {"legal notice"}


@pytest.fixture
def fragments_served(monkeypatch):
    """The fragments served kept (from the shared cache or this process's copy), by key."""
    real_read, served = page_cache._read_entry, []

    def read(cache, key):
        entry = real_read(cache, key)
        if entry is not None and key.startswith("page-cache:fragment:"):
            served.append(key)
        return entry

    monkeypatch.setattr(page_cache, "_read_entry", read)
    return served


def test_every_public_page_is_assembled_from_fragments(
    client, tmp_path, settings, fragments_served
):
    """With the page cache off, a second visit reads its fragments, does no more than the first,
    and gets the same page."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    institution_content()
    read_site_wide_values(client)
    built_whole = {}
    for name, url in public_pages().items():
        if name in BUILT_EACH_TIME | ONE_RECORD or (not url.endswith("/") and "?" not in url):
            continue
        first, built = visit(client, url)
        fragments_served.clear()
        second, assembled = visit(client, url)
        assert second == first, name
        if not fragments_served or assembled > built:
            built_whole[name] = (built, assembled)
    assert not built_whole, f"queries (first visit, second visit): {built_whole}"


def test_what_decides_a_status_is_kept_for_visitors_only(rf, scots):
    """A draft a member of staff can see must never be kept for visitors, nor the reverse."""
    built = []

    def build():
        built.append(1)
        return Scot.objects.count()

    visitor = rf.get("/")
    staff = rf.get("/", headers={"cookie": "sessionid=x"})
    for request in (visitor, visitor, staff, staff):
        cached_for_visitors(request, "test-scots", Scot, build)
    assert len(built) == 3


def test_a_process_serves_its_own_copy_and_still_sees_another_ones_writes(
    client, scots, monkeypatch
):
    """The shared entry is read once; a write in another worker, which moves the table's version
    in the shared cache, still makes the fragment go."""
    client.get(PAGE)
    shared = caches["default"]
    reads, real_get = [], shared.get
    monkeypatch.setattr(
        shared, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    assert visit(client, PAGE)[1] == 1
    assert not [key for key in reads if key.startswith("page-cache:fragment:")]
    page_cache._bump({Scot._meta.db_table})
    assert visit(client, PAGE)[1] == 2
