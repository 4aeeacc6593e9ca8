"""Numbers written in news prose: 100,000 / 100k / 1.5 million / ninety thousand / tens of thousands.

``NUMBER`` is a regular expression for one number; ``parse_number`` turns its
text into (low, high): equal for a plain number, a range for "tens of thousands".
"""

from __future__ import annotations

import re

UNITS = {
    w: i for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])
}
TENS = {w: 10 * i for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = {  # "tens of thousands" -> (low, high)
    "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
}

_WORD_NUM = "(?:" + "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True)) + ")"
_WORDS = rf"(?:(?:a|one|half\s+a|{_WORD_NUM})(?:[\s-]+(?:{_WORD_NUM}|hundred|and))*\s+(?:thousand|million|hundred)(?:\s+(?:and\s+)?(?:{_WORD_NUM}(?:-{_WORD_NUM})?)(?:\s+(?:hundred|thousand))?)*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:k|K)\b|\s+(?:million|thousand|hundred)\b|\s*(?:mln|m)\b)?"
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|thousands|hundreds|dozens)(?:\s+of)?"
NUMBER = rf"(?:{_DIGITS}|{_VAGUE}|{_WORDS}|{_WORD_NUM}(?:-{_WORD_NUM})?)"


def _words_value(text: str) -> int | None:
    total, current = 0, 0
    seen = False
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok in ("and", ""):
            continue
        if tok in ("a", "one") and not seen:
            current, seen = 1, True
        elif tok == "half":
            current, seen = 0.5, True
        elif tok in UNITS:
            current += UNITS[tok]
            seen = True
        elif tok in TENS:
            current += TENS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in ("thousand", "million", "billion"):
            total += (current or 1) * SCALES[tok]
            current = 0
        else:
            return None
    return int(total + current) if seen else None


def parse_number(text: str) -> tuple[int, int] | None:
    """(low, high) of a number's text, or None when it is not a number."""
    t = " ".join(text.split()).lower().removesuffix(" of")
    if t in VAGUE:
        return VAGUE[t]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|mln|m|million|thousand|hundred)?", t)
    if m:
        base = float(m.group(1).replace(",", ""))
        scale = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mln": 1_000_000, "million": 1_000_000,
                 "hundred": 100, None: 1}[m.group(2)]
        v = int(round(base * scale))
        return v, v
    v = _words_value(t)
    return (v, v) if v is not None else None
