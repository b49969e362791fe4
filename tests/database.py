"""pytest plugin (loaded with `-p tests.database`): the database the suite runs against.

Django's settings read DATABASE_URL when they are first imported, which pytest-django does before
any conftest is loaded; so this runs as an early plugin. Order of preference:

1. DATABASE_URL given by the caller (an existing PostgreSQL): used as it is;
2. PostgreSQL binaries on this machine: a throwaway cluster on a private unix socket, started
   here and removed at the end of the run;
3. neither: SQLite, with a loud notice, because some behaviour (full-text search) differs.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

_cluster = {}


def _postgres_bin_dir():
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _as_cluster_owner(command):
    """initdb and pg_ctl refuse to run as root: run them as the `postgres` system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _start_cluster(bin_dir):
    root = Path(tempfile.mkdtemp(prefix="pole-artois-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_cluster_owner(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ]
        ),
        **run,
    )
    subprocess.run(_as_cluster_owner(["mkdir", str(sockets)]), **run)
    options = (
        f"-c listen_addresses='' -k {sockets} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_cluster_owner(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
        ),
        **run,
    )
    _cluster.update(root=root, data=data, bin_dir=bin_dir)
    return f"postgres://postgres@{str(sockets).replace('/', '%2F')}/postgres"


def _stop_cluster():
    if not _cluster:
        return
    subprocess.run(
        _as_cluster_owner(
            [
                str(_cluster["bin_dir"] / "pg_ctl"),
                "-D",
                str(_cluster["data"]),
                "-m",
                "immediate",
                "stop",
            ]
        ),
        capture_output=True,
        check=False,
    )
    shutil.rmtree(_cluster["root"], ignore_errors=True)
    _cluster.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if os.environ.get("DATABASE_URL"):
        early_config._database_label = "PostgreSQL/other, from DATABASE_URL"
        return
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        early_config._database_label = "SQLite (NO PostgreSQL binaries found: PG_BIN unset)"
        return
    os.environ["DATABASE_URL"] = _start_cluster(bin_dir)
    early_config._database_label = f"PostgreSQL, throwaway cluster from {bin_dir}"


def pytest_report_header(config):
    return f"database: {getattr(config, '_database_label', 'unknown')}"


def pytest_configure(config):
    label = getattr(config, "_database_label", "")
    if label.startswith("SQLite"):
        warnings.warn(
            "The suite runs on SQLite because no PostgreSQL was found; install PostgreSQL "
            "(initdb, pg_ctl) or set DATABASE_URL to test what production runs.",
            stacklevel=1,
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.write_line(f"database used: {getattr(config, '_database_label', 'unknown')}")


def pytest_unconfigure(config):
    _stop_cluster()
