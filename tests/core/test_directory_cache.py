"""The directory cache (CACHE_DIR) keeps its size bound without listing itself on every write."""

import glob
import time

import pytest

from pole_artois.core.directory_cache import DirectoryCache


def directory_cache(tmp_path, **options):
    return DirectoryCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, **options}})


def files(tmp_path):
    return len(list(tmp_path.glob("*.djcache")))


@pytest.fixture
def listings(monkeypatch):
    """The directories the cache listed, once per listing."""
    listed = []
    real_glob = glob.glob

    def listing(*args, root_dir=None, **kwargs):
        listed.append(root_dir)
        return real_glob(*args, root_dir=root_dir, **kwargs)

    monkeypatch.setattr(glob, "glob", listing)
    return listed


def test_writes_do_not_list_the_directory_each_time(tmp_path, listings):
    cache = directory_cache(tmp_path)
    for n in range(200):
        cache.set(f"visitor-{n}", n)
    assert listings.count(str(tmp_path)) == 1
    assert cache.get("visitor-199") == 199


def test_a_full_directory_is_still_trimmed(tmp_path):
    cache = directory_cache(tmp_path, CULL_SECONDS=0)
    for n in range(40):
        cache.set(f"visitor-{n}", n)
    assert files(tmp_path) <= 10


def inodes(tmp_path):
    return {path.stat().st_ino for path in tmp_path.glob("*.djcache")}


@pytest.fixture
def clock(monkeypatch):
    """The time the cache reads, moved on by hand."""
    now = [1_795_000_000.25]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_new_visitors_counts_share_one_file(tmp_path, clock):
    cache = directory_cache(tmp_path, MAX_ENTRIES=1000)
    for n in range(50):
        assert cache.add(f"visitor-{n}", 1, timeout=30)
        clock[0] += 0.01
    assert len(inodes(tmp_path)) == 1
    assert not cache.add("visitor-7", 1, timeout=30)
    assert cache.incr("visitor-7") == 2
    assert cache.touch("visitor-7", timeout=30)
    # Written anew, not in place: the other visitors' entries are left as they were.
    assert [cache.get(f"visitor-{n}") for n in (6, 7, 8)] == [1, 2, 1]
    assert len(inodes(tmp_path)) == 2
    # A touch gives only its own entry the new expiry.
    assert cache.touch("visitor-8", timeout=2)
    clock[0] += 5
    assert [cache.get(f"visitor-{n}") for n in (6, 8)] == [1, None]
    # No temporary name is left behind.
    assert {path.suffix for path in tmp_path.iterdir() if path.is_file()} == {".djcache"}


def test_a_shared_entry_expires_within_a_second_of_its_timeout(tmp_path, clock):
    cache = directory_cache(tmp_path)
    cache.set("slot", 1, timeout=30)
    clock[0] += 30
    assert cache.get("slot") == 1
    clock[0] += 1
    assert cache.get("slot") is None
    assert cache.add("slot", 1, timeout=30)
    cache.set("gone", 1, timeout=0)
    assert cache.get("gone") is None


def test_past_shared_files_are_removed_when_the_directory_is_counted(tmp_path, clock):
    cache = directory_cache(tmp_path, CULL_SECONDS=0)
    cache.set("gone", 1, timeout=0)
    clock[0] += 1
    cache.set("slot", 1, timeout=10)
    shared = tmp_path / "shared-values"
    assert len(list(shared.iterdir())) == 1
    clock[0] += 20
    cache.set("other", 1, timeout=10)
    # The first expiry's file is gone; the entry linked to it still reads (as expired).
    assert len(list(shared.iterdir())) == 1
    assert cache.get("slot") is None
    assert cache.get("other") == 1


def test_values_other_than_integers_and_entries_forever_have_files_of_their_own(tmp_path):
    cache = directory_cache(tmp_path)
    cache.set("page", "<html>", timeout=30)
    cache.set("version", 1, timeout=None)
    cache.set("other-version", 1, timeout=None)
    assert len(inodes(tmp_path)) == 3
    assert not (tmp_path / "shared-values").exists()
    assert cache.get("page") == "<html>"
    assert cache.touch("page", timeout=60)
    assert cache.get("page") == "<html>"
