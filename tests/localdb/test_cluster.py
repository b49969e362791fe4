"""The local PostgreSQL machinery (pole_artois/localdb): one folder, started when first needed."""

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest
from django.db.utils import ConnectionHandler

from pole_artois.localdb import CHECKOUT_FOLDER, Cluster

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cluster():
    # Not pytest's tmp_path: as root, the server runs as `postgres`, who cannot enter it.
    cluster = Cluster(tempfile.mkdtemp(prefix="pole-artois-pg-test-"), throwaway=True)
    yield cluster
    cluster.remove()


def query(cluster, sql):
    with psycopg.connect(cluster.url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else None


def test_content_survives_stopping_and_starting_again(cluster):
    cluster.ensure_running()
    query(cluster, "CREATE TABLE kept (word text)")
    query(cluster, "INSERT INTO kept VALUES ('mobilité')")
    cluster.stop()
    assert not cluster.answers()

    cluster.ensure_running()

    assert query(cluster, "SELECT word FROM kept") == [("mobilité",)]


def test_two_processes_starting_it_at_once_share_one_server(cluster):
    errors = []

    def start():
        try:
            cluster.ensure_running()
        except Exception as error:
            errors.append(error)

    starters = [threading.Thread(target=start) for _ in range(3)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join()

    assert errors == []
    assert query(cluster, "SELECT 1") == [(1,)]


def test_search_needs_nothing_installed_on_the_machine(cluster):
    cluster.ensure_running()
    query(cluster, "CREATE EXTENSION unaccent")
    query(cluster, "CREATE EXTENSION pg_trgm")

    words = query(cluster, "SELECT to_tsvector('french', unaccent('Mobilités'))::text")

    assert words == [("'mobilit':1",)]


def test_the_database_backend_starts_the_cluster_on_first_connection(cluster):
    wrapper = ConnectionHandler(
        {
            "default": {
                "ENGINE": "pole_artois.localdb",
                "NAME": "postgres",
                "USER": "postgres",
                "HOST": str(cluster.folder),
            }
        }
    )["default"]
    assert not cluster.answers()

    # What Django calls to connect (pytest-django blocks the calls around it outside db tests).
    with wrapper.get_new_connection(wrapper.get_connection_params()) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)

    assert cluster.answers()


def test_without_database_url_every_entry_point_uses_the_checkouts_cluster():
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pole_artois.wsgi import application; from django.db import connection; "
            "print(connection.settings_dict['ENGINE'], connection.settings_dict['HOST'])",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "pole_artois.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert shown.stdout.split() == ["pole_artois.localdb", str(CHECKOUT_FOLDER)]
