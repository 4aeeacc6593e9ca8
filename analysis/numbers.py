"""Numbers written in news prose: 100,000 / 100k / 1.5 million / ninety thousand / tens of thousands.

``NUMBER`` is a regular expression for one number; ``parse_number`` turns its
text into (low, high): equal for a plain number, a range for "tens of thousands".
Values are exact Python ints (decimal arithmetic, never floats: 123456789123456789
stays itself, "1.4 million" is 1400000); ``in_range`` tells a count that fits the
tables' 64-bit integer columns and any army (at most ``MAX_COUNT``) from one that
does not ("20000000000000000000 troops").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_COUNT = 100_000_000  # more people than any army has ever had under arms

UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if w != "_"
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = {  # "tens of thousands" -> (low, high)
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
}

_WORD_NUM = "(?:" + "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True)) + ")"
_WORDS = rf"(?:(?:a|one|[Hh]alf\s+a|{_WORD_NUM})(?:[\s-]+(?:{_WORD_NUM}|hundred|and))*\s+(?:thousand|million|hundred)(?:\s+(?:and\s+)?(?:{_WORD_NUM}(?:-{_WORD_NUM})?)(?:\s+(?:hundred|thousand))?)*)"
GROUP_SEPARATORS = ",\u00a0\u202f\u2009"  # 100,000; 100 000 with a no-break, narrow no-break or thin space
_DIGITS = rf"(?:\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})+|\d+(?:\.\d+)?)(?:\s*(?:k|K)\b|\s+(?:million|thousand|hundred)\b|\s*(?:mln|m)\b)?"
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|thousands|hundreds|dozens)(?:\s+of)?"
NUMBER = rf"(?:{_DIGITS}|{_VAGUE}|{_WORDS}|{_WORD_NUM}(?:-{_WORD_NUM})?)"


def _words_value(text: str) -> int | None:
    total, current = Decimal(0), Decimal(0)
    seen = False
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok in ("and", ""):
            continue
        if tok in ("a", "one") and not seen:
            current, seen = Decimal(1), True
        elif tok == "a" and current == Decimal("0.5"):  # "half a million"
            continue
        elif tok == "half":
            current, seen = Decimal("0.5"), True
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
            current = Decimal(0)
        else:
            return None
    return int(total + current) if seen else None


def parse_number(text: str) -> tuple[int, int] | None:
    """(low, high) of a number's text, or None when it is not a number."""
    t = re.sub(rf"(?<=\d)[{GROUP_SEPARATORS}](?=\d{{3}})", ",", text)
    t = " ".join(t.split()).lower().removesuffix(" of")
    if t in VAGUE:
        return VAGUE[t]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|mln|m|million|thousand|hundred)?", t)
    if m:
        digits = m.group(1).replace(",", "")
        if len(digits) > 40:  # not a count; Decimal would parse it, but nothing downstream needs it
            return None
        try:
            base = Decimal(digits)
        except InvalidOperation:
            return None
        scale = {
            "k": 1_000,
            "thousand": 1_000,
            "m": 1_000_000,
            "mln": 1_000_000,
            "million": 1_000_000,
            "hundred": 100,
            None: 1,
        }[m.group(2)]
        v = int((base * scale).to_integral_value())
        return v, v
    v = _words_value(t)
    return (v, v) if v is not None else None


def in_range(value: int) -> bool:
    """A plausible head count: positive and at most MAX_COUNT (so it also fits an int64 column)."""
    return 0 < value <= MAX_COUNT
