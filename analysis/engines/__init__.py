"""Engines: where the two tasks of ``work.py`` run.

``local.LocalEngine`` runs them in this process or on a process pool; ``dask.DaskEngine`` on a Dask
cluster. Both take the same shards and plans and write the same part files, so the driver
(``pipeline.py``) orchestrates them alike and the tables are the same whichever ran.
"""

from __future__ import annotations


def engine_for(name: str, workers: int = 0, scheduler: str | None = None):
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(workers, scheduler)
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (local or dask)")
    from .local import LocalEngine

    return LocalEngine(workers)
