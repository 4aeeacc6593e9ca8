"""What a newcomer runs first (issue 23, item 4): the README's set-up and command lines, and the folders the
tests and scripts read. No Streamlit here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 3)
    return README[start : end if end > 0 else None]


def _code_blocks(text: str) -> list[str]:
    """The indented code blocks of a Markdown text, each as its lines joined."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("    ") and not line.startswith("    *"):
            current.append(line.strip())
        elif current and line.strip():
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _commands() -> list[str]:
    """Every command the README shows: code block lines and inline code."""
    inline = re.findall(r"`([^`\n]+)`", README)
    return [ln for b in _code_blocks(README) for ln in b.splitlines()] + inline


def test_every_streamlit_command_binds_127_0_0_1():
    runs = [c for c in _commands() if re.search(r"\bstreamlit run dashboard/app\.py", c)]
    assert runs and all("--server.address 127.0.0.1" in c for c in runs), runs


def test_every_analysis_command_names_the_venv():
    plain = [
        c
        for c in _commands()
        if re.search(r"(?<!\.venv/bin/)\b(python -m analysis|wirewatch run) ", c)
        and not c.startswith("wirewatch run` ")
    ]
    assert not plain, plain
    assert "source .venv/bin/activate" in _section("Set-up (Python 3.11, from a fresh clone)")


def test_the_tests_run_before_the_app_in_one_terminal():
    """Install, test, then start the app: the set-up never asks for a second terminal while the app runs."""
    lines = [
        ln
        for b in _code_blocks(_section("Set-up (Python 3.11, from a fresh clone)"))
        for ln in b.splitlines()
    ]
    starts = [i for i, ln in enumerate(lines) if "streamlit run" in ln]
    checks = [i for i, ln in enumerate(lines) if "scripts/check" in ln]
    assert starts == [len(lines) - 1] and checks and max(checks) < starts[0], lines
    assert "&&" not in lines[starts[0]]  # the app's start is a command of its own


def test_no_test_or_script_defaults_to_a_folder_outside_the_repository():
    # a module's folder constant that is an absolute path (a Path of "/work/runs/window"), or an absolute path as
    # the fallback of an environment setting (its get(...) or "/work/...")
    fixed = re.compile(r"""^[A-Z_]+\s*=\s*Path\(\s*["']/|environ\.get\([^)]*\)\s*or\s*(Path\()?["']/""")
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for folder in ("tests", "scripts")
        for p in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if fixed.search(line)
    ]
    assert not found, found


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WIREWATCH_DATA", "WIREWATCH_WINDOW_OUT")}
    return env | {"PYTHONPATH": str(ROOT)} | extra


def test_the_whole_window_test_takes_its_folder_or_says_how_to_give_it():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/dashboard/test_aggregates.py",
            "-k",
            "whole_window",
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "1 skipped" in out.stdout and "WIREWATCH_WINDOW_OUT" in out.stdout, out.stdout[-2000:]


def test_screenshots_take_the_folder_or_say_how_to_give_it(tmp_path):
    out = subprocess.run(
        [sys.executable, "scripts/screenshots.py"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "WIREWATCH_DATA" in out.stderr and "/work" not in out.stderr, out.stderr
    out = subprocess.run(
        [sys.executable, "scripts/screenshots.py", str(tmp_path)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and f"no processed output in {tmp_path}" in out.stderr, out.stderr
