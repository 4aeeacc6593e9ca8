"""Score output tables against hand-checked answers (gold JSON files), one row per set.

``python -m analysis evaluate GOLD [SOURCE] [GOLD [SOURCE] ...]`` scores each gold
file and prints one row per set (named after the file: ``seeds``, ``dev``). SOURCE is
an output folder of ``analysis run``, or articles to analyse first (a file or
folder, analysed into a temporary folder); without it, the texts the gold file names
(its ``texts`` field, resolved from the gold file's parent's parent as the
reference scorer does, only the annotated ids) are analysed. ``--json`` prints the
figures as JSON instead.

The matching rules follow the project's reference scorer (``shared/gold/score.py``):
quotes match on normalised text (equal, one inside the other at >= 60 % of its length,
or word Jaccard >= 0.7), predicted quotes matching a gold ``non_quotes`` span are left
out of precision; names match on the full name or the surname; troop figures match
on value.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .io import read_table

COLUMNS = (
    ("articles", "articles_found"),
    ("quote_f1", "quote_f1"),
    ("quote_p", "quote_precision"),
    ("quote_r", "quote_recall"),
    ("speaker", "speaker_accuracy"),
    ("troop_f1", "troop_f1"),
    ("qualifier", "troop_qualifier_acc"),
    ("owner", "troop_owner_acc"),
    ("claimant", "troop_claimant_acc"),
    ("people", "people_mention_count_exact"),
    ("people_p", "people_precision"),
    ("people_r", "people_recall"),
    ("dates", "dates_right"),
)


def norm(s: object) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).lower().replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[^\w' ]+", " ", s).split())


def same_quote(gold: str, pred: str) -> bool:
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return False
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    if short in long_ and len(short) >= 0.6 * len(long_):
        return True
    gt, pt = set(g.split()), set(p.split())
    return len(gt & pt) / len(gt | pt) >= 0.7


def same_name(gold_names: list[str], pred: object) -> bool:
    p = norm(pred if isinstance(pred, str) else "")
    if "(article)" in gold_names and p in ("", "article", "unattributed", "none"):
        return True
    if not p:
        return False
    return any(p == norm(g) or p.split()[-1] == (norm(g).split() or [""])[-1] for g in gold_names)


def people_count(person: str, counts: dict[str, int], gold_people: Sequence[str]) -> int:
    """The mentions the output gives a gold person: its rows under exactly this name when there are any, else
    the rows of every name with the same surname that is not another gold person's exact name (relatives who
    share a surname are told apart by their full names), as the reference scorer counts them."""
    exact = [v for k, v in counts.items() if norm(k) == norm(person)]
    if exact:
        return sum(exact)
    others = {norm(a) for a in gold_people if a != person}
    return sum(v for k, v in counts.items() if same_name([person], k) and norm(k) not in others)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def texts_path(gold_path: str | Path) -> Path | None:
    """The texts file a gold file names (relative to the gold file's parent's parent), or None."""
    doc = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return Path(gold_path).resolve().parent.parent / doc["texts"] if doc.get("texts") else None


def load_gold(gold_path: str | Path, texts: str | Path | None = None) -> list[dict]:
    """The gold articles; those stored as offsets only (an ``id`` into a texts file) get their quote texts, from
    ``texts`` when given (a JSON Lines file of id and text), else from the file the gold names."""
    doc = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    gold = doc["articles"]
    ids = {g["id"] for g in gold if "id" in g}
    if ids:
        tpath = Path(texts) if texts is not None else texts_path(gold_path)
        if tpath is None or not tpath.is_file():
            raise FileNotFoundError(
                f"{gold_path} stores offsets into {doc.get('texts')!r}, which is not there"
            )
        texts = {}
        with tpath.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("id") in ids:
                    texts[row["id"]] = row["text"]
        for g in gold:
            if "id" in g:
                g.setdefault("file", g["id"])
                for q in g["quotes"] + g.get("non_quotes", []):
                    q.setdefault("text", texts[g["id"]][q["start"] : q["end"]])
    return gold


@dataclass
class Counts:
    """What ``score`` counts over a gold file: gold items, items found, and items matched and right."""

    articles_found: int = 0
    dates_right: int = 0
    gold_quotes: int = 0
    found_quotes: int = 0  # quotes the output has in the gold articles (minus the gold's non-quotes)
    matched_quotes: int = 0
    speakers_right: int = 0
    gold_marked: int = 0  # gold quotes with both quotation marks
    matched_marked: int = 0
    gold_unmarked: int = 0
    matched_unmarked: int = 0
    gold_troops: int = 0
    found_troops: int = 0
    matched_troops: int = 0
    qualifiers_right: int = 0
    owners_right: int = 0
    claimants_right: int = 0
    people_checked: int = 0  # (article, person) pairs of the gold's people counts
    people_exact: int = 0
    people_found: int = 0  # gold people the output gives at least one mention
    people_output: int = 0  # (article, person) pairs of the output's people
    people_output_right: int = 0  # of which are a gold person (full name or surname)


def score(gold_path: str | Path, out: str | Path, texts: str | Path | None = None) -> dict[str, float]:
    """Figures for one output folder against one gold file."""
    gold = load_gold(gold_path, texts)
    arts, quotes, troops, mentions = (
        read_table(out, n) for n in ("articles", "quotes", "troops", "mentions")
    )
    files = [
        s.split("::")[-1] if "::" in s else s.replace("\\", "/").split("/")[-1]
        for s in arts["source"].astype(str)
    ]
    by_file = dict(zip(files, arts["article_id"], strict=True))
    n = Counts()
    for g in gold:
        n.gold_quotes += len(g["quotes"])
        n.gold_troops += len(g["troop_figures"])
        aid = by_file.get(g["file"])
        if aid is None:
            continue
        n.articles_found += 1
        art = arts[arts["article_id"] == aid].iloc[0]
        n.dates_right += str(art["published"])[:10] == g["date"]
        pq = [
            p
            for p in quotes[quotes["article_id"] == aid].to_dict("records")
            if not any(same_quote(x["text"], p["text"]) for x in g.get("non_quotes", []))
        ]
        n.found_quotes += len(pq)
        used: set[int] = set()
        for q in g["quotes"]:
            marked = q["quote_marks"] == "present"
            if marked:
                n.gold_marked += 1
            else:
                n.gold_unmarked += 1
            for i, p in enumerate(pq):
                if i not in used and same_quote(q["text"], p["text"]):
                    used.add(i)
                    n.matched_quotes += 1
                    if marked:
                        n.matched_marked += 1
                    else:
                        n.matched_unmarked += 1
                    n.speakers_right += same_name(q["speaker"], p.get("speaker"))
                    break
        pt = troops[troops["article_id"] == aid].to_dict("records")
        n.found_troops += len(pt)
        used_t: set[int] = set()
        for t in g["troop_figures"]:
            for i, p in enumerate(pt):
                if i not in used_t and int(p["value"]) == t["value"]:
                    used_t.add(i)
                    n.matched_troops += 1
                    n.qualifiers_right += str(p["qualifier"]) == t["qualifier"]
                    n.owners_right += same_name([t["troops_of"]], p["troops_of"])
                    n.claimants_right += same_name(t["claimed_by"], p["claimed_by"])
                    break
        rows = mentions[mentions["article_id"] == aid]
        counts = rows.groupby("actor").size().to_dict()
        gold_people = list(g["people_mentions"])
        for actor, want in g["people_mentions"].items():
            got = people_count(actor, counts, gold_people)
            n.people_checked += 1
            n.people_exact += got == want
            n.people_found += got > 0
        found = set(rows.loc[rows["actor_type"] == "person", "actor"].astype(str))
        n.people_output += len(found)
        n.people_output_right += sum(any(same_name([a], k) for a in gold_people) for k in found)
    qp, qr = n.matched_quotes / max(1, n.found_quotes), n.matched_quotes / max(1, n.gold_quotes)
    tp, tr = n.matched_troops / max(1, n.found_troops), n.matched_troops / max(1, n.gold_troops)
    return {
        "articles_found": n.articles_found / max(1, len(gold)),
        "dates_right": n.dates_right / max(1, len(gold)),
        "quote_precision": qp,
        "quote_recall": qr,
        "quote_f1": _f1(qp, qr),
        "quote_recall_marked": n.matched_marked / max(1, n.gold_marked),
        "quote_recall_unmarked": n.matched_unmarked / max(1, n.gold_unmarked),
        "speaker_accuracy": n.speakers_right / max(1, n.matched_quotes),
        "troop_precision": tp,
        "troop_recall": tr,
        "troop_f1": _f1(tp, tr),
        "troop_qualifier_acc": n.qualifiers_right / max(1, n.matched_troops),
        "troop_owner_acc": n.owners_right / max(1, n.matched_troops),
        "troop_claimant_acc": n.claimants_right / max(1, n.matched_troops),
        "people_mention_count_exact": n.people_exact / max(1, n.people_checked),
        "people_precision": n.people_output_right / max(1, n.people_output),
        "people_recall": n.people_found / max(1, n.people_checked),
    }


def set_name(gold_path: str | Path) -> str:
    """'seeds' for seeds.gold.json, 'dev' for dev.gold.json."""
    return Path(gold_path).name.removesuffix(".json").removesuffix(".gold")


def is_output(path: Path) -> bool:
    return path.is_dir() and any((path / f"articles{ext}").exists() for ext in (".parquet", ".csv"))


def prepare(gold_path: str | Path, source: str | Path | None, work: Path) -> Path:
    """An output folder to score: ``source`` itself, or a run over ``source`` / the gold file's own texts."""
    from .pipeline import Config, run

    if source is not None and is_output(Path(source)):
        return Path(source)
    out = work / set_name(gold_path)
    if source is None:
        tpath = texts_path(gold_path)
        if tpath is None:
            raise FileNotFoundError(
                f"{gold_path} names no texts: give an output folder or the articles after it"
            )
        ids = {g["id"] for g in load_gold(gold_path) if "id" in g}
        subset = work / f"{set_name(gold_path)}-texts.jsonl"
        with tpath.open(encoding="utf-8") as fh, subset.open("w", encoding="utf-8") as w:
            w.writelines(line for line in fh if json.loads(line).get("id") in ids)
        source = subset
    if not Path(source).exists():
        raise FileNotFoundError(f"no such output folder or articles: {source}")
    run([source], out, "parquet", Config(workers=1, progress=False, incremental=False))
    return out


