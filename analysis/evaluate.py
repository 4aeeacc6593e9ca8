"""Score output tables against hand-checked answers (a gold JSON file).

``python -m analysis evaluate GOLD.json OUT_DIR`` prints precision, recall and F1
per component (quotes, troop figures), speaker and troop-attribute accuracy,
people-mention counts and dates. The matching rules follow the project's
reference scorer: quotes match on normalised text (equal, one inside the other
at >= 60 % of its length, or word Jaccard >= 0.7); names match on the full name
or the surname; troop figures match on value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from .io import read_table


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


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(gold_path: str | Path, out: str | Path) -> dict[str, float]:
    """Figures for one output folder against one gold file."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))["articles"]
    arts, quotes, troops, mentions = (read_table(out, n) for n in ("articles", "quotes", "troops", "mentions"))
    files = [s.split("::")[-1] if "::" in s else s.replace("\\", "/").split("/")[-1] for s in arts["source"].astype(str)]
    by_file = dict(zip(files, arts["article_id"], strict=True))
    n = dict.fromkeys(["found", "dates", "qg", "qp", "qm", "spk", "qgm", "qmm", "qgu", "qmu",
                       "tg", "tp", "tm", "tq", "to", "tc", "mc", "me"], 0)
    for g in gold:
        n["qg"] += len(g["quotes"])
        n["tg"] += len(g["troop_figures"])
        aid = by_file.get(g["file"])
        if aid is None:
            continue
        n["found"] += 1
        art = arts[arts["article_id"] == aid].iloc[0]
        n["dates"] += str(art["published"])[:10] == g["date"]
        pq = [p for p in quotes[quotes["article_id"] == aid].to_dict("records")
              if not any(same_quote(x["text"], p["text"]) for x in g.get("non_quotes", []))]
        n["qp"] += len(pq)
        used: set[int] = set()
        for q in g["quotes"]:
            marked = q["quote_marks"] == "present"
            n["qgm" if marked else "qgu"] += 1
            for i, p in enumerate(pq):
                if i not in used and same_quote(q["text"], p["text"]):
                    used.add(i)
                    n["qm"] += 1
                    n["qmm" if marked else "qmu"] += 1
                    n["spk"] += same_name(q["speaker"], p.get("speaker"))
                    break
        pt = troops[troops["article_id"] == aid].to_dict("records")
        n["tp"] += len(pt)
        used_t: set[int] = set()
        for t in g["troop_figures"]:
            for i, p in enumerate(pt):
                if i not in used_t and int(p["value"]) == t["value"]:
                    used_t.add(i)
                    n["tm"] += 1
                    n["tq"] += str(p["qualifier"]) == t["qualifier"]
                    n["to"] += same_name([t["troops_of"]], p["troops_of"])
                    n["tc"] += same_name(t["claimed_by"], p["claimed_by"])
                    break
        counts = mentions[mentions["article_id"] == aid].groupby("actor").size().to_dict()
        for actor, want in g["people_mentions"].items():
            n["mc"] += 1
            n["me"] += sum(v for k, v in counts.items() if same_name([actor], k)) == want
    qp, qr = n["qm"] / max(1, n["qp"]), n["qm"] / max(1, n["qg"])
    tp, tr = n["tm"] / max(1, n["tp"]), n["tm"] / max(1, n["tg"])
    return {
        "articles_found": n["found"] / max(1, len(gold)),
        "dates_right": n["dates"] / max(1, len(gold)),
        "quote_precision": qp, "quote_recall": qr, "quote_f1": _f1(qp, qr),
        "quote_recall_marked": n["qmm"] / max(1, n["qgm"]),
        "quote_recall_unmarked": n["qmu"] / max(1, n["qgu"]),
        "speaker_accuracy": n["spk"] / max(1, n["qm"]),
        "troop_precision": tp, "troop_recall": tr, "troop_f1": _f1(tp, tr),
        "troop_qualifier_acc": n["tq"] / max(1, n["tm"]),
        "troop_owner_acc": n["to"] / max(1, n["tm"]),
        "troop_claimant_acc": n["tc"] / max(1, n["tm"]),
        "people_mention_count_exact": n["me"] / max(1, n["mc"]),
    }


def main(gold_path: str, out: str) -> int:
    try:
        figs = score(gold_path, out)
    except FileNotFoundError as e:
        print(f"wirewatch evaluate: {e}")
        return 2
    for k, v in figs.items():
        print(f"{k:28s} {v:.3f}")
    return 0

