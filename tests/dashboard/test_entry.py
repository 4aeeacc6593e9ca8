"""dashboard/app.py is a thin entry script (issue 23, item 4): it wires the sidebar to the views; upload hashing,
session caching, the folder policy and the error wording live in the modules named for them; the widget keys and
the day/week/month map are written once. No Streamlit is run here: the sources are read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
APP = DASHBOARD / "app.py"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_app_is_a_thin_entry_script():
    tree = _tree(APP)
    text = APP.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 80
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Try)], "error branches belong to their modules"
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"hashlib", "os", "dashboard.safety", "dashboard.uploads"}
    assert "session_state" not in text and "folder_policy" not in text
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert functions == ["main"]


def _dict_literals_keyed(keys: set[str]) -> list[str]:
    found = []
    for path in sorted(DASHBOARD.glob("*.py")):
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Dict)
                and {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                == keys
            ):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_the_day_week_month_map_is_written_once():
    assert _dict_literals_keyed({"D", "W", "M"}) == ["buckets.py:" + _line("buckets.py", "FREQS =")]


def _line(name: str, start: str) -> str:
    lines = (DASHBOARD / name).read_text(encoding="utf-8").splitlines()
    return str(next(i for i, ln in enumerate(lines, 1) if ln.startswith(start)))


def _bound_keys() -> list[tuple[str, object]]:
    """(file:line, key node) of every widget call bound to the URL (``bind="query-params"``)."""
    out = []
    for path in sorted(DASHBOARD.glob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and any(k.arg == "bind" for k in node.keywords):
                key = next((k.value for k in node.keywords if k.arg == "key"), None)
                out.append((f"{path.name}:{node.lineno}", key))
    return out


def test_every_url_bound_widget_takes_its_key_from_one_module():
    bound = _bound_keys()
    assert len(bound) >= 12
    literal = [where for where, key in bound if not isinstance(key, ast.Attribute | ast.Name)]
    assert not literal, literal  # keys.X, or a helper's parameter given keys.X
    assert sum(isinstance(k, ast.Attribute) and ast.unparse(k).startswith("keys.") for _, k in bound) >= 10


@pytest.mark.parametrize("name", ["filters.py", "views.py"])
def test_the_share_link_names_its_parameters_from_the_same_keys(name):
    text = (DASHBOARD / name).read_text(encoding="utf-8")
    assert "from dashboard import keys" in text or "from dashboard import" in text and " keys" in text
    for literal in (
        '"outlets"',
        '"polarity"',
        '"troops_of"',
        '"cov_as"',
        '"top_speakers"',
        '"freq"',
        '"tab"',
    ):
        assert f"({literal}," not in text and f"{literal}:" not in text, (name, literal)
