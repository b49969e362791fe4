"""`make bench`, the run behind Varnish: the production stack of stack.py with Debian's varnishd
in front, on loopback, configured by the repository's VCL (deploy/varnish/pole.vcl).

Measures a hot page through Varnish (requests per second, latency, hit ratio and the requests
that still reach gunicorn, read from varnishstat), times how long an edit made through the ORM
in the bench's database takes to show through Varnish (it must within a second: the edit's
commit sends the BAN), and checks that the contact form, the admin, POSTs and a staff session
always reach gunicorn. Prints a "Varnish" section, writes bench/results/varnish.md, and exits 1
when a check fails. Run by bench.py after its own table; alone: `python tests/bench/varnish.py`.
"""

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from stack import ROOT, discover_urls, ensure_wrk, free_port, machine, production_stack

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
RESULTS = ROOT / "bench" / "results" / "varnish.md"
VCL = ROOT / "deploy" / "varnish" / "pole.vcl"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# How soon an edit must show through Varnish (issue 18).
EDIT_VISIBLE_WITHIN = 1.0

BACKENDS = """
backend app {{
    .host = "127.0.0.1";
    .port = "{port}";
}}

acl purgers {{
    "127.0.0.1";
}}
"""


def varnishd():
    """Debian's varnishd (`make bench` installs it); it lives in /usr/sbin, outside some PATHs."""
    found = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        sys.exit("varnishd is missing: run 'make bench' (it installs Debian's varnish) as root.")
    return found


@contextmanager
def running_varnish(backend_port, port):
    """varnishd on 127.0.0.1:`port` in a temporary working folder, in front of `backend_port`."""
    work = Path(tempfile.mkdtemp(prefix="pole-artois-varnish-"))
    # The VCL compiler runs as Varnish's own user: it must be able to read the folder.
    work.chmod(0o755)
    (work / "backends.vcl").write_text(BACKENDS.format(port=backend_port))
    name = work / "instance"
    server = subprocess.Popen(
        [
            varnishd(),
            "-F",
            "-n",
            str(name),
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
            "malloc,256m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/")
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"varnishd stopped: {server.stderr.read()}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not answer within 30 s") from None
                time.sleep(0.2)
        yield name
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


