"""The production stack on loopback, for `make bench` and `make load` (not collected by pytest).

A throwaway PostgreSQL cluster on a private unix socket (the test suite's, tests/database.py),
migrated, with the demo content and collected static files; gunicorn on a free 127.0.0.1 port,
configured only by environment variables as in production, with the cache shared in a directory.
Everything is removed on exit.
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
        """A gunicorn on a free loopback port; returns its base URL once it answers."""
        port = free_port()
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "pole_artois.wsgi",
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
            cwd=ROOT,
            env={**self.env, **env},
        )
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/", timeout=10):
                    return base
            except OSError:  # not listening yet, or workers still booting
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

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
