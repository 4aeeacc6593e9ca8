"""Typed records and the output contract: ``SPEC``, one spec per table.

``SPEC`` is the only list of the tables and their columns (a table's columns are its record's fields): writing,
validation, the dashboard's contract check, its views and the downloads read it. The contract (see README) may
only grow by adding columns. Every table is checked against its spec where it is written and where it is read.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, get_type_hints

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


# ---------------------------------------------------------------- the table spec: the one list of tables and columns


class Dtype(NamedTuple):
    """A column type: the record field's type that gives it, and its types in Arrow (a ``pyarrow`` factory, and the
    ``pyarrow.types`` tests a file's column may pass) and in DuckDB SQL."""

    hint: object
    arrow: str
    arrow_ok: tuple[str, ...]
    sql: str


DTYPES = {
    "string": Dtype(str, "string", ("is_string", "is_large_string", "is_string_view"), "VARCHAR"),
    "int64": Dtype(int, "int64", ("is_integer",), "BIGINT"),
    "Int64": Dtype(int | None, "int64", ("is_integer",), "BIGINT"),
    "float64": Dtype(float, "float64", ("is_floating", "is_integer"), "DOUBLE"),
    "date": Dtype(dt.date | None, "date32", ("is_date", "is_timestamp"), "DATE"),
    "bool": Dtype(bool, "bool_", ("is_boolean",), "BOOLEAN"),
}
NULLABLE_HINT = str | None  # a string column where missing is null (elsewhere "")


def dtype_of(hint: object) -> str:
    """The dtype of a record field's type (``str | None``: a nullable string)."""
    if hint == NULLABLE_HINT:
        return "string"
    for name, d in DTYPES.items():
        if d.hint == hint:
            return name
    raise TypeError(f"no column dtype for a field of type {hint!r}")


class Derived(NamedTuple):
    """A later column whose value in an older table follows from another column: in pandas and in SQL."""

    reads: str  # the column it is read off
    values: Callable[[pd.Series], pd.Series]
    sql: str  # the SQL expression of it (over ``reads``)


@dataclass(frozen=True)
class Table:
    """One output table. Its columns are its record's fields, in order; a field's type gives the column's dtype
    (``str | None``: a string column where missing is null; elsewhere a missing string is "")."""

    name: str
    record: type
    order: str  # SQL ORDER BY of its rows as the dashboard and the downloads give them
    parted: bool = False  # written by the engines, one part file per part of the articles
    extracted: bool = (
        False  # rows the extractors find in an article (reused by an incremental run; filtered with it)
    )
    optional: bool = False  # an older output folder may lack it: it reads back empty
    span: str | None = None  # the column that is text[start:end] of its article
    allowed: dict[str, frozenset[str]] = field(default_factory=dict)  # category columns: their only values
    later: tuple[
        str, ...
    ] = ()  # columns added after tables were written without them (read as the field default)
    derived: dict[str, Derived] = field(default_factory=dict)  # later columns read off another column instead

    @property
    def columns(self) -> dict[str, str]:
        """Column name -> dtype, in the order written."""
        return _columns(self.record)

    @property
    def nullable(self) -> frozenset[str]:
        """The string columns where missing is null (fields typed ``str | None``)."""
        return _nullable(self.record)

    def later_value(self, col: str) -> object:
        return self.record._field_defaults[col]


@functools.lru_cache(maxsize=32)  # keyed by the few record types
def _columns(record: type) -> dict[str, str]:
    hints = get_type_hints(record)
    return {c: dtype_of(hints[c]) for c in record._fields}


@functools.lru_cache(maxsize=32)
def _nullable(record: type) -> frozenset[str]:
    hints = get_type_hints(record)
    return frozenset(c for c in record._fields if hints[c] == NULLABLE_HINT)


