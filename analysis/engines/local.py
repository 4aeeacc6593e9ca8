"""The local engine: the tasks in this process (one worker), or on a pool of processes.

Each task gets a shard (or a staged part) and the read-only settings, reads and writes its own files,
and returns a small summary: nothing but the summaries crosses between processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..extract import Settings
from ..shards import Shard
from .work import ExtractPlan, ExtractSummary, PartSummary, extract_part, parse_shard


class LocalEngine:
    name = "local"

    def __init__(self, workers: int = 0):
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _pool_for(self, n_tasks: int) -> ProcessPoolExecutor | None:
        if self.workers <= 1 or n_tasks < 2:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers)
        return self._pool

    def parse(
        self,
        shards: Sequence[Shard],
        settings: Settings,
        stage: Path,
        on_item: Callable[[], None] | None = None,
    ) -> Iterator[list[PartSummary]]:
        """Staged parts of each shard, in shard order."""
        pool = self._pool_for(len(shards))
        if pool is None:
            for i, s in enumerate(shards):
                yield parse_shard(i, s, settings, stage, on_item)
            return
        yield from pool.map(
            parse_shard, range(len(shards)), shards, [settings] * len(shards), [stage] * len(shards)
        )

    def extract(
        self,
        plans: Sequence[ExtractPlan],
        settings: Settings,
        stage: Path,
        on_article: Callable[[], None] | None = None,
    ) -> Iterator[ExtractSummary]:
        """Final parts of each staged part, in order."""
        pool = self._pool_for(len(plans))
        if pool is None:
            for p in plans:
                yield extract_part(p, settings, stage, on_article)
            return
        yield from pool.map(extract_part, plans, [settings] * len(plans), [stage] * len(plans))
