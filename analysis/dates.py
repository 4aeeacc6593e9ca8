"""Publication dates: from metadata, from the text, or inferred.

* ``parse_date`` reads a date value from metadata (ISO, YYYYMMDD, YYYY/MM/DD,
  ISO timestamps, "Dec 2, 2021"); ``read_date`` also says why a value given is no
  usable date (impossible, negative year, outside 1900 .. a year from today).
* ``date_in_text`` finds a full date written in the article's opening (a
  dateline such as "Dec. 2, 2021" or "2 December 2021").
* ``infer_date`` resolves a day and month without a year ("on 2 December"),
  choosing the year in which the weekday the article names ("on Thursday") falls
  on that day, nearest to a reference date (the other articles' median) and
  never in the future.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)
_DMY = re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)")
_COMPACT = re.compile(r"^(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)$")
_DM = re.compile(rf"\b{_DAY}\s+{_MONTH}(?![\w])(?!,?\s+(?:19|20)\d\d)", re.I)
_MD = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)(?!\s*(?:%|per|troops|people|soldiers))", re.I)
_WEEKDAY = re.compile(r"\b(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.I)


def _make(year: str, month: str, day: str) -> dt.date | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    try:
        return dt.date(int(year), int(m), int(day)) if m else None
    except ValueError:
        return None


EARLIEST = dt.date(
    1900, 1, 1
)  # as the patterns read years (19xx, 20xx); a publication date outside EARLIEST .. today + LATEST_AHEAD is an error in the data
LATEST_AHEAD = dt.timedelta(days=366)


def _missing(value: object) -> bool:
    """No date given: None, NaN, NaT or an empty or placeholder string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in {"", "nan", "nat", "none", "null"}
    try:
        return bool(value != value)  # NaN and NaT are unequal to themselves
    except (TypeError, ValueError):
        return False


def read_date(value: object, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """A date from a metadata value, and what is wrong with the value when it holds no usable date.

    ``(date, None)`` for a date; ``(None, None)`` when the value is empty; ``(None, problem)`` when it is not a
    real date ("2021-02-30", "-2022-01-01") or lies outside the plausible range (year 1, year 9999)."""
    if _missing(value):
        return None, None
    d = None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        s = str(value).strip()
        for rx in (_COMPACT, _ISO, _MDY, _DMY):
            m = rx.search(s)
            if m:
                if m.start() > 0 and s[m.start() - 1] in "-\u2212":
                    return None, f"date {s[:40]!r} has a negative year"
                d = _make(m["year"], m["month"], m["day"])
                if d:
                    break
        if d is None:
            return None, f"date {s[:40]!r} is not a valid date"
    latest = (today or dt.date.today()) + LATEST_AHEAD
    if not EARLIEST <= d <= latest:
        return None, f"date {d.isoformat()} is outside {EARLIEST.isoformat()} .. {latest.isoformat()}"
    return d, None


def parse_date(value: object) -> dt.date | None:
    """A date from a metadata value, or None when it holds none (or no usable one: see ``read_date``)."""
    return read_date(value)[0]


def date_in_text(text: str, window: int = 600) -> dt.date | None:
    """A full date (with year) written in the first ``window`` characters, if any."""
    head = text[:window]
    found = []
    for rx in (_MDY, _DMY, _ISO):
        for m in rx.finditer(head):
            d = _make(m["year"], m["month"], m["day"])
            if d:
                found.append((m.start(), d))
    return min(found)[1] if found else None


def yearless_clue(text: str) -> tuple[int, int, int] | None:
    """The first yearless day and month of a text and the weekdays it names (a bit mask), or None.

    What ``resolve_yearless`` needs to date the article: small enough to travel instead of the text."""
    m = _DM.search(text) or _MD.search(text)
    if not m:
        return None
    mask = 0
    for w in _WEEKDAY.findall(text):
        mask |= 1 << WEEKDAYS[w.lower()]
    return MONTHS[m["month"].lower().rstrip(".")], int(m["day"]), mask


def resolve_yearless(
    month: int, day: int, weekday_mask: int, reference: dt.date | None = None, today: dt.date | None = None
) -> dt.date | None:
    """The year for a day and month: a named weekday must fit, nearest the reference, never in the future."""
    today = today or dt.date.today()
    reference = reference or today
    candidates = []
    for year in range(reference.year - 8, reference.year + 9):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d > today:
            continue
        if weekday_mask and not weekday_mask >> d.weekday() & 1:
            continue
        candidates.append(d)
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - reference).days), -d.toordinal()))


def infer_date(text: str, reference: dt.date | None = None, today: dt.date | None = None) -> dt.date | None:
    """Resolve a yearless "2 December" / "December 2" using a named weekday and a reference date.

    Returns None when the text holds no day-and-month, or when a weekday is named
    and no year near the reference fits it.
    """
    clue = yearless_clue(text)
    return resolve_yearless(*clue, reference, today) if clue else None
