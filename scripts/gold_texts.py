"""Write the texts of the project's own annotated sets (``tests/gold/*.gold.json``) from ``../shared``.

The gold files store ids, offsets and labels only: the article texts are the publishers' and are never
committed. This script rebuilds them, deterministically, into ``.gold-texts/wider.jsonl`` (git-ignored),
the file the gold files' ``texts`` field names:

- ``r2n-*``: the r2nery corpus's ``text`` as stored (both files);
- ``nyt-*`` / ``gdn-*``: the Kaggle NYT/Guardian file's ``text``;
- ``rdb-<page>``: the reference main content of a saved page (``readability_news/<page>/expected.html``),
  one paragraph a line: the text of each innermost block element (p, h1-h6, li, blockquote, pre,
  figcaption, td, dd, dt) with its white space collapsed. Saved pages are annotated on this text, not on
  what the page extractor makes of ``source.html``, so a change of extractor cannot move an offset.

Every text is checked against the ``sha1`` the gold file records for it.

usage: python scripts/gold_texts.py [--shared ../shared] [--out .gold-texts/wider.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "dd", "dt"}
CORPUS_FILES = (
    "corpus/ukraine_media_r2nery/articles_2021-11_to_2022-03.jsonl",
    "corpus/ukraine_media_r2nery/articles_outside_window.jsonl",
    "corpus/nyt_guardian_kaggle_hskhawaja/articles_normalized.jsonl",
)


def page_text(html: str) -> str:
    """One line per innermost block element of ``html``, white space collapsed, empty blocks left out."""
    import lxml.html

    root = lxml.html.fromstring(html)
    lines = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in BLOCKS for d in el.iterdescendants()):
            continue
        line = re.sub(r"\s+", " ", el.text_content()).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def all_texts(shared: Path) -> dict[str, dict]:
    """Every article the sets may name: id -> {id, text, date, outlet, title}."""
    out: dict[str, dict] = {}
    for rel in CORPUS_FILES:
        path = shared / rel
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out[r["id"]] = {k: r.get(k) for k in ("id", "text", "date", "outlet", "title")}
    pages = shared / "corpus/readability_news"
    for page in sorted(p for p in pages.glob("*/expected.html")):
        meta_path = page.parent / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        rid = f"rdb-{page.parent.name}"
        out[rid] = {
            "id": rid,
            "text": page_text(page.read_text(encoding="utf-8")),
            "date": (meta.get("publishedTime") or "")[:10] or None,
            "outlet": meta.get("siteName"),
            "title": meta.get("title"),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / ".gold-texts" / "wider.jsonl"))
    ap.add_argument("--ids", nargs="*", help="only these ids (default: every id of tests/gold/*.gold.json)")
    args = ap.parse_args(argv)
    texts = all_texts(Path(args.shared))
    want: dict[str, str | None] = {i: None for i in args.ids or []}
    if not args.ids:
        for gold in sorted((ROOT / "tests" / "gold").glob("*.gold.json")):
            for a in json.loads(gold.read_text(encoding="utf-8"))["articles"]:
                want[a["id"]] = a.get("sha1")
    missing = [i for i in want if i not in texts]
    if missing:
        print(f"gold_texts: {len(missing)} ids not in {args.shared}: {missing[:5]}", file=sys.stderr)
        return 1
    bad = [i for i, h in want.items() if h and sha1(texts[i]["text"]) != h]
    if bad:
        print(f"gold_texts: {len(bad)} texts differ from their annotated sha1: {bad[:5]}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as w:
        for i in want:
            w.write(json.dumps(texts[i], ensure_ascii=False) + "\n")
    print(f"gold_texts: {len(want)} texts -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
