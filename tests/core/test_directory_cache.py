"""The directory cache (CACHE_DIR) keeps its size bound without listing itself on every write."""

import glob

import pytest

from pole_artois.core.directory_cache import DirectoryCache


def directory_cache(tmp_path, **options):
    return DirectoryCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, **options}})


def files(tmp_path):
    return len(list(tmp_path.glob("*.djcache")))


@pytest.fixture
def listings(monkeypatch):
    """How many times the cache's directory was listed."""
    count = []
    real_glob = glob.glob
    monkeypatch.setattr(glob, "glob", lambda *a, **k: count.append(1) or real_glob(*a, **k))
    return count


def test_writes_do_not_list_the_directory_each_time(tmp_path, listings):
    cache = directory_cache(tmp_path)
    for n in range(200):
        cache.set(f"visitor-{n}", n)
    assert len(listings) == 1
    assert cache.get("visitor-199") == 199


def test_a_full_directory_is_still_trimmed(tmp_path):
    cache = directory_cache(tmp_path, CULL_SECONDS=0)
    for n in range(40):
        cache.set(f"visitor-{n}", n)
    assert files(tmp_path) <= 10
