"""Shared fixtures of the browser tests: one headless Chromium for the whole run, driven by
Playwright against pytest-django's live server, with axe-core and the W3C Nu HTML Checker.

A test opens pages with `open_page(language, device)` on `site_url` (the live server, holding the
demo content), then checks them with `assert_accessible(page)`; `validate_html(documents)` checks
many documents in one validator run, because the JVM takes seconds to start.

The live server makes each test transactional (its thread has its own database connection): the
database is emptied after every browser test, so `site_url` restores what the migrations created and
loads the demo content again for each.
Keep browser tests few and broad (many pages per test) to keep the suite fast.
"""

import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import sync_playwright

from tests.browser.pages import DEVICES

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Without the background-networking flags Chromium keeps calling home, flooding a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

LOCALES = {"fr": "fr-FR", "en": "en-US"}
# The rules of WCAG 2.1 levels A and AA, i.e. what the RGAA asks of a French public body.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        # Failing, not skipping: a missing browser must not turn the accessibility proof green.
        pytest.fail(
            "Chromium is missing: the browser tests need it. `make test` installs Debian's "
            "chromium; or run `apt-get install chromium`, or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def chromium():
    """The one headless Chromium of the test run (starting it costs about a second)."""
    executable = _chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_contexts(chromium):
    """One context per (language, device), reused by every test: creating one costs time.

    The context's locale matters: Chromium would otherwise say `Accept-Language: en-US`.
    """
    contexts = {
        (language, device): chromium.new_context(
            locale=locale, viewport=viewport, is_mobile=device == "phone", has_touch=False
        )
        for language, locale in LOCALES.items()
        for device, viewport in DEVICES.items()
    }
    for context in contexts.values():
        # axe-core (shipped with axe-playwright-python, offline) ready in every page: sending
        # its half megabyte again for each check would double the time of the suite.
        context.add_init_script(AXE_SCRIPT)
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(browser_contexts):
    """`open_page(language="fr", device="desktop")`: a new tab, closed at the end of the test."""
    pages = []

    def open_(language="fr", device="desktop"):
        context = browser_contexts[language, device]
        if not context.pages:
            # A fresh visitor for each test: no session or CSRF cookie left by a previous one.
            context.clear_cookies()
        page = context.new_page()
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()


@pytest.fixture(scope="session", autouse=True)
def _migrated_data(django_db_setup):
    """What the migrations put in the database (members, roles…), serialized by pytest-django."""
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


@pytest.fixture
def site_url(live_server, django_db_serialized_rollback, _migrated_data):
    """The live server's root URL, with the territory and every app's demo content loaded.

    Each browser test starts from what the migrations created (the previous one emptied the
    database), restored by pytest-django's serialized rollback, then loads the demo content.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if _migrated_data and not hasattr(connection, "_test_serialized_contents"):
        # Once Playwright runs, this thread gets a new connection object, without the data
        # pytest-django serialized: hand it over, so the rollback works from the next test on.
        connection._test_serialized_contents = _migrated_data
        connection.creation.deserialize_db_from_string(_migrated_data)
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


# axe.run() works synchronously for a while before it returns its promise: starting it from a
# timer lets the evaluation return at once, and the next page start its own check meanwhile.
AXE_START = """options => {
  window.axeFindings = new Promise(resolve => setTimeout(() => resolve(
    axe.run(document, options).then(results => results.violations.map(
      violation => `${violation.id} (${violation.impact}): ${violation.help} — ` +
        violation.nodes.slice(0, 5).map(node => node.target.join(" ")).join("; ")
    ))
  )));
}"""


@pytest.fixture
def start_accessibility_check():
    """`start_accessibility_check(page)` starts axe-core's WCAG 2.1 A/AA rules in the page and
    returns at once; `finish()` on its result waits for the findings, as readable lines.

    Pages of different contexts run in different renderer processes: starting the checks of
    several pages before collecting any lets them use every core.
    """

    def start(page):
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
        page.evaluate(AXE_START, options)

        def finish():
            return page.evaluate("() => window.axeFindings")

        return finish

    return start


@pytest.fixture
def accessibility_violations(start_accessibility_check):
    """`accessibility_violations(page)`: axe-core's WCAG 2.1 A/AA violations, as readable lines."""
    return lambda page: start_accessibility_check(page)()


@pytest.fixture
def assert_accessible(accessibility_violations):
    """`assert_accessible(page)`: fails with axe-core's findings, if there are any."""

    def check(page):
        violations = accessibility_violations(page)
        assert not violations, f"{page.url}:\n  " + "\n  ".join(violations)

    return check


def _java():
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is missing: the HTML validator (vnu.jar) needs it. `make test` installs "
            "default-jre-headless; or run `apt-get install default-jre-headless`.",
            pytrace=False,
        )
    return java


@pytest.fixture(scope="session")
def validate_html():
    """`validate_html({"name": html, ...})` → `{"name": ["line 3: error message", ...]}`.

    Runs the W3C Nu HTML Checker once over all the documents given, offline. Only errors count;
    a document without errors maps to an empty list.
    """
    java = _java()
    if not VNU_JAR.exists():
        pytest.fail(
            f"{VNU_JAR.relative_to(ROOT)} is missing: run `make test` (or `npm ci`) to install "
            "the HTML validator.",
            pytrace=False,
        )

    def validate(documents):
        names = list(documents)
        with tempfile.TemporaryDirectory(prefix="vnu-") as directory:
            paths = [Path(directory) / f"{index}.html" for index in range(len(names))]
            for path, name in zip(paths, names, strict=True):
                path.write_text(documents[name], encoding="utf-8")
            process = subprocess.run(
                [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
                + [str(path) for path in paths],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        try:
            messages = json.loads(process.stdout)["messages"]
        except (json.JSONDecodeError, KeyError):
            pytest.fail(f"The HTML validator failed to run:\n{process.stdout}\n{process.stderr}")
        errors = {name: [] for name in names}
        for message in messages:
            # Each message names its file as a file: URL ending in "<index>.html".
            index = Path(message.get("url", "")).stem
            name = names[int(index)] if index.isdigit() else "(validator)"
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
                f" [{message.get('extract', '').strip()}]"
            )
        return errors

    return validate
