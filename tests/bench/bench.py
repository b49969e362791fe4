"""`make bench`: server CPU per request of every public page, against a bare Django floor.

On the production stack (stack.py: gunicorn, 2 sync workers, PostgreSQL, DEBUG off, demo content)
and, in the same run, the floor: a bare Django project with one template view (floor/), started
with the same gunicorn flags. For each page, BENCH_ROUNDS rounds alternate a fixed number of
requests to the floor and to the page (2 connections at a time), so that whatever else the
machine does weighs on both; the CPU the gunicorn master and workers spent (/proc/<pid>/stat,
user + system, ended workers included) is read before and after each batch. Each row gives the
page's CPU per request, its ratio to the floor's over the same rounds, requests/s and latency.
Pages are measured uncached (PAGE_CACHE_SECONDS=0: built for each request from their fragments,
which are kept), built whole (FRAGMENT_CACHE_SECONDS=0 too: the cost of the first request after
an edit of everything a page shows), and the home page from the page cache too.

Then the same on a copy of the database with 10 times the communes (generated), 1,000 articles
and 1,000 délibérations: each page's ratio to its demo cost (goal: at most 1.5).

Writes Markdown tables to stdout and bench/results/bench.md.
"""

import http.client
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

import varnish
from stack import ROOT, cpu_seconds, machine, production_stack

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# Server CPU seconds each batch of requests aims at: enough for the clock's 10 ms ticks.
BATCH_CPU = float(os.environ.get("BENCH_BATCH_CPU", "0.6"))
WORKERS = 2
RESULTS = ROOT / "bench" / "results" / "bench.md"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
GOAL_PAGE, GOAL_SEARCH, GOAL_SCALED = 5, 8, 1.5

PAGES_CODE = """
import json
from django.urls import reverse
from chantiers.models import Chantier, Objective
from territoire.models import Commune, Member, MemberKind
directory = reverse("territoire:communes")
member = Member.objects.filter(kind=MemberKind.AGGLOMERATION).order_by("slug").first()
commune = Commune.objects.in_pole().order_by("-population_municipale").first()
search = reverse("discovery:search")
pages = [
    ("home", reverse("portal:home")),
    ("territory", reverse("territoire:index")),
    ("commune directory", directory),
    ("directory, filtered", f"{directory}?q=e&member={member.slug}&sort=-population"),
    ("commune", commune.get_absolute_url()),
    ("chantiers", reverse("chantiers:index")),
    ("chantier", Chantier.objects.published().first().get_absolute_url()),
    ("objective", Objective.objects.published().first().get_absolute_url()),
    ("tracking", reverse("chantiers:tracking")),
    ("partners", reverse("partenaires:index")),
    ("news", reverse("institution:news")),
    ("acts", reverse("institution:acts")),
    ("search, hits", search + "?q=mobilit%C3%A9"),
    ("search, no hit", search + "?q=bethine"),
    ("open data", reverse("discovery:opendata")),
]
print(json.dumps(pages))
"""


def pages(stack):
    """(name, path) of every page measured, found in the demo content."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PAGES_CODE],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [tuple(page) for page in json.loads(result.stdout.strip().splitlines()[-1])]


def wrk(url, seconds=SECONDS, script=None):
    """wrk's figures for `url` loaded for `seconds` (make load's sustained load)."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
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


# Never the same address twice in a run: a search's rate limit counts per address, and rounds
# of batches starting again at the first address went past it.
ADDRESSES = itertools.count(1)