def pairs(args: Sequence[str]) -> list[tuple[str, str | None]]:
    """GOLD [SOURCE] ... -> [(gold, source or None)]: a JSON file holding ``articles`` is a gold file."""

    def is_gold(a: str) -> bool:
        p = Path(a)
        if p.suffix != ".json" or not p.is_file():
            return False
        try:
            return "articles" in json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return False

    out: list[tuple[str, str | None]] = []
    for a in args:
        if is_gold(a):
            out.append((a, None))
        elif out and out[-1][1] is None:
            out[-1] = (out[-1][0], a)
        else:
            raise ValueError(f"{a} is not a gold file (a JSON file with 'articles') and follows no gold file")
    return out


def evaluate(args: Sequence[str]) -> list[tuple[str, dict[str, float]]]:
    """(set name, figures) for every GOLD [SOURCE] in ``args``."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="wirewatch-eval-") as tmp:
        for gold_path, source in pairs(args):
            texts = (
                source if source is not None and Path(source).suffix == ".jsonl" else None
            )  # the gold's texts
            rows.append((set_name(gold_path), score(gold_path, prepare(gold_path, source, Path(tmp)), texts)))
    return rows


def format_rows(rows: Sequence[tuple[str, dict[str, float]]]) -> str:
    width = max([3, *(len(name) for name, _ in rows)])
    head = f"{'set':<{width}} " + " ".join(f"{c:>9}" for c, _ in COLUMNS)
    lines = [head]
    for name, figs in rows:
        lines.append(f"{name:<{width}} " + " ".join(f"{figs[k]:>9.3f}" for _, k in COLUMNS))
    return "\n".join(lines)


def main(args: Sequence[str]) -> int:
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    try:
        rows = evaluate(args)
    except (FileNotFoundError, ValueError, KeyError) as e:
        print(f"wirewatch evaluate: {e}", file=sys.stderr)
        return 2
    print(json.dumps(dict(rows), indent=1) if as_json else format_rows(rows))
    return 0
