"""Hosting (issue 10 #9): what Community Cloud, the Docker image and CI install is the pinned set the tests ran with."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return dict(line.split("==") for line in lines if "==" in line)


def test_the_lock_files_are_what_this_environment_writes():
    p = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lock"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert p.returncode == 0, p.stderr


def test_every_line_of_the_lock_is_an_exact_pin():
    for name in ("requirements.lock", "requirements-test.lock"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            assert (
                line.startswith("#")
                or line == "-r requirements.lock"
                or re.fullmatch(r"[a-z0-9._-]+==[\w.+-]+", line)
            ), line


@pytest.mark.parametrize("extra", [None, "dask", "test"])
def test_each_range_has_an_upper_bound_and_holds_the_pinned_version(extra):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [
        Requirement(r)
        for r in (project["dependencies"] if extra is None else project["optional-dependencies"][extra])
    ]
    pins = {**_pins("requirements.lock"), **_pins("requirements-test.lock")}
    for r in reqs:
        if r.name == "wirewatch":
            continue
        assert any(s.operator in ("<", "<=", "==", "~=") for s in r.specifier), f"{r} has no upper bound"
        assert r.specifier.contains(pins[re.sub(r"[-_.]+", "-", r.name).lower()]), r


def test_community_cloud_and_docker_install_the_lock_and_docker_runs_unprivileged():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == ["-r requirements.lock", "-e ."]
    for other in (
        "uv.lock",
        "Pipfile",
        "environment.yml",
        "dashboard/requirements.txt",
    ):  # Community Cloud prefers these
        assert not (ROOT / other).exists(), other
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    steps = [line.split()[0] for line in docker if line and not line.startswith((" ", "#"))]
    assert "RUN pip install -r requirements.lock" in docker and "RUN pip install --no-deps -e ." in docker
    users = [line.split()[1] for line in docker if line.startswith("USER ")]
    assert (
        users
        and users[-1] not in ("root", "0")
        and steps.index("USER") > max(i for i, s in enumerate(steps) if s == "RUN")
    )
    assert steps[-1] == "CMD"