def batch_requests(base, path, requests):
    """`requests` GETs of `path` on WORKERS connections at once: their latencies (ms), the errors
    and the wall time. Each comes from another address through the TLS proxy
    (BEHIND_TLS_PROXY): the search's rate limits, which count per address, are paid as in
    production but never refuse."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    numbers = itertools.count()
    latencies, errors = [], []

    def client():
        while next(numbers) < requests:
            n = next(ADDRESSES)
            address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                connection.request(
                    "GET", path, headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
                )
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors.append(response.status)
            except OSError as error:
                errors.append(error)
            finally:
                connection.close()
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    clients = [threading.Thread(target=client) for _ in range(WORKERS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    return sorted(latencies), errors, time.perf_counter() - started


class Bench:
    def __init__(self, stack, floor):
        self.stack, self.floor = stack, floor

    def batch(self, base, path, requests):
        """The server's CPU seconds for `requests` GETs of `path`, with the client's figures."""
        process = self.stack.process(base)
        before = cpu_seconds(process)
        latencies, errors, seconds = batch_requests(base, path, requests)
        return {
            "cpu": cpu_seconds(process) - before,
            "requests": requests,
            "rps": requests / seconds,
            "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "errors": len(errors),
        }

    def size(self, base, path):
        """Warm the page on every worker, then the number of requests a batch takes."""
        warm = self.batch(base, path, 10)
        if warm["errors"]:
            sys.exit(f"{base}{path} answered errors: stopping, nothing would be measured")
        per_request = max(warm["cpu"] / warm["requests"], 0.0005)
        return max(20, min(400, round(BATCH_CPU / per_request)))

    def measure(self, base, path):
        """Rounds alternating the floor and the page: their CPU per request over those rounds,
        the page's ratio to the floor (the median of the rounds' ratios, each a floor batch and
        the page's batch right after it: a burst of another process's work spoils one round,
        not the row), the range of those ratios, and the client's figures (the median round's)."""
        floor_size, page_size = self.size(self.floor, "/"), self.size(base, path)
        floor, page = [], []
        for _round in range(ROUNDS):
            floor.append(self.batch(self.floor, "/", floor_size))
            page.append(self.batch(base, path, page_size))
        floor_cpu = sum(r["cpu"] for r in floor) / sum(r["requests"] for r in floor)
        page_cpu = sum(r["cpu"] for r in page) / sum(r["requests"] for r in page)
        ratios = sorted(
            (p["cpu"] / p["requests"]) / (f["cpu"] / f["requests"])
            for f, p in zip(floor, page, strict=True)
        )
        median = sorted(page, key=lambda r: r["rps"])[len(page) // 2]
        return {
            **median,
            "cpu": page_cpu,
            "floor_cpu": floor_cpu,
            "ratio": ratios[len(ratios) // 2],
            "ratios": (ratios[0], ratios[-1]),
            "errors": sum(r["errors"] for r in page),
        }


def modes(name, servers):
    """What each page is measured in: uncached (page cache off, its fragments kept), built whole
    (nothing kept: as after an edit of all it shows; not for the search, which keeps nothing),
    and the home page from the page cache too."""
    wanted = ["uncached", "whole"]
    if name == "home":
        wanted.append("cached")
    if name.startswith("search"):
        wanted.remove("whole")
    return [mode for mode in wanted if mode in servers]


def run(bench, label, servers, measured):
    """Every page in each of its modes: rows of (name, path, mode, result)."""
    rows = []
    print(f"\n{label}", flush=True)
    for name, path in measured:
        for mode in modes(name, servers):
            result = bench.measure(servers[mode], path)
            print(
                f"  {name:20} {mode:9} {result['cpu'] * 1000:6.2f} ms CPU/request, "
                f"{result['ratio']:5.1f}x floor, {result['rps']:6.0f} requests/s",
                flush=True,
            )
            rows.append((name, path, mode, result))
    return rows


def goal(name, mode):
    return GOAL_SEARCH if name.startswith("search") else GOAL_PAGE


def tables(demo, scaled, started):
    floor_cpu = sorted(r["floor_cpu"] for *_rest, r in demo)[len(demo) // 2]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; gunicorn {WORKERS} sync workers, "
        "DEBUG off, PostgreSQL on a unix socket, cache in a directory (CACHE_DIR); "
        f"{WORKERS} connections at a time, {ROUNDS} rounds per row alternating the floor and the "
        "page; "
        f"loopback; {time.monotonic() - started:.0f} s in all. Floor (bare Django "
        f"project, one template view): {floor_cpu * 1000:.2f} ms of server CPU per request "
        "(median of the rows).",
        "",
        "| page | path | page cache | CPU ms/request | x floor (goal) | rounds: x floor "
        "| requests/s | p50 ms "
        "| p99 ms | built whole: CPU ms | built whole: x floor "
        "| 10x data: x floor | 10x data: x demo (goal ≤ 1.5) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    scaled_by_row = {(name, mode): result for name, _path, mode, result in scaled}
    whole = {name: result for name, _path, mode, result in demo if mode == "whole"}
    for name, path, mode, r in demo:
        if mode == "whole":
            continue
        big = scaled_by_row.get((name, mode))
        built = whole.get(name) if mode == "uncached" else None
        target = goal(name, mode)
        mark = "" if r["ratio"] <= target else " ✗"
        big_ratio = big["ratio"] / r["ratio"] if big else None
        lines.append(
            f"| {name} | `{path}` | {mode} | {r['cpu'] * 1000:.2f} "
            f"| {r['ratio']:.1f} (≤ {target}){mark} | {r['ratios'][0]:.1f} to {r['ratios'][1]:.1f} "
            f"| {r['rps']:.0f} | {r['p50']:.1f} "
            f"| {r['p99']:.1f} | "
            + (f"{built['cpu'] * 1000:.2f} | {built['ratio']:.1f} | " if built else "- | - | ")
            + f"{big['ratio']:.1f} | "
            + (f"{big_ratio:.2f}{'' if big_ratio <= GOAL_SCALED else ' ✗'} |" if big else "- |")
        )
    errors = sum(r["errors"] for *_rest, r in demo + scaled)
    lines += ["", f"Errors (non-2xx/3xx or socket): {errors}."]
    return "\n".join(lines)


def main():
    started = time.monotonic()
    with production_stack() as stack:
        measured = pages(stack)
        scaled_url = stack.scaled_database()
        proxy = {"BEHIND_TLS_PROXY": "true"}
        floor = stack.serve_floor(workers=WORKERS)
        demo_servers = {
            "uncached": stack.serve(workers=WORKERS, PAGE_CACHE_SECONDS="0", **proxy),
            "whole": stack.serve(
                workers=WORKERS, PAGE_CACHE_SECONDS="0", FRAGMENT_CACHE_SECONDS="0", **proxy
            ),
            "cached": stack.serve(workers=WORKERS, **proxy),
        }
        # Its own cache directory: derived data cached for one database must not serve the other.
        scaled_env = {"DATABASE_URL": scaled_url, "CACHE_DIR": str(stack.work / "cache-scaled")}
        scaled_servers = {
            "uncached": stack.serve(workers=WORKERS, PAGE_CACHE_SECONDS="0", **proxy, **scaled_env),
            "cached": stack.serve(workers=WORKERS, **proxy, **scaled_env),
        }
        bench = Bench(stack, floor)
        demo = run(bench, "Demo content", demo_servers, measured)
        scaled = run(bench, "10x communes, 1,000 articles and acts", scaled_servers, measured)
        report = tables(demo, scaled, started)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report + "\n")
        print("\n" + report, flush=True)

    # The same stack behind Varnish, on a stack of its own (tests/bench/varnish.py).
    if not varnish.run():
        sys.exit(1)


if __name__ == "__main__":
    main()
