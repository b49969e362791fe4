"""The health check of kept connections (pole_artois/core/postgresql/base.py), on the real
server: a connection the server ended is replaced before the request's first query, a live one
is kept without asking the server anything."""

import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept():
    """A connection of its own, as a worker keeps one between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def backend_pid(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def last_query_of(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row and row[0]


def next_request(wrapper):
    """What Django does between two requests, then at the first query of the next one."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def test_a_live_connection_is_kept_without_a_query(kept):
    pid = backend_pid(kept)
    next_request(kept)
    assert kept.connection is not None
    assert last_query_of(pid) == "SELECT pg_backend_pid()"
    assert backend_pid(kept) == pid


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(kept):
    pid = backend_pid(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while last_query_of(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    next_request(kept)
    # The request's first query runs, on a new connection.
    assert backend_pid(kept) != pid
