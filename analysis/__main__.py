"""Command line: ``python -m analysis run IN... --out DIR`` (also installed as ``wirewatch``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .io import ReadOptions
from .schemas import WARNING

REJECTS_SHOWN = 20  # rejects printed to the terminal; the rejects table holds them all


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wirewatch", description="How the news covers a crisis: actors, troop figures, quotes."
    )
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="analyse articles and write the tables")
    r.add_argument(
        "inputs",
        nargs="+",
        metavar="IN",
        help="files, folders (recursive), .zip archives, saved web pages, URL lists (.txt, or a table with "
        "a url column and no text column)",
    )
    r.add_argument("--out", required=True, help="output folder for the tables")
    r.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    r.add_argument("--actors", help="an actors CSV that extends the built-in list")
    r.add_argument("--replace-actors", action="store_true", help="use --actors instead of the built-in list")
    r.add_argument(
        "--no-metonyms",
        action="store_true",
        help="do not count Moscow, Kremlin, Kyiv, Washington as countries",
    )
    r.add_argument("--workers", type=count, default=0, help="processes (default: all cores)")
    r.add_argument("--strict", action="store_true", help="exit non-zero if any input was rejected")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local process pool (default) or a Dask cluster",
    )
    r.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    r.add_argument(
        "--full", action="store_true", help="analyse every article again, even those the output folder has"
    )
    r.add_argument(
        "--cache", metavar="DIR", help="where fetched pages are kept between runs (default: OUT/_fetch_cache)"
    )
    r.add_argument("--no-fetch", action="store_true", help="refuse URL lists instead of fetching them")
    r.add_argument(
        "--budget",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="time limit per article (default 60; 0: none); an article over it is kept without metrics",
    )
    r.add_argument(
        "--wait", action="store_true", help="wait for another run writing to --out instead of stopping"
    )
    for role in ("text", "title", "date", "url", "outlet", "id"):
        r.add_argument(f"--{role}-col", help=f"column holding the {role} in table inputs")
    e = sub.add_parser(
        "evaluate", help="score against gold files, one row per set: GOLD [OUT or ARTICLES] ..."
    )
    e.add_argument(
        "sets",
        nargs="+",
        metavar="GOLD [SOURCE]",
        help="a gold JSON file, then optionally an output folder or the articles to analyse "
        "(default: the texts the gold file names)",
    )
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def seconds(text: str) -> float:
    """An option's number of seconds: finite, 0 or more (argparse turns the error into a usage error, exit 2)."""
    from .extract import check_budget  # (the extractors load only when a run needs them)

    try:
        return check_budget(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds (0 or more; 0: none)"
        ) from None


def count(text: str) -> int:
    """An option's count: a whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, 0 or more")
    return n


def fetch_options(args: argparse.Namespace):
    """How URL lists are fetched (None with --no-fetch: they are refused)."""
    from .fetch import FetchOptions

    if args.no_fetch:
        return None
    return FetchOptions(
        cache_dir=args.cache or str(Path(args.out) / "_fetch_cache"),
        progress=False if args.no_progress else None,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "evaluate":
        from .evaluate import main as evaluate_main

        return evaluate_main([*args.sets, *(["--json"] if args.json else [])])
    from .extract import BUDGET_S
    from .output import OutputError
    from .pipeline import Config, run

    cols = {
        role: getattr(args, f"{role}_col")
        for role in ("text", "title", "date", "url", "outlet", "id")
        if getattr(args, f"{role}_col")
    }
    if args.actors and not Path(args.actors).is_file():
        print(f"wirewatch: actors file {args.actors} not found", file=sys.stderr)
        return 2
    cfg = Config(
        actors_file=args.actors,
        actors_mode="replace" if args.replace_actors else "extend",
        metonyms=not args.no_metonyms,
        workers=args.workers,
        read=ReadOptions(columns=cols, fetch=fetch_options(args)),
        progress=False if args.no_progress else None,
        engine=args.engine,
        scheduler=args.scheduler,
        incremental=not args.full,
        budget_s=BUDGET_S if args.budget is None else args.budget,
        wait=args.wait,
    )
    try:
        result = run(args.inputs, args.out, args.format, cfg)
    except OutputError as e:
        print(f"wirewatch: {e}", file=sys.stderr)
        return 2
    c = result.counts
    rejects = result.rejects if c["rejects"] else []
    warned = sum(rej.kind == "warning" for rej in rejects)  # read, with a repair noted
    n, r = c["articles"], c["rejects"] - warned
    for rej in rejects[:REJECTS_SHOWN]:
        warning = rej.kind == "warning"
        reason = rej.reason.removeprefix(WARNING) if warning else rej.reason
        print(f"{'warning' if warning else 'rejected'} {rej.source}: {reason}", file=sys.stderr)
    if len(rejects) > REJECTS_SHOWN:
        print(f"... and {len(rejects) - REJECTS_SHOWN} more rows (see rejects table)", file=sys.stderr)
    print(
        f"wirewatch: {n} articles read ({result.copies} syndicated copies, {result.exact_duplicates} exact repeats, "
        f"{result.reused} reused from the previous run), "
        f"{r} rejected, {warned} warnings, {c['quotes']} quotes, {c['troops']} troop figures, "
        f"{c['mentions']} mentions in {result.seconds:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    if n == 0 or (args.strict and r):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
