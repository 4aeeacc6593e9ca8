from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"
GOLD = Path(__file__).resolve().parent / "seeds.gold.json"

needs_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason="../shared (corpora) is not present"
)


def run_killed(src: Path, out: Path, delay: float) -> None:
    """``wirewatch run SRC --out OUT`` (one worker) killed with SIGKILL ``delay`` seconds after its start."""
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            str(src),
            "--out",
            str(out),
            "--no-progress",
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """The sample corpus analysed once, written as Parquet."""
    from analysis.pipeline import Config, run

    out = tmp_path_factory.mktemp("sample-out")
    run([SAMPLE], out, "parquet", Config(workers=1, progress=False))
    return out


@pytest.fixture(scope="session")
def sample_tables(sample_out):
    from analysis.io import read_tables

    return read_tables(sample_out)


@pytest.fixture(scope="session")
def awkward_out(tmp_path_factory) -> Path:
    """A processed output folder holding every awkward case the dashboard must show (tests/dashboard_fixtures.py)."""
    from tests.dashboard_fixtures import write_awkward

    return write_awkward(tmp_path_factory.mktemp("awkward-out"))


WINDOW = SHARED / "corpus" / "ukraine_media_r2nery" / "articles_2021-11_to_2022-03.jsonl"


@pytest.fixture(scope="session")
def real_out(tmp_path_factory) -> Path:
    """Every 8th article of the r2nery window file (about 320, spread over the whole period), analysed once."""
    if not WINDOW.is_file():
        pytest.skip("../shared (the r2nery corpus) is not present")
    from analysis.pipeline import Config, run

    d = tmp_path_factory.mktemp("real-out")
    lines = WINDOW.read_text(encoding="utf-8").splitlines()[::8]
    (d / "window-sample.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run([d / "window-sample.jsonl"], d / "out", "parquet", Config(workers=1, progress=False))
    return d / "out"


@pytest.fixture(scope="session", autouse=True)
def dashboard_cache(tmp_path_factory):
    """The dashboard's denormalised tables (dashboard/dataset.py) go to this session's temporary folder."""
    import os

    path = tmp_path_factory.mktemp("wirewatch-cache")
    old = os.environ.get("WIREWATCH_CACHE")
    os.environ["WIREWATCH_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("WIREWATCH_CACHE", None)
    else:
        os.environ["WIREWATCH_CACHE"] = old
