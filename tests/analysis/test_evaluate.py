import json
import subprocess
import sys

import pytest

from analysis.evaluate import evaluate, format_rows, pairs, same_name, same_quote, set_name
from tests.conftest import GOLD, SHARED, needs_shared

# Floors: the figures reached on each set, less one item's worth (a drop below one fails). Raise them when the
# figures rise. Reached (main with the quotes and troops branches): seeds all 1.000 but quote F1 0.990 and speaker
# 0.980; dev quote F1 0.995, speaker 0.971, troop F1 1.000, qualifier 1.000, owner 0.923, claimant 0.974, people 1.000.
FLOORS = {
    "seeds": {
        "quote_f1": 0.98,
        "speaker_accuracy": 0.96,
        "troop_f1": 1.0,
        "troop_qualifier_acc": 1.0,
        "troop_owner_acc": 1.0,
        "troop_claimant_acc": 1.0,
        "people_mention_count_exact": 0.95,
        "dates_right": 1.0,
    },
    "dev": {
        "quote_f1": 0.99,
        "speaker_accuracy": 0.96,
        "troop_f1": 0.97,
        "troop_qualifier_acc": 0.97,
        "troop_owner_acc": 0.89,
        "troop_claimant_acc": 0.94,
        "people_mention_count_exact": 0.98,
        "dates_right": 1.0,
    },
    # the own set (tests/gold): tune quote F1 0.959, speaker 0.852, people 0.962 / 0.974; report 0.964, 0.718,
    # 0.909 / 0.917 (issue 21's work raises them)
    "wider-tune": {
        "quote_f1": 0.95,
        "speaker_accuracy": 0.84,
        "people_precision": 0.95,
        "people_recall": 0.96,
    },
    "wider-report": {
        "quote_f1": 0.95,
        "speaker_accuracy": 0.71,
        "people_precision": 0.90,
        "people_recall": 0.91,
    },
}


def below_floors(rows, floors=FLOORS):
    """(set, figure, value, floor) for every figure under its floor."""
    return [
        (name, k, figs[k], f)
        for name, figs in rows
        for k, f in floors.get(name, {}).items()
        if figs[k] < f - 1e-9
    ]


@pytest.mark.parametrize(
    "gold, pred, expected",
    [
        ("We want peace,", "We want peace,", True),
        ("We want peace", "“We want peace,”", True),
        ("We want peace and quiet in the region", "peace", False),
        ("", "anything", False),
    ],
)
def test_same_quote(gold, pred, expected):
    assert same_quote(gold, pred) is expected


@pytest.mark.parametrize(
    "gold, pred, expected",
    [
        (["Sergei Lavrov"], "Sergei Lavrov", True),
        (["Sergei Lavrov"], "Lavrov", True),
        (["Mark Rollins", "Mark Tanner"], "Mark Rollins and Mark Tanner", True),
        (["(article)"], "", True),
        (["Russia"], "", False),
        (["Russia"], None, False),
    ],
)
def test_same_name(gold, pred, expected):
    assert same_name(gold, pred) is expected


def test_pairs_take_a_source_after_each_gold(tmp_path):
    a, b = tmp_path / "seeds.gold.json", tmp_path / "dev.gold.json"
    for p in (a, b):
        p.write_text(json.dumps({"articles": []}))
    assert pairs([str(a), "OUT", str(b)]) == [(str(a), "OUT"), (str(b), None)]
    with pytest.raises(ValueError):
        pairs(["OUT"])
    assert set_name(a) == "seeds" and set_name(b) == "dev"


def test_floor_check_reports_a_drop():
    rows = [("dev", {**{k: 1.0 for k in FLOORS["dev"]}, "speaker_accuracy": 0.5})]
    assert below_floors(rows) == [("dev", "speaker_accuracy", 0.5, FLOORS["dev"]["speaker_accuracy"])]


def test_evaluate_command_prints_one_row_per_set(sample_out):
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", str(GOLD), str(sample_out)],
        capture_output=True,
        text=True,
        check=True,
    )
    head, row = proc.stdout.splitlines()
    figs = dict(zip(head.split(), row.split(), strict=True))
    assert figs["set"] == "seeds"
    assert float(figs["quote_f1"]) >= 0.97 and float(figs["speaker"]) >= 0.95


def test_evaluate_command_explains_a_missing_folder(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", str(GOLD), str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "nope" in proc.stderr


@needs_shared
def test_seeds_and_dev_stay_above_their_floors():
    rows = evaluate(
        [
            str(SHARED / "gold" / "seeds.gold.json"),
            str(SHARED / "seeds"),
            str(SHARED / "gold" / "dev.gold.json"),
        ]
    )
    print(format_rows(rows))
    assert [name for name, _ in rows] == ["seeds", "dev"]
    assert below_floors(rows) == []


@needs_shared
def test_own_annotated_halves_stay_above_their_floors(tmp_path):
    """The own set's texts are rebuilt from ../shared (scripts/gold_texts.py), checked against their SHA-1."""
    root = GOLD.parent.parent
    texts = tmp_path / "wider.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "gold_texts.py"),
            "--shared",
            str(SHARED),
            "--out",
            str(texts),
        ],
        check=True,
    )
    halves = [root / "tests" / "gold" / f"wider-{h}.gold.json" for h in ("tune", "report")]
    rows = evaluate([str(halves[0]), str(texts), str(halves[1]), str(texts)])
    print(format_rows(rows))
    assert [name for name, _ in rows] == ["wider-tune", "wider-report"]
    assert below_floors(rows) == []
