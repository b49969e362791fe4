"""`make bench`: requests per second and latency of the main pages on the production stack.

Loopback only, bounded: each page is loaded for BENCH_SECONDS (default 10) by wrk, with the page
cache on (warmed) and off. Writes a Markdown table to stdout and bench/results/bench.md.
"""

import os
import re
import subprocess
import sys
import time

import varnish
from stack import ROOT, discover_urls, ensure_wrk, machine, production_stack

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
RESULTS = ROOT / "bench" / "results" / "bench.md"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds=SECONDS, script=None):
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


def main():
    ensure_wrk()
    with production_stack() as stack:
        urls = discover_urls(stack)
        servers = {"cached": stack.serve(), "uncached": stack.serve(PAGE_CACHE_SECONDS="0")}
        rows = []
        for name, path in urls.items():
            for mode, base in servers.items():
                subprocess.run(["wrk", "-t1", "-c1", "-d1s", base + path], capture_output=True)
                result = wrk(base + path)
                print(f"{name:20} {mode:9} {result}", flush=True)
                rows.append((name, path, mode, result))
    table = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; gunicorn 3 sync workers, "
        f"PostgreSQL 18 on a unix socket, cache in a directory (CACHE_DIR); wrk, 2 threads, "
        f"{CONNECTIONS} connections, {SECONDS} s per line, loopback.",
        "",
        "| page | path | page cache | requests/s | p50 (ms) | p99 (ms) | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    table += [
        f"| {name} | `{path}` | {mode} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
        f"| {r['errors']} |"
        for name, path, mode, r in rows
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(table) + "\n")
    print("\n".join(table))

    # The same stack behind Varnish, on a stack of its own (tests/bench/varnish.py).
    if not varnish.run():
        sys.exit(1)


if __name__ == "__main__":
    main()
