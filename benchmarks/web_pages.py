"""Web pages benchmark: trafilatura's extraction, a run on saved pages against the same articles as text,
and fetching from a local server (politeness delay off, 2 requests per host).

usage:
    python benchmarks/web_pages.py [--copies 100] [--out benchmarks/results]

The pages are the sample articles in the three site templates of ``tests/make_html_samples.py``, each copy
with a distinct paragraph (so content ids differ); the text files are the same articles with the same
paragraph. Results are printed and saved as JSON.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' page templates; the package itself is installed

from tests.make_html_samples import RENDER, SAMPLE, TEMPLATES, read_sample  # noqa: E402


def _marker(i: int, j: int, t: str) -> str:
    return f"Reference {i}-{j}-{t}: this paragraph makes the copy distinct from the others."


def build_pages(copies: int, html_dir: Path, text_dir: Path) -> tuple[int, int]:
    """``copies`` x samples x templates pages and as many text files; their sizes in bytes."""
    html_dir.mkdir(parents=True, exist_ok=True)
    text_dir.mkdir(parents=True, exist_ok=True)
    html_bytes = text_bytes = 0
    samples = sorted(SAMPLE.glob("*.txt"))
    for i in range(copies):
        for j, path in enumerate(samples):
            for t in TEMPLATES:
                page = read_sample(path)
                data = RENDER[t](page._replace(paragraphs=[*page.paragraphs, _marker(i, j, t)])).encode(
                    "utf-8"
                )
                (html_dir / f"{i:04d}_{j}_{t}.html").write_bytes(data)
                text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + _marker(i, j, t) + "\n"
                (text_dir / f"{i:04d}_{j}_{t}.txt").write_text(text, encoding="utf-8")
                html_bytes += len(data)
                text_bytes += len(text.encode("utf-8"))
    return html_bytes, text_bytes


def bench_extraction(html_dir: Path, limit: int = 600) -> dict:
    from analysis.web import page_doc

    pages = [p.read_bytes() for p in sorted(html_dir.glob("*.html"))[:limit]]
    t0 = time.perf_counter()
    for data in pages:
        page_doc("x", data)
    s = time.perf_counter() - t0
    mb = sum(map(len, pages)) / 1e6
    return {
        "pages": len(pages),
        "seconds": round(s, 2),
        "pages_per_s": round(len(pages) / s, 1),
        "mb_per_s": round(mb / s, 2),
    }


def bench_run(inputs: list[str], out: Path, extra: tuple[str, ...] = ()) -> dict:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "run",
        *inputs,
        "--out",
        str(out),
        "--no-progress",
        "--full",
        *extra,
    ]
    s, peak, _ = bench.timed_command(cmd, cwd=ROOT)
    n = len(__import__("pandas").read_parquet(out / "articles.parquet", columns=["article_id"]))
    return {
        "articles": n,
        "seconds": round(s, 1),
        "articles_per_s": round(n / s, 1),
        "peak_gb": round(peak / 1e9, 2),
    }


def bench_fetch(html_dir: Path, tmp: Path, limit: int = 300) -> dict:
    """Fetch ``limit`` pages from a local http.server (no delay; 2 at a time), then the rerun from the cache."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        urls = tmp / "urls.txt"
        urls.write_text(
            "\n".join(base + p.name for p in sorted(html_dir.glob("*.html"))[:limit]), encoding="utf-8"
        )
        from analysis.fetch import FetchOptions
        from analysis.io import ReadOptions, iter_inputs

        out = {}
        for label in ("fetch", "rerun from cache"):
            opts = FetchOptions(cache_dir=tmp / "cache", delay=0.0, progress=False)
            t0 = time.perf_counter()
            n = sum(1 for _ in iter_inputs([urls], ReadOptions(fetch=opts)))
            s = time.perf_counter() - t0
            out[label] = {"pages": n, "seconds": round(s, 2), "pages_per_s": round(n / s, 1)}
        return out
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=100, help="copies of the 5 samples x 3 templates")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        html_bytes, text_bytes = build_pages(args.copies, tmp / "html", tmp / "txt")
        res = {
            "machine": f"{platform.machine()}, {platform.python_version()}",
            "copies": args.copies,
            "html_mb": round(html_bytes / 1e6, 1),
            "text_mb": round(text_bytes / 1e6, 1),
            "extraction (1 process)": bench_extraction(tmp / "html"),
            "run on saved pages": bench_run([str(tmp / "html")], tmp / "o-html"),
            "run on the text files": bench_run([str(tmp / "txt")], tmp / "o-txt"),
            "fetch from 127.0.0.1": bench_fetch(tmp / "html", tmp),
        }
    print(json.dumps(res, indent=2))
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "web_pages.json").write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