SPEC: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "articles",
            Article,
            "published NULLS LAST, article_id",
            parted=True,
            allowed={"date_source": frozenset({"file", "text", "inferred", "none"})},
            later=("author",),
        ),
        Table(
            "mentions",
            Mention,
            'published NULLS LAST, article_id, start, "end", actor',
            parted=True,
            extracted=True,
            span="surface",
            allowed={"actor_type": frozenset({"person", "country", "organization"})},
        ),
        Table(
            "troops",
            TroopFigure,
            'published NULLS LAST, article_id, start, "end"',
            parted=True,
            extracted=True,
            span="surface",
            allowed={"qualifier": frozenset({"exact", "at_least", "at_most", "approx"})},
            later=("owner_rule", "claim_rule"),
        ),
        Table(
            "quotes",
            Quote,
            "published NULLS LAST, article_id, start, quote_id",
            parted=True,
            extracted=True,
            span="text",
            allowed={
                "kind": frozenset({"full", "partial"}),
                "quote_marks": frozenset({"present", "closing_only", "missing"}),
            },
        ),
        Table(
            "rejects",
            Reject,
            "kind, source, reason",  # (the inputs not read first, then those read with a warning)
            allowed={"kind": frozenset(KINDS)},
            later=("kind",),
            derived={  # a table written before the kind column: each row's kind is read off its reason
                "kind": Derived(
                    "reason",
                    kinds_of_reasons,
                    "CASE WHEN starts_with(CAST(reason AS VARCHAR), '"
                    + WARNING.replace("'", "''")
                    + "') THEN 'warning' ELSE 'reject' END",
                )
            },
        ),
        Table("repeats", Repeat, "source, article_id", parted=True, optional=True),
    )
}

TABLES = tuple(SPEC)  # every table, in the order a run writes them
PARTED = tuple(n for n, t in SPEC.items() if t.parted)
EXTRACTED = tuple(n for n, t in SPEC.items() if t.extracted)
OPTIONAL = tuple(n for n, t in SPEC.items() if t.optional)

# Views of the spec by table (and column), for the checks below and their tests.
SCHEMAS: dict[str, dict[str, str]] = {n: t.columns for n, t in SPEC.items()}  # column -> dtype, in order
RECORDS = {n: t.record for n, t in SPEC.items()}
ALLOWED = {(n, c): set(v) for n, t in SPEC.items() for c, v in t.allowed.items()}
LATER_COLUMNS = {(n, c): t.later_value(c) for n, t in SPEC.items() for c in t.later}
NULLABLE = {(n, c) for n, t in SPEC.items() for c in t.nullable}
SPANS = {n: t.span for n, t in SPEC.items() if t.span}  # text[start:end] is this column


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
    table = SPEC[name]
    schema, nullable = table.columns, table.nullable
    later = {c: table.later_value(c) for c in table.later if c not in df.columns}
    for c, rule in table.derived.items():
        if c in later and rule.reads in df.columns:
            later[c] = rule.values(df[rule.reads])
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
        elif col in nullable:
            df[col] = df[col].astype("string").replace("", pd.NA)
        else:
            df[col] = df[col].astype("string").fillna("")
    for c, rule in table.derived.items():  # rows made without it (records of two fields)
        blank = df[c] == ""
        if blank.any():
            df.loc[blank, c] = rule.values(df.loc[blank, rule.reads]).astype("string")
    extra = [c for c in df.columns if c not in schema]
    return df[list(schema) + extra].reset_index(drop=True)


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
    for col, allowed in SPEC[name].allowed.items():
        values = set(df[col].fillna("").unique())
        bad = values - allowed
        if bad:
            raise SchemaError(
                f"table {name!r} column {col!r} has values {sorted(map(str, bad))} outside {sorted(allowed)}"
            )
    span = SPEC[name].span
    if span:
        start, end = pd.to_numeric(df["start"]), pd.to_numeric(df["end"])
        lengths = df[span].astype("string").str.len()
        bad = (start < 0) | (end < start) | ((end - start) != lengths)
        if bad.any():
            row = df[bad].iloc[0]
            raise SchemaError(
                f"table {name!r} has {int(bad.sum())} spans whose offsets do not fit their "
                f"{span} (first: start {row['start']}, end {row['end']}, "
                f"{span} {str(row[span])[:40]!r})"
            )
