"""The dashboard under Streamlit's AppTest, opened the way every page test opens it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_app(folder, monkeypatch, **params) -> AppTest:
    """The app on a processed output folder (as the operator's WIREWATCH_DATA), with these URL parameters, run once."""
    monkeypatch.setenv("WIREWATCH_DATA", str(folder))
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()