def counters(name):
    output = subprocess.run(
        [shutil.which("varnishstat") or "/usr/bin/varnishstat", "-n", str(name), "-1", "-j"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(output)
    values = data.get("counters", data)
    return {
        key: values[f"MAIN.{key}"]["value"]
        for key in ("client_req", "cache_hit", "cache_miss", "s_pass", "backend_req")
    }


def get(port, path, method="GET", headers=None, body=None):
    """(status, headers, body) of one request to 127.0.0.1:`port`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wrk(url):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    command += ["-H", "Accept-Encoding: gzip", url]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=SECONDS + 30
    ).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def hot_page(name, port, path):
    for _ in range(2):
        get(port, path, headers={"Accept-Encoding": "gzip"})
    before = counters(name)
    result = wrk(f"http://127.0.0.1:{port}{path}")
    after = counters(name)
    delta = {key: after[key] - before[key] for key in before}
    result["hits"] = delta["cache_hit"]
    result["hit_ratio"] = delta["cache_hit"] / max(delta["client_req"], 1)
    result["origin"] = delta["backend_req"]
    result["requests"] = delta["client_req"]
    return result


EDIT = """
import time
from chantiers.models import Chantier
chantier = Chantier.objects.published().first()
chantier.title_fr = {title!r}
chantier.save()
print(time.time())
"""


def edit_delay(stack, port, path, purge_url):
    """Seconds between an edit's save() returning and the new text showing through Varnish, and
    between it and the start of the request that got the new text (the ban, at most: that
    request's answer then waits for gunicorn to build the page anew), or None."""
    title = f"Chantier revu à {time.strftime('%H:%M:%S')}"
    for _ in range(2):
        get(port, path)
    seen = []
    done = threading.Event()

    def poll():
        deadline = time.monotonic() + 30
        while not done.is_set() and time.monotonic() < deadline:
            started = time.time()
            _, _, body = get(port, path)
            if title.encode() in body:
                seen.append((started, time.time()))
                return
            time.sleep(0.005)

    poller = threading.Thread(target=poll)
    poller.start()
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", EDIT.format(title=title)],
        cwd=ROOT,
        env={**stack.env, "HTTP_CACHE_PURGE_URLS": purge_url},
        check=True,
        capture_output=True,
        text=True,
    )
    saved = float(result.stdout.strip().splitlines()[-1])
    poller.join(timeout=30)
    done.set()
    if not seen:
        return None
    started, shown = seen[0]
    return shown - saved, max(started - saved, 0)


def never_cached(name, port, label, requests):
    """(label, requests sent, requests that reached gunicorn, hits among the answers)."""
    before = counters(name)
    hits = 0
    for method, path, headers, body in requests:
        _, response_headers, _ = get(port, path, method, headers, body)
        hits += response_headers.get("X-Cache") == "hit"
    reached = counters(name)["backend_req"] - before["backend_req"]
    return label, len(requests), reached, hits


def run():
    ensure_wrk()
    varnishd()
    version = subprocess.run([varnishd(), "-V"], capture_output=True, text=True).stderr
    version = re.search(r"varnish-[\d.]+", version).group(0)
    with production_stack() as stack:
        urls = discover_urls(stack)
        port = free_port()
        purge_url = f"http://127.0.0.1:{port}/"
        origin = stack.serve(HTTP_CACHE_PURGE_URLS=purge_url)
        backend_port = int(origin.rsplit(":", 1)[1])
        with running_varnish(backend_port, port) as name:
            home = urls["home"]
            direct = wrk(origin + home)
            hot = hot_page(name, port, home)
            delay = edit_delay(stack, port, urls["chantier"], purge_url)
            form = "name=Robot&email=robot%40example.org&message=Bonjour"
            post_headers = {"Content-Type": "application/x-www-form-urlencoded"}
            private = [
                never_cached(
                    name,
                    port,
                    "contact form, 3 GETs and 2 POSTs",
                    [("GET", "/contact/", {}, None)] * 3
                    + [("POST", "/contact/", post_headers, form)] * 2,
                ),
                never_cached(
                    name,
                    port,
                    "admin log-in page, 3 GETs (French and English)",
                    [("GET", "/gestion/login/", {}, None)] * 2
                    + [("GET", "/en/gestion/login/", {}, None)],
                ),
                never_cached(
                    name,
                    port,
                    "home page with a session cookie, 3 GETs",
                    [("GET", home, {"Cookie": "sessionid=abc; csrftoken=x"}, None)] * 3,
                ),
            ]
    checks = {
        "hit ratio of the hot page at least 99 %": hot["hit_ratio"] >= 0.99,
        f"edit visible through Varnish within {EDIT_VISIBLE_WITHIN:.0f} s": delay is not None
        and delay[0] <= EDIT_VISIBLE_WITHIN,
        "contact form, admin and sessions never served by Varnish": all(
            sent == reached and hits == 0 for _, sent, reached, hits in private
        ),
    }
    lines = [
        "## Varnish",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; {version} (malloc 256 MB) "
        f"with deploy/varnish/pole.vcl in front of gunicorn 3 sync workers (page cache in a "
        f"directory); wrk, 2 threads, {CONNECTIONS} connections, {SECONDS} s, gzip, loopback.",
        "",
        "| measure | result |",
        "| --- | --- |",
        f"| hot page `{home}` through Varnish | {hot['rps']:.0f} requests/s, "
        f"p50 {hot['p50']:.2f} ms, p99 {hot['p99']:.2f} ms, {hot['errors']} errors |",
        f"| same page straight from gunicorn (page cache) | {direct['rps']:.0f} requests/s, "
        f"p50 {direct['p50']:.2f} ms, p99 {direct['p99']:.2f} ms, {direct['errors']} errors |",
        f"| hit ratio | {hot['hit_ratio']:.3%} ({hot['hits']} hits of {hot['requests']} "
        "requests) |",
        f"| origin requests | {hot['origin']} in {SECONDS} s ({hot['origin'] / SECONDS:.1f}/s) |",
        "| edit (ORM save in the bench database) visible through Varnish | "
        + (
            f"after {delay[0] * 1000:.0f} ms: banned within {delay[1] * 1000:.0f} ms, then one "
            "build of the page by gunicorn |"
            if delay is not None
            else "not within 30 s |"
        ),
    ]
    lines += [
        f"| {label} | {reached}/{sent} reached gunicorn, {hits} served by Varnish |"
        for label, sent, reached, hits in private
    ]
    failed = [check for check, passed in checks.items() if not passed]
    lines += ["", "Checks: all passed" if not failed else "Checks FAILED: " + "; ".join(failed)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)
    return not failed


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
