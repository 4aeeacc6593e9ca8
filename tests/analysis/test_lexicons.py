"""The lexicons in analysis/resources/: each loads, is clean, is described in the README, and none is read at import."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import lexicons

RESOURCES = Path(lexicons.__file__).parent / "resources"
FILES = sorted(p.name for p in RESOURCES.iterdir() if p.is_file() and p.suffix in (".txt", ".csv"))
README_ROWS = re.findall(r"^\| `([^`]+)` \|", (RESOURCES / "README.md").read_text(encoding="utf-8"), re.M)


def test_there_are_resources():
    assert len(FILES) >= 24


@pytest.mark.parametrize("name", FILES)
def test_each_resource_loads_with_no_blank_line_or_duplicate(name):
    raw = lexicons.text(name).splitlines()
    assert raw, name
    assert [n for n, ln in enumerate(raw, 1) if not ln.strip()] == []  # blank lines
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(lexicons.text(name))))
        assert len(rows) > 1
        keys = [r[0] for r in rows[1:]]
    else:
        keys = list(lexicons.lines(name))
        assert keys
    assert sorted({k for k in keys if keys.count(k) > 1}) == []  # duplicates


@pytest.mark.parametrize("name", FILES)
def test_each_resource_has_a_readme_row(name):
    assert name in README_ROWS


def test_each_readme_row_names_a_resource():
    assert sorted(set(README_ROWS) - set(FILES)) == []


@pytest.mark.parametrize(
    ("name", "entry"),
    [
        ("abbreviations.txt", "u.s"),
        ("quote_anchors.txt", "whether"),
        ("first_person.txt", "I’m"),
        ("speaker_titles.txt", "Gov"),
        ("not_surnames.txt", "Officials"),
        ("np_words.txt", "deputy"),
        ("casualty_words.txt", "taken prisoner"),
        ("deploy_words.txt", "pulled back"),
        ("photo_agencies.txt", "Getty Images"),
    ],
)
def test_moved_lexicons_hold_their_entries(name, entry):
    assert entry in lexicons.words(name)


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("photo_agencies.txt", "JOHN SMITH/Anadolu Agency", "Anadolu Agency"),
        ("speaker_titles.txt", "said Governor Hochul", "Governor"),
        ("first_person.txt", "Im sure", "Im"),
    ],
)
def test_alternation_matches_entries_literally(name, text, found):
    assert re.search(rf"\b(?:{lexicons.alternation(name)})\b", text).group() == found


def test_a_two_column_list_reads_as_key_and_entry():
    assert lexicons.table("troop_qualifiers.txt")[:2] == (("at_least", "more than"), ("at_least", "over"))
    assert ("approx", "approx.") in lexicons.table("troop_qualifiers.txt")


# Imports every module of analysis/ with the resource readers watched; then, as a control that the watch works,
# reads one lexicon and checks that read is seen.
_WATCH = r"""
import builtins, importlib, importlib.resources, io, pathlib, pkgutil, sys
reads = []
real_files, real_open, real_read = importlib.resources.files, builtins.open, pathlib.Path.read_text
def files(pkg, *a, **k):
    reads.append(str(pkg))
    return real_files(pkg, *a, **k)
def opener(f, *a, **k):
    if "resources" in str(f):
        reads.append(str(f))
    return real_open(f, *a, **k)
def read_text(self, *a, **k):
    if "resources" in str(self):
        reads.append(str(self))
    return real_read(self, *a, **k)
importlib.resources.files, builtins.open, io.open, pathlib.Path.read_text = files, opener, opener, read_text
import analysis
names = [m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.") if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
print(len(names), "modules", reads)
from analysis import lexicons
lexicons.words("abbreviations.txt")
print("control", reads)
"""


def test_no_resource_is_read_at_import_time():
    out = subprocess.run(
        [sys.executable, "-c", _WATCH], capture_output=True, text=True, timeout=300, check=True
    ).stdout
    imported, control = out.splitlines()[-2:]
    assert int(imported.split()[0]) > 20
    assert imported.endswith("modules []"), imported
    assert "analysis.resources" in control  # the watch sees a read when there is one


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("tail", "said|says|added|wrote|tweeted|stated|continued|explained|insisted|warned"),
        ("narration_sentence", "said|says|underscored|stressed|told|added|warned"),
        ("narration", "said|says|told|added|shared|wrote|posted|tweeted"),
        ("tight_tail", "said|says|added|wrote|tweeted|told"),
        ("tight_tail_end", "said|says|added|wrote|writes|tweeted|reads|states|stated"),
    ],
)
def test_named_verb_sets_come_from_reporting_verbs(name, forms):
    from analysis.attribution import verb_set

    assert verb_set(name) == forms


def test_a_named_verb_set_is_not_a_reporting_verb():
    from analysis.attribution import reporting_verbs, verb_set

    assert not {f for f in reporting_verbs() if f.startswith("@")}
    with pytest.raises(KeyError):
        verb_set("no_such_set")
