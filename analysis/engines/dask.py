"""The Dask engine: the same two tasks on a Dask cluster (a LocalCluster, or ``--scheduler ADDRESS``).

The settings are scattered to the workers once; each task reads its shard or staged part and writes
its part files itself, so with a remote scheduler the output folder must be on storage the workers
share. The per-article time budget holds in Dask's worker threads too (``extract.Budget``: a timer that
interrupts the task's thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..extract import Settings
from ..shards import Shard
from .work import ExtractPlan, ExtractSummary, PartSummary, extract_part, parse_shard


class DaskEngine:
    name = "dask"

    def __init__(self, workers: int = 0, scheduler: str | None = None):
        self.workers = workers or 2
        self.scheduler = scheduler
        self._client = self._cluster = None

    def __enter__(self) -> DaskEngine:
        from dask.distributed import Client, LocalCluster

        if self.scheduler:
            self._client = Client(self.scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def _map(self, fn, tasks: Sequence, settings: Settings, stage: Path, key: str) -> Iterator:
        if not tasks:
            return
        s = self._client.scatter(settings, broadcast=True, hash=False)
        futures = [
            self._client.submit(fn, *t, s, str(stage), pure=False, key=f"{key}-{i}")
            for i, t in enumerate(tasks)
        ]
        try:
            for f in futures:
                yield f.result()
        finally:
            for f in futures:
                f.cancel()

    def parse(
        self,
        shards: Sequence[Shard],
        settings: Settings,
        stage: Path,
        on_item: Callable[[], None] | None = None,
    ) -> Iterator[list[PartSummary]]:
        import uuid

        yield from self._map(
            parse_shard, list(enumerate(shards)), settings, stage, f"parse-{uuid.uuid4().hex[:8]}"
        )

    def extract(
        self,
        plans: Sequence[ExtractPlan],
        settings: Settings,
        stage: Path,
        on_article: Callable[[], None] | None = None,
    ) -> Iterator[ExtractSummary]:
        import uuid

        yield from self._map(
            extract_part, [(p,) for p in plans], settings, stage, f"extract-{uuid.uuid4().hex[:8]}"
        )
