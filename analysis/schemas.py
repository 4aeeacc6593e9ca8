"""Typed records and the output contract: one schema per table.

The contract (see README) may only grow by adding columns. Every table is
checked against its schema where it is written and where it is read.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd


class RawDoc(NamedTuple):
    """One input document as read, before parsing."""

    source: str
    text: str
    meta: dict  # optional title, date, url, outlet, id from a table input


class Article(NamedTuple):
    article_id: str
    source: str
    title: str
    published: dt.date | None
    date_source: str  # file | text | inferred | none
    outlet: str
    url: str
    text: str
    n_words: int
    duplicate_of: str | None = None
    author: str = ""  # from a web page's metadata or a table's author column


class Mention(NamedTuple):
    article_id: str
    actor: str
    actor_type: str  # person | country | organization
    surface: str
    start: int
    end: int


class TroopFigure(NamedTuple):
    article_id: str
    value: int
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | at_most | approx
    troops_of: str
    claimed_by: str
    surface: str
    start: int
    end: int
    sentence: str
    owner_rule: str = (
        ""  # the owner rule that decided troops_of (attribution.figures.OWNER_RULES), '' when none
    )
    claim_rule: str = (
        ""  # the claim rule that decided claimed_by (attribution.figures.CLAIM_RULES), '' when none
    )


class Quote(NamedTuple):
    article_id: str
    quote_id: str
    text: str
    speaker: str
    verb: str
    kind: str  # full | partial
    quote_marks: str  # present | closing_only | missing
    start: int
    end: int
    polarity: float
    subjectivity: float
    published: dt.date | None
    vader_compound: float = 0.0
    sentiment_words: str = ""
    lenses_disagree: bool = False
    speaker_detail: str = ""
    speaker_rule: str = ""  # the speaker rule that decided (attribution.speakers.RULES), '' when none did


class Reject(NamedTuple):
    """A row of the rejects table: an input not read (``kind`` "reject"), or read with a repair noted ("warning":
    the input's article is kept; the reason, which starts with ``WARNING``, says what was changed)."""

    source: str
    reason: str
    kind: str = "reject"  # reject | warning


WARNING = "warning: "  # how a warning's reason starts (for people reading the table; programs read ``kind``)
KINDS = ("reject", "warning")


def warning_row(source: str, text: str) -> Reject:
    """The rejects table's row for an input read with a repair: kind "warning", the reason prefixed ``WARNING``."""
    return Reject(source, text if text.startswith(WARNING) else WARNING + text, "warning")


def kinds_of_reasons(reasons: pd.Series) -> pd.Series:
    """The kind of each row of a rejects table written before the kind column (its reason's prefix)."""
    return pd.Series(
        ["warning" if str(r).startswith(WARNING) else "reject" for r in reasons],
        index=reasons.index,
        dtype=object,
    )


class Repeat(NamedTuple):
    """An input whose content an earlier input already gave (the article is kept once)."""

    source: str
    article_id: str


# Column name -> pandas dtype. Order is the order written.
SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string",
        "source": "string",
        "title": "string",
        "published": "date",
        "date_source": "string",
        "outlet": "string",
        "url": "string",
        "text": "string",
        "n_words": "int64",
        "duplicate_of": "string",
        "author": "string",
    },
    "mentions": {
        "article_id": "string",
        "actor": "string",
        "actor_type": "string",
        "surface": "string",
        "start": "int64",
        "end": "int64",
    },
    "troops": {
        "article_id": "string",
        "value": "int64",
        "low": "Int64",
        "high": "Int64",
        "qualifier": "string",
        "troops_of": "string",
        "claimed_by": "string",
        "surface": "string",
        "start": "int64",
        "end": "int64",
        "sentence": "string",
        "owner_rule": "string",
        "claim_rule": "string",
    },
    "quotes": {
        "article_id": "string",
        "quote_id": "string",
        "text": "string",
        "speaker": "string",
        "verb": "string",
        "kind": "string",
        "quote_marks": "string",
        "start": "int64",
        "end": "int64",
        "polarity": "float64",
        "subjectivity": "float64",
        "published": "date",
        "vader_compound": "float64",
        "sentiment_words": "string",
        "lenses_disagree": "bool",
        "speaker_detail": "string",
        "speaker_rule": "string",
    },
    "rejects": {"source": "string", "reason": "string", "kind": "string"},
    "repeats": {"source": "string", "article_id": "string"},
}

RECORDS = {
    "articles": Article,
    "mentions": Mention,
    "troops": TroopFigure,
    "quotes": Quote,
    "rejects": Reject,
    "repeats": Repeat,
}

ALLOWED = {
    ("articles", "date_source"): {"file", "text", "inferred", "none"},
    ("mentions", "actor_type"): {"person", "country", "organization"},
    ("troops", "qualifier"): {"exact", "at_least", "at_most", "approx"},
    ("quotes", "kind"): {"full", "partial"},
    ("quotes", "quote_marks"): {"present", "closing_only", "missing"},
    ("rejects", "kind"): set(KINDS),
}


# Columns added to the contract after tables were written without them: such a table reads with this value.
LATER_COLUMNS = {
    ("articles", "author"): "",
    ("troops", "owner_rule"): "",
    ("troops", "claim_rule"): "",
    ("rejects", "kind"): "reject",  # (a table written before it: each row's kind is read off its reason)
}

NULLABLE = {("articles", "duplicate_of")}  # string columns where missing is null; elsewhere ""


class SchemaError(ValueError):
    """A table does not match its schema."""


