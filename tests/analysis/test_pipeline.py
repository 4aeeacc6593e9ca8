import subprocess
import sys

import pandas as pd

from analysis.evaluate import score
from analysis.schemas import SCHEMAS
from tests.conftest import GOLD, SAMPLE


def test_sample_tables_follow_contract(sample_tables):
    for name, cols in SCHEMAS.items():
        assert list(sample_tables[name].columns[: len(cols)]) == list(cols)
    arts = sample_tables["articles"]
    assert len(arts) == 5 and arts["article_id"].is_unique
    assert (
        dict(zip(arts["source"].str.rsplit("/", n=1).str[-1], arts["date_source"], strict=True))[
            "004_ffce716179b1a6a6.txt"
        ]
        == "inferred"
    )


def test_offsets_point_at_surfaces(sample_tables):
    texts = dict(zip(sample_tables["articles"]["article_id"], sample_tables["articles"]["text"], strict=True))
    for name, col in (("mentions", "surface"), ("troops", "surface"), ("quotes", "text")):
        for r in sample_tables[name].itertuples():
            assert texts[r.article_id][r.start : r.end] == getattr(r, col)


def test_sample_scores(sample_out):
    figs = score(GOLD, sample_out)
    assert figs["articles_found"] == 1.0
    assert figs["dates_right"] == 1.0
    assert figs["troop_f1"] == 1.0
    assert figs["troop_qualifier_acc"] == figs["troop_owner_acc"] == figs["troop_claimant_acc"] == 1.0
    assert figs["people_mention_count_exact"] >= 0.95


def test_same_input_twice_is_one_article(tmp_path):
    from analysis.pipeline import Config, analyse

    res = analyse([SAMPLE, SAMPLE / "000_94eda27ce82fadf4.txt"], Config(workers=1, progress=False))
    assert len(res.articles) == 5 and res.exact_duplicates == 1


def test_cli_writes_tables_and_summary(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            str(SAMPLE),
            str(tmp_path / "nope.txt"),
            "--out",
            str(out),
            "--format",
            "csv",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "5 articles read" in proc.stderr and "1 rejected" in proc.stderr
    rejects = pd.read_csv(out / "rejects.csv")
    assert rejects["reason"].tolist() == ["no such file or folder"]
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "run", str(tmp_path / "nope.txt"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1


def test_progress_callback_counts_every_article():
    from analysis.pipeline import Config, analyse

    seen = []
    analyse([SAMPLE], Config(workers=1, progress=False), on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_the_reuse_fingerprint_covers_every_module_of_every_subpackage(tmp_path):
    import shutil
    from pathlib import Path

    import analysis
    from analysis.pipeline import Config, fingerprint

    root = tmp_path / "analysis"
    shutil.copytree(Path(analysis.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    cfg = Config(progress=False)
    before = fingerprint(cfg, root)
    (root / "__pycache__").mkdir(exist_ok=True)
    (root / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert fingerprint(cfg, root) == before  # compiled files are not code that changed
    with (root / "attribution" / "speakers.py").open("a") as fh:
        fh.write("\n# a change in a subpackage\n")
    assert fingerprint(cfg, root) != before
