"""The Dask engine: the same per-article functions on a Dask cluster, through partitioned Parquet.

The driver writes the articles to be analysed as a partitioned Parquet dataset; each task reads one
partition, runs ``analyse_article`` on every row and writes its mentions, troops and quotes as one
Parquet file per table; the driver reads the three partitioned datasets back. With a remote
scheduler (``--scheduler tcp://host:8786``) the output folder must be on storage the workers share.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .schemas import Article, Reject, to_frame

PARTITION_ROWS = 500
TABLES = ("mentions", "troops", "quotes")


def process_partition(src: str, dest: str, part: int, actors_file: str | None, actors_mode: str,
                      metonyms: bool) -> list[tuple[str, str]]:
    """Analyse one Parquet partition of articles; write one Parquet file per table. Returns the failures."""
    from . import actors as actors_mod
    from .pipeline import analyse_article
    from .schemas import conform

    lexicon = actors_mod.load_actors(actors_file, actors_mode)
    arts = conform("articles", pd.read_parquet(src))
    rows: dict[str, list] = {t: [] for t in TABLES}
    errors = []
    for rec in arts.to_dict("records"):
        art = Article(**{k: (None if k == "duplicate_of" and pd.isna(v) else v) for k, v in rec.items()
                         if k in Article._fields})
        try:
            m, t, q = analyse_article(art, lexicon, metonyms)
        except Exception as e:  # reported like the local engine does
            errors.append((art.source, f"analysis failed ({type(e).__name__}: {e}); the article is kept without metrics"))
            continue
        rows["mentions"].extend(m)
        rows["troops"].extend(t)
        rows["quotes"].extend(q)
    for name in TABLES:
        d = Path(dest) / name
        d.mkdir(parents=True, exist_ok=True)
        to_frame(name, rows[name]).to_parquet(d / f"part-{part:05d}.parquet", index=False)
    return errors


def extract_dask(articles: Sequence[Article], cfg, out: Path | None) -> tuple[dict[str, pd.DataFrame], list[Reject]]:
    """Mentions, troops and quotes of ``articles`` computed on a Dask cluster."""
    from dask.distributed import Client, LocalCluster

    from .schemas import conform

    if not articles:
        return {name: to_frame(name, []) for name in TABLES}, []
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix=".wirewatch-dask-", dir=out))
    try:
        src = base / "articles"
        src.mkdir()
        frame = to_frame("articles", list(articles))
        paths = []
        for part, lo in enumerate(range(0, len(frame), PARTITION_ROWS)):
            p = src / f"part-{part:05d}.parquet"
            frame.iloc[lo:lo + PARTITION_ROWS].to_parquet(p, index=False)
            paths.append(str(p))
        cluster = None
        if cfg.scheduler:
            client = Client(cfg.scheduler)
        else:
            cluster = LocalCluster(n_workers=cfg.workers or 2, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            futures = [client.submit(process_partition, p, str(base / "out"), i, cfg.actors_file, cfg.actors_mode,
                                     cfg.metonyms, pure=False) for i, p in enumerate(paths)]
            errors = [Reject(s, r) for fut in futures for s, r in fut.result()]
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        frames = {name: conform(name, pd.read_parquet(base / "out" / name)) for name in TABLES}
        return frames, errors
    finally:
        shutil.rmtree(base, ignore_errors=True)
