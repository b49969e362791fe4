"""The production stack on loopback, for `make bench` and `make load` (not collected by pytest).

A throwaway PostgreSQL cluster on a private unix socket (the test suite's, tests/database.py),
migrated, with the demo content and collected static files; gunicorn on a free 127.0.0.1 port,
configured only by environment variables as in production, with the cache shared in a directory.
`serve_floor()` starts the bare Django project of floor/ with the same gunicorn flags, and
`scaled_database()` a copy of the demo database with generated rows (scale.py). Everything is
removed on exit.
"""

import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import database  # noqa: E402  (the repository root must be importable first)

VENV_BIN = Path(sys.executable).parent
FLOOR = Path(__file__).resolve().parent / "floor"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def ensure_wrk():
    """wrk, Debian's HTTP benchmarking tool, installed with apt-get when missing."""
    if shutil.which("wrk"):
        return
    print("Installing Debian's wrk (HTTP load generator)", flush=True)
    command = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"
    if subprocess.run(["sh", "-c", command], capture_output=True, check=False).returncode:
        sys.exit("Could not install wrk: run 'apt-get install wrk' as root.")


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    memory = f"{memory_kb / 1024 / 1024:.0f} GiB RAM"
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory}, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start"
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="pole-artois-stack-"))
        self.servers = []
        self.processes = {}
        self.cluster = None
        self.env = None

    def manage(self, *args, **env):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self):
        started = time.monotonic()
        self.cluster = database.start_throwaway_cluster()
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.cluster.url,
            "STATIC_ROOT": str(self.work / "static"),
            "MEDIA_ROOT": str(self.work / "media"),
            "CACHE_DIR": str(self.work / "cache"),
            "LOG_LEVEL": "ERROR",
        }
        self.manage("migrate", "--no-input")
        self.manage("load_demo")
        self.manage("compilemessages", "--ignore", ".*", "--ignore", "node_modules", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        print(f"Stack ready in {time.monotonic() - started:.0f} s", flush=True)

    def serve(self, workers=3, **env):
        """A gunicorn of the portal on a free loopback port; returns its base URL once it answers
        (its process is `self.process(base)`)."""
        return self._gunicorn("pole_artois.wsgi", ROOT, workers, {**self.env, **env})

    def serve_floor(self, workers=3):
        """The floor: a bare Django project with one template view (floor/), same flags."""
        env = {**os.environ, "PYTHONPATH": str(FLOOR), "DJANGO_SETTINGS_MODULE": "floor_settings"}
        return self._gunicorn("floor_wsgi", FLOOR, workers, env)

    def _gunicorn(self, application, directory, workers, env):
        port = free_port()
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                application,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--log-level",
                "warning",
                # Several servers run side by side: none may take over the shared control socket.
                "--no-control-socket",
            ],
            cwd=directory,
            env=env,
        )
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        self.processes[base] = server
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/", timeout=10):
                    return base
            except OSError:  # not listening yet, or workers still booting
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def process(self, base):
        return self.processes[base]

    def scaled_database(self, *, communes=10, news=1000, acts=1000):
        """The URL of a second database: a copy of the demo's with `communes` times its communes
        (generated, never in the fixtures), `news` articles and `acts` délibérations."""
        name = "bench_scaled"
        url = self.cluster.url.rsplit("/", 1)[0] + "/" + name
        self.manage(
            "shell",
            "-c",
            f"from django.db import connection; "
            f"connection.cursor().execute('CREATE DATABASE {name} TEMPLATE postgres')",
        )
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("scale.py")),
                str(communes),
                str(news),
                str(acts),
            ],
            cwd=ROOT,
            env={**self.env, "DATABASE_URL": url},
            check=True,
        )
        print(f"Scaled database ready in {time.monotonic() - started:.0f} s", flush=True)
        return url

    def stop_database(self):
        self.cluster.stop()

    def start_database(self):
        self.cluster.ensure_running()

    def close(self):
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if self.cluster is not None:
            self.cluster.remove()
        shutil.rmtree(self.work, ignore_errors=True)


def cpu_seconds(server):
    """CPU seconds (user + system) spent so far by a gunicorn master and its workers, the workers
    that ended included (their time moved to the master's children's time when it reaped them)."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids += [int(pid) for pid in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:  # a worker that ended in between: counted by the master
            continue
        # Fields after the command's closing parenthesis: utime, stime, cutime, cstime are 14-17.
        fields = stat.rsplit(")", 1)[1].split()
        total += sum(int(value) for value in fields[11:15])
    return total / CLOCK_TICKS


@contextmanager
def production_stack():
    stack = Stack()
    try:
        stack.prepare()
        yield stack
    finally:
        stack.close()


def discover_urls(stack):
    """The pages to measure, among those that exist: name → path."""
    code = """
import json
from django.urls import NoReverseMatch, reverse
urls = {"home": reverse("portal:home"), "commune directory": reverse("territoire:communes")}
try:
    from chantiers.models import Chantier, Objective
    chantier = Chantier.objects.published().first()
    objective = Objective.objects.published().first()
    if chantier:
        urls["chantier"] = chantier.get_absolute_url()
    if objective:
        urls["objective"] = objective.get_absolute_url()
except ImportError:
    pass
try:
    urls["search"] = reverse("discovery:search") + "?q=mobilit%C3%A9"
except NoReverseMatch:
    pass
print(json.dumps(urls))
"""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
