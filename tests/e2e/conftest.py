"""Browser tests: the Streamlit app on a free port, driven by Debian's chromium through Playwright.

Every request to a host other than localhost is aborted and recorded, so a test fails the way
the app would on a machine with no internet. Set ATLAS_E2E_APP to run another script (its folder
must hold static/ and .streamlit/ like the project's root). The app writes to a GeoPackage in a
temporary folder (ATLAS_STORE), never to the data folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `streamlit run app.py` headless on a free port, on a store of its own (empty: the
    first page loads the demo articles into it); yield its base URL."""
    script = Path(os.environ.get("ATLAS_E2E_APP", ROOT / "app.py")).resolve()
    port = free_port()
    folder = tmp_path_factory.mktemp("streamlit")
    log = folder / "server.log"
    env = {**os.environ, "ATLAS_STORE": str(folder / "store" / "atlas.gpkg")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(script),
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
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, launched by Playwright (which cannot download its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OfflinePage:
    """A page whose requests to other hosts are aborted and listed in ``blocked``."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]


@pytest.fixture
def offline_page(browser: object) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.context.close()
