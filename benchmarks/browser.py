"""The dashboard in a real browser: ``streamlit run`` on a free port of 127.0.0.1, and Debian's Chromium driven
by Playwright.

One helper for the three places that do this: the end-to-end tests (``tests/dashboard/test_browser.py``), the
dashboard benchmark's browser probe (``benchmarks/dashboard.py``) and the README's screenshots
(``scripts/screenshots.py``). Test and measuring tooling, so not in the ``dashboard`` package (which installs
without Playwright); ``benchmarks/`` is linted with the code and importable from the repository's root.

    with serve(folder) as server, chromium() as browser:
        page = browser.new_page()
        page.goto(server.url)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's chromium (apt-get install -y chromium)
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class ServerError(RuntimeError):
    """The Streamlit server did not answer its health check in time (the message ends with its log)."""


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    proc: subprocess.Popen  # the server's process (benchmarks/dashboard.py samples its memory)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve(folder: Path | None = None, timeout: float = 120) -> Iterator[Server]:
    """``streamlit run dashboard/app.py`` with ``WIREWATCH_DATA`` = ``folder`` (None: unset, the bundled
    sample), once it answers its health check; stopped on leaving. Raises ``ServerError`` when it is not
    healthy within ``timeout`` seconds or exits first."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("WIREWATCH_DATA", None)
    if folder:
        env["WIREWATCH_DATA"] = str(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a server that writes much never blocks
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APP),
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--server.headless=true",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise ServerError(f"streamlit did not become healthy on {url}: {tail}")
                time.sleep(0.5)
            yield Server(url, proc)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def chromium(executable: str = CHROMIUM):
    """Headless Chromium (``executable``, Debian's by default) launched through Playwright; closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
