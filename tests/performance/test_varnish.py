"""The repository's VCL (deploy/varnish/pole.vcl) in Debian's varnishd, on loopback, in front of
the real app served by pytest-django's live server. `make test` installs varnish (`make
browser`); without varnishd these tests fail, they are never skipped."""

import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pole_artois.core.purge import wait_for_purges
from territoire.models import Scot

pytestmark = pytest.mark.urls("tests.performance.urls")

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "pole.vcl"
BACKENDS = """
backend app {{ .host = "127.0.0.1"; .port = "{port}"; }}
acl purgers {{ "127.0.0.1"; }}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Varnish:
    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"

    def request(self, path, method="GET", headers=None, source="127.0.0.1"):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0)
        )
        try:
            # A host the live server allows.
            connection.request(method, path, headers={"Host": "localhost", **(headers or {})})
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()


@pytest.fixture
def varnish(live_server, settings):
    binary = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    if binary is None:
        pytest.fail("varnishd is missing: run `make browser` (it installs Debian's varnish)")
    work = Path(tempfile.mkdtemp(prefix="pole-artois-varnish-test-"))
    # The VCL compiler runs as Varnish's own user: it must be able to read the folder.
    work.chmod(0o755)
    (work / "backends.vcl").write_text(BACKENDS.format(port=urlsplit(live_server.url).port))
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "-F",
            "-n",
            str(work / "instance"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            # Before -f, which it applies to: where pole.vcl finds backends.vcl.
            "-p",
            f"vcl_path={work}",
            "-f",
            str(VCL),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    front = Varnish(port)
    settings.HTTP_CACHE_PURGE_URLS = [front.url]
    try:
        # varnishd compiles the VCL with the C compiler before it listens: seconds when busy.
        deadline = time.monotonic() + 60
        while True:
            try:
                front.request("/robots.txt")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "varnishd did not answer within 60 s"
                time.sleep(0.1)
        yield front
    finally:
        assert wait_for_purges(timeout=30)
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def test_varnish_keeps_public_pages_until_an_edit_bans_them(varnish):
    Scot.objects.all().delete()
    Scot.objects.create(slug="scot-a", name="SCoT A")
    first = varnish.request("/cache-test/scots/")
    assert first.body == b"1 SCoTs"
    second = varnish.request("/cache-test/scots/")
    assert (second.getheader("X-Cache"), second.body) == ("hit", b"1 SCoTs")
    assert second.getheader("X-Pole-Keys") is None
    assert "public" in second.getheader("Cache-Control")
    # The CSRF and language cookies split nothing: the same copy.
    with_cookies = varnish.request(
        "/cache-test/scots/", headers={"Cookie": "csrftoken=abc; django_language=en"}
    )
    assert with_cookies.getheader("X-Cache") == "hit"

    Scot.objects.create(slug="scot-b", name="SCoT B")
    assert wait_for_purges(timeout=30)
    after = varnish.request("/cache-test/scots/")
    assert (after.getheader("X-Cache"), after.body) == ("miss", b"2 SCoTs")


def test_varnish_never_keeps_the_admin_the_contact_form_posts_or_sessions(varnish):
    for path in ("/contact/", "/en/contact/", "/gestion/login/", "/en/gestion/login/"):
        tokens = set()
        for _ in range(2):
            response = varnish.request(path)
            assert response.status == 200, path
            assert response.getheader("X-Cache") == "pass", path
            tokens.add(response.getheader("Set-Cookie"))
        assert len(tokens) == 2, path
    varnish.request("/cache-test/scots/")
    for _ in range(2):
        posted = varnish.request("/cache-test/scots/", method="POST")
        assert posted.getheader("X-Cache") == "pass"
        session = varnish.request("/cache-test/scots/", headers={"Cookie": "sessionid=abc"})
        assert session.getheader("X-Cache") == "pass"
        assert "private" in session.getheader("Cache-Control")


def test_only_the_purgers_may_ban_and_only_by_table_names(varnish):
    refused = varnish.request(
        "/", method="BAN", headers={"X-Pole-Keys": "territoire_scot"}, source="127.0.0.2"
    )
    assert refused.status == 403
    malformed = varnish.request("/", method="BAN", headers={"X-Pole-Keys": ".*"})
    assert malformed.status == 400
    accepted = varnish.request("/", method="BAN", headers={"X-Pole-Keys": "territoire_scot"})
    assert accepted.status == 200