def to_frame(name: str, rows: list) -> pd.DataFrame:
    """Build a table from records (NamedTuples or dicts) with the schema's columns and dtypes."""
    schema = SCHEMAS[name]
    kind = type(rows[0]) if rows else None
    fields = getattr(kind, "_fields", ())
    if fields and all(c in fields for c in schema) and all(type(r) is kind for r in rows):
        columns = dict(
            zip(fields, map(list, zip(*rows, strict=True)), strict=True)
        )  # one pass, no dict per row
        return conform(name, pd.DataFrame({c: columns[c] for c in schema}))
    records = (
        [r._asdict() if hasattr(r, "_asdict") else r for r in rows]
        if rows and hasattr(rows[0], "_asdict")
        else rows
    )
    df = pd.DataFrame.from_records(
        records, columns=list(schema)
    )  # dicts, records or plain tuples in schema order
    return conform(name, df)


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Cast a table to its schema's dtypes, keeping extra columns after the contract's."""
    schema = SCHEMAS[name]
    later = {c: v for (t, c), v in LATER_COLUMNS.items() if t == name and c not in df.columns}
    if name == "rejects" and "kind" in later and "reason" in df.columns:
        later["kind"] = kinds_of_reasons(df["reason"])
    missing = [c for c in schema if c not in df.columns and c not in later]
    if missing:
        raise SchemaError(f"table {name!r} lacks columns {missing}")
    df = df.assign(**later) if later else df.copy()
    for col, dtype in schema.items():
        if dtype == "date":
            df[col] = pd.to_datetime(df[col], errors="coerce").dt.date
            df[col] = df[col].astype("object").where(df[col].notna(), None)
        elif dtype == "bool":
            if not pd.api.types.is_bool_dtype(df[col]):
                df[col] = df[col].astype("string").str.lower().isin(["true", "1"])  # CSV text: no True, no NA
            df[col] = df[col].fillna(False).astype(bool)
        elif dtype == "Int64":
            df[col] = pd.to_numeric(df[col]).astype("Int64")
        elif dtype == "int64":
            df[col] = pd.to_numeric(df[col]).astype("int64")
        elif dtype == "float64":
            df[col] = pd.to_numeric(df[col]).astype("float64")
        elif (name, col) in NULLABLE:
            df[col] = df[col].astype("string").replace("", pd.NA)
        else:
            df[col] = df[col].astype("string").fillna("")
    if name == "rejects" and (df["kind"] == "").any():  # rows made without a kind (records of two fields)
        blank = df["kind"] == ""
        df.loc[blank, "kind"] = kinds_of_reasons(df.loc[blank, "reason"]).astype("string")
    extra = [c for c in df.columns if c not in schema]
    return df[list(schema) + extra].reset_index(drop=True)


SPANS = {"mentions": "surface", "troops": "surface", "quotes": "text"}  # text[start:end] is this column


def _wrong_values(dtype: str, values: pd.Series) -> pd.Series:
    """The non-missing values of a column that its schema's dtype cannot hold (empty when all fit)."""
    if dtype in ("int64", "Int64", "float64"):
        if pd.api.types.is_bool_dtype(values):
            return values.dropna()
        if pd.api.types.is_integer_dtype(values) or (
            dtype == "float64" and pd.api.types.is_float_dtype(values)
        ):
            return values.iloc[0:0]
        present = values.dropna()
        numbers = pd.to_numeric(
            present.where(present.map(lambda v: not isinstance(v, bool)), None), errors="coerce"
        )
        wrong = numbers.isna()
        if dtype != "float64":
            wrong |= numbers.notna() & (numbers % 1 != 0)
        return present[wrong]
    if dtype == "date":
        if pd.api.types.is_datetime64_any_dtype(values):
            return values.iloc[0:0]
        present = values.dropna()
        present = present[present.astype("string") != ""]
        return present[pd.to_datetime(present, errors="coerce").isna()]
    return values.iloc[0:0]


def validate(name: str, df: pd.DataFrame) -> None:
    """Raise SchemaError if a table breaks the contract: its columns, the values its dtypes can hold, the allowed
    values of its category columns (missing counts as outside), and spans: ``0 <= start <= end`` and
    ``end - start`` the length of the span's text (the text itself is checked where the article is at hand)."""
    schema = SCHEMAS[name]
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise SchemaError(f"table {name!r} lacks columns {missing}")
    if not len(df):
        return
    for col, dtype in schema.items():
        if dtype == "int64" and df[col].isna().any():
            raise SchemaError(f"table {name!r} column {col!r} (dtype {dtype}) has missing values")
        wrong = _wrong_values(dtype, df[col])
        if len(wrong):
            raise SchemaError(
                f"table {name!r} column {col!r} (dtype {dtype}) cannot hold {wrong.iloc[0]!r} "
                f"({len(wrong)} such values)"
            )
    for (table, col), allowed in ALLOWED.items():
        if table == name:
            values = set(df[col].fillna("").unique())
            bad = values - allowed
            if bad:
                raise SchemaError(
                    f"table {name!r} column {col!r} has values {sorted(map(str, bad))} "
                    f"outside {sorted(allowed)}"
                )
    if name in SPANS:
        start, end = pd.to_numeric(df["start"]), pd.to_numeric(df["end"])
        lengths = df[SPANS[name]].astype("string").str.len()
        bad = (start < 0) | (end < start) | ((end - start) != lengths)
        if bad.any():
            row = df[bad].iloc[0]
            raise SchemaError(
                f"table {name!r} has {int(bad.sum())} spans whose offsets do not fit their "
                f"{SPANS[name]} (first: start {row['start']}, end {row['end']}, "
                f"{SPANS[name]} {str(row[SPANS[name]])[:40]!r})"
            )
