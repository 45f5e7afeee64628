"""Browser tests: the Streamlit app on a free port, driven by Debian's chromium through Playwright.

Every request to a host other than localhost fails (the browser's proxy for other hosts is a
closed port) and is recorded, so a test fails the way the app would on a machine with no
internet. Nothing is intercepted: intercepting requests would turn the browser's cache off and
send each of the page's requests through the test process, which the timings would count as
the app's. Set ATLAS_E2E_APP to run another script (its folder
must hold static/ and .streamlit/ like the project's root). The app writes to a GeoPackage in a
temporary folder (ATLAS_STORE), never to the data folder. A second app runs on a store of 20,000
synthetic features for the timings; the timings measured are written to ``timings.json`` in
pytest's temporary folder and printed at the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Other hosts through a proxy that is a closed port: they fail at once, as with no network
    # (loopback addresses always go direct).
    "--proxy-server=http://127.0.0.1:9",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
STARTUP_SECONDS = 90

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here e2e; skip them all, saying why, when chromium is missing (except under
    CI, where `make test` installs it and a missing browser must fail the run)."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists() and not os.environ.get("CI"):  # under CI: fail, not skip
                item.add_marker(
                    pytest.mark.skip(
                        reason="needs Debian chromium at /usr/bin/chromium "
                        "(`make chromium` or `apt-get install -y chromium`)"
                    )
                )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit not healthy in {STARTUP_SECONDS}s:\n{log.read_text()}")


def start_app(folder: Path, store: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """The app headless on a free port on ``store``, started as `make run` starts it (launch.py:
    `streamlit run app.py` with its imports and first map done beforehand); its URL and
    process."""
    script = Path(os.environ.get("ATLAS_E2E_APP", ROOT / "app.py")).resolve()
    port = free_port()
    log = folder / "server.log"
    env = {**os.environ, "ATLAS_STORE": str(store)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable, str(ROOT / "launch.py"), str(script),
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.enableStaticServing", "true",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=script.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
    except BaseException:
        stop(process)
        raise
    return url, process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a store of its own (empty: the first page loads the demo articles into it);
    yield its base URL."""
    folder = tmp_path_factory.mktemp("streamlit")
    url, process = start_app(folder, folder / "store" / "atlas.gpkg")
    try:
        yield url
    finally:
        stop(process)


def synthetic_store(path: Path, count: int = 20_000, per_article: int = 10) -> None:
    """A GeoPackage store of ``count`` synthetic features (places, events, figures) from
    ``count / per_article`` articles over 300 days, at 600 towns of northwest Syria."""
    from extract.records import Document
    from geo.features import features_from_records
    from geo.store import open_store

    rng = random.Random(14)
    towns = [
        (f"Town {i}", 35.5 + 2.5 * rng.random(), 35.0 + 1.8 * rng.random()) for i in range(600)
    ]
    events = [("capture", "government_regains_territory"), ("attack", "shelling"),
              ("attack", "airstrike"), ("attack", "armed_clash"), ("control", "base_established"),
              ("attack", "explosive")]  # fmt: skip
    documents, rows = [], []
    for number in range(count // per_article):
        day = date(2019, 6, 1) + timedelta(days=rng.randrange(300))
        text = f"Synthetic dispatch {number} on fighting and displacement around several towns."
        doc_id = hashlib.sha1(text.encode()).hexdigest()[:16]
        documents.append(Document(doc_id, text, f"Dispatch {number}", "", day, "synthetic desk"))
        for sentence in range(per_article):
            name, lon, lat = rng.choice(towns)
            kind = rng.choices(["place", "event", "figure"], [6, 3, 1])[0]
            row = {"kind": kind, "name": name, "lon": lon, "lat": lat, "start": day, "end": day,
                   "doc_id": doc_id, "title": f"Dispatch {number}", "published": day,
                   "source": "synthetic desk", "geo_precision": 1, "time_precision": 1,
                   "quote": f"Sentence {sentence} of dispatch {number}, about {name}."}  # fmt: skip
            if kind == "event":
                category, subtype = rng.choice(events)
                actor = rng.choice(["government", "rebels", "turkey", "russia"])
                row.update(category=category, subtype=subtype, actor=actor, status="reported")
            elif kind == "figure":
                row.update(category=rng.choice(["displaced", "killed"]), qualifier="about",
                           value=rng.choice([5, 40, 300, 2500, 18000]))  # fmt: skip
            else:
                row["mentions"] = rng.randint(1, 5)
            rows.append(row)
    with open_store(str(path)) as store:
        store.add(documents, features_from_records(rows))


@pytest.fixture(scope="session")
def big_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a store of 20,000 synthetic features."""
    folder = tmp_path_factory.mktemp("streamlit-20k")
    store = folder / "store" / "atlas.gpkg"
    store.parent.mkdir()
    synthetic_store(store)
    url, process = start_app(folder, store)
    try:
        yield url
    finally:
        stop(process)


MEASURED: dict[str, float] = {}
"""Timings the tests measured in this run (seconds), for the summary at the end."""


@pytest.fixture(scope="session")
def timings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, float]]:
    """Where tests record what they time (seconds); written to timings.json in pytest's
    temporary folder, and listed at the end of the run's output."""
    yield MEASURED
    if MEASURED:
        path = tmp_path_factory.getbasetemp() / "timings.json"
        path.write_text(json.dumps(MEASURED, indent=2), encoding="utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The timings measured, as a line of the test output (not asserted: the machine varies)."""
    if MEASURED:
        shown = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in MEASURED.items())
        terminalreporter.write_line(f"map timings (not asserted): {shown}")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, launched by Playwright (which cannot download its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OfflinePage:
    """A page (and any other page of its browser context) whose requests to other hosts fail
    (see CHROMIUM_ARGS) and are listed in ``blocked``."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        self.blocked: list[str] = []
        self.context.on("request", lambda request: self._record(request.url))
        self.context.on("page", self._watch_sockets)
        self.page = self.context.new_page()

    def _watch_sockets(self, page: object) -> None:
        page.on("websocket", lambda socket: self._record(socket.url))  # type: ignore[attr-defined]

    def _record(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.blocked.append(url)


@pytest.fixture
def offline_page(browser: object) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.context.close()


@pytest.fixture
def another_offline_page(browser: object) -> Iterator[OfflinePage]:
    """A page of a second browser context: another visitor, whose cache is empty."""
    page = OfflinePage(browser)
    yield page
    page.context.close()
