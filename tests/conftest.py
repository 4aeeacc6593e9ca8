from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"
GOLD = Path(__file__).resolve().parent / "seeds.gold.json"

needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared (corpora) is not present")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


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
