"""Sidebar helpers without Streamlit: the Filters record (defined with the Dataset) and the upload limit."""

from __future__ import annotations

from dashboard.dataset import Filters

__all__ = ["Filters", "upload_problem"]


def upload_problem(sizes: list[int], limit_mb: int) -> str | None:
    """Why an upload is refused (over the size limit), or None when it is accepted."""
    total = sum(sizes)
    if total > limit_mb * 1_000_000:
        return (f"The upload is {total / 1e6:.0f} MB; the limit is {limit_mb} MB. "
                "Run `wirewatch run` on your machine and load the output folder instead.")
    return None
