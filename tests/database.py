"""pytest plugin (loaded with `-p tests.database`): the database the suite runs against.

Django's settings read DATABASE_URL when they are first imported, which pytest-django does before
any conftest is loaded; so this runs as an early plugin. A DATABASE_URL given by the caller (an
existing PostgreSQL) is used as it is; otherwise the suite gets a throwaway cluster, started by the
code that runs the checkout's own database (pole_artois/localdb) in a temporary folder, and removed
at the end.
"""

import os
import tempfile

import pytest

from pole_artois.localdb import Cluster

throwaway = None


def start_throwaway_cluster():
    """A new cluster in a temporary folder; returns it, its URL in `.url`."""
    cluster = Cluster(tempfile.mkdtemp(prefix="pole-artois-pg-"), throwaway=True)
    cluster.ensure_running()
    return cluster


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    global throwaway
    os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if os.environ.get("DATABASE_URL"):
        early_config._database_label = "PostgreSQL from DATABASE_URL"
        return
    throwaway = start_throwaway_cluster()
    os.environ["DATABASE_URL"] = throwaway.url
    early_config._database_label = f"PostgreSQL, throwaway cluster in {throwaway.folder}"


def pytest_report_header(config):
    return f"database: {getattr(config, '_database_label', 'unknown')}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.write_line(f"database used: {getattr(config, '_database_label', 'unknown')}")


def pytest_unconfigure(config):
    if throwaway is not None:
        throwaway.remove()
