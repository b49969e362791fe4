"""The rate limits hold for their whole window on every cache the README offers: local memory, a
directory (CACHE_DIR) and Redis (REDIS_URL)."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory

from pole_artois.core import throttle
from pole_artois.discovery import views

HOUR = 60 * 60
# 10:00:00 UTC: the start of an hour-long window, so that the test knows what is left of it.
START = 1_795_000_000 - 1_795_000_000 % HOUR


@pytest.fixture(scope="module")
def redis_socket():
    """A Redis server of our own on a unix socket (Debian's redis-server, installed by
    `make test`), stopped at the end."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run `make browser` (or apt-get install redis-server)"
    directory = Path(tempfile.mkdtemp(prefix="pole-artois-redis-"))
    socket = directory / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(unix_socket_path=str(socket))
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield socket
    process.terminate()
    process.wait()
    shutil.rmtree(directory, ignore_errors=True)


BACKENDS = {
    "local memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "directory": {"BACKEND": "pole_artois.core.directory_cache.DirectoryCache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "KEY_PREFIX": "throttle"},
}


def use_throttle_cache(settings, backend, location=""):
    """The "throttle" cache on `backend`, as settings.py configures it from the environment."""
    settings.CACHES = {**settings.CACHES, "throttle": {**BACKENDS[backend], "LOCATION": location}}
    caches["throttle"].clear()


@pytest.fixture(params=BACKENDS)
def backend(request, settings, tmp_path):
    location = {"local memory": "", "directory": str(tmp_path / "throttle")}.get(request.param)
    if location is None:
        location = f"unix://{request.getfixturevalue('redis_socket')}"
    use_throttle_cache(settings, request.param, location)
    yield request.param
    caches["throttle"].clear()


@pytest.fixture
def clock(monkeypatch):
    """The time every cache backend and the throttle read, moved on by hand."""
    now = [START + 60.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_a_limit_holds_for_its_whole_window_on_every_backend(backend, clock):
    request = RequestFactory().post("/contact/", REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        assert throttle.allow("contact", request, limit=5, period=HOUR)
    # Quiet for longer than a cache's default timeout (300 s), still within the hour.
    clock[0] += 20 * 60
    assert not throttle.allow("contact", request, limit=5, period=HOUR)
    clock[0] += 30 * 60
    assert not throttle.allow("contact", request, limit=5, period=HOUR)
    assert throttle.retry_after(HOUR) == 9 * 60
    # The next hour starts afresh.
    clock[0] += 9 * 60
    assert throttle.allow("contact", request, limit=5, period=HOUR)


def test_redis_forgets_a_counter_when_its_window_ends(settings, redis_socket):
    """Redis keeps time itself: the key of a window goes when the window ends, not later."""
    use_throttle_cache(settings, "redis", f"unix://{redis_socket}")
    request = RequestFactory().post("/contact/", REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        throttle.allow("contact", request, limit=5, period=HOUR)
    client = redis.Redis(unix_socket_path=str(redis_socket))
    [key] = client.keys("*contact*")
    assert 0 < client.ttl(key) <= throttle.retry_after(HOUR)
    caches["throttle"].clear()


@pytest.mark.django_db
def test_a_flood_of_searches_from_one_address_gets_the_translated_429_page(
    client, monkeypatch, clock
):
    # The clock stands still: a minute that ended between two requests would open a new window.
    monkeypatch.setattr(views, "SEARCH_LIMITS", ((3, 60),))
    flood = {"REMOTE_ADDR": "192.0.2.1"}
    for number in range(3):
        assert client.get("/recherche/", {"q": f"lens {number}"}, **flood).status_code == 200
    response = client.get("/recherche/", {"q": "lens 4"}, **flood)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Trop de requêtes" in response.content.decode()
    english = client.get("/en/recherche/", {"q": "lens"}, **flood)
    assert english.status_code == 429
    assert "Too many requests" in english.content.decode()
    assert '<html lang="en">' in english.content.decode()
    # The form alone costs nothing and stays open; other addresses search on.
    assert client.get("/recherche/", **flood).status_code == 200
    assert client.get("/recherche/", {"q": "lens"}, REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.django_db
def test_one_address_runs_one_search_at_a_time(client):
    """Searches sent all at once from one address hold one worker, not every worker."""
    running = RequestFactory().get("/recherche/", REMOTE_ADDR="192.0.2.1")
    with throttle.one_at_a_time("search", running, longest=30):
        response = client.get("/recherche/", {"q": "lens"}, REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 429
        assert response["Retry-After"] == "1"
        assert client.get("/recherche/", {"q": "lens"}, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get("/recherche/", {"q": "lens"}, REMOTE_ADDR="192.0.2.1").status_code == 200
