"""analysis/schemas.py: validate() on each way a table can be wrong; SCHEMAS tied to the record types; SPEC the one
list of tables that the rest reads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import get_type_hints

import pandas as pd
import pytest

from analysis.io import read_tables
from analysis.schemas import (
    ALLOWED,
    DTYPES,
    EXTRACTED,
    LATER_COLUMNS,
    NULLABLE,
    PARTED,
    RECORDS,
    SCHEMAS,
    SPEC,
    TABLES,
    Article,
    Mention,
    Quote,
    Reject,
    Repeat,
    SchemaError,
    TroopFigure,
    to_frame,
    validate,
)

TEXT = "Lavrov said Russia had no plans to attack. \u201cWe want guarantees,\u201d he said of 100,000 troops."
# One made-up article and a row of each table about it, offsets into TEXT.
ROWS = {
    "articles": Article(
        "a1",
        "in/a1.txt",
        "Talks",
        dt.date(2022, 1, 10),
        "file",
        "Outlet",
        "https://x.org/1",
        TEXT,
        len(TEXT.split()),
    ),
    "mentions": Mention("a1", "Sergei Lavrov", "person", "Lavrov", 0, 6),
    "troops": TroopFigure(
        "a1",
        100_000,
        None,
        None,
        "exact",
        "Russia",
        "Sergei Lavrov",
        "100,000 troops",
        TEXT.index("100,000"),
        TEXT.index("100,000") + 14,
        TEXT[TEXT.index("\u201c") :],
    ),
    "quotes": Quote(
        "a1",
        "a1:q0",
        "We want guarantees,",
        "Sergei Lavrov",
        "said",
        "full",
        "present",
        TEXT.index("We"),
        TEXT.index("We") + 19,
        0.0,
        0.0,
        dt.date(2022, 1, 10),
    ),
    "rejects": Reject("in/empty.txt", "empty file"),
    "repeats": Repeat("in/copy.txt", "a1"),
}


def test_the_rows_here_are_consistent():
    """The base rows are right (so each case below breaks one thing only)."""
    assert TEXT[0:6] == ROWS["mentions"].surface
    assert TEXT[ROWS["troops"].start : ROWS["troops"].end] == ROWS["troops"].surface
    assert TEXT[ROWS["quotes"].start : ROWS["quotes"].end] == ROWS["quotes"].text
    for name, row in ROWS.items():
        validate(name, to_frame(name, [row]))


def setting(col: str, value) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df = df.astype({col: object}) if col in df.columns else df.copy()
        df[col] = [value] * len(df)
        return df

    return change


def dropping(*cols: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda df: df.drop(columns=list(cols))


def keeping_no_rows(change):
    return lambda df: change(df).iloc[0:0]


# (table, change, expected SchemaError message as a regex; None: the table passes)
CASES = [
    pytest.param("mentions", lambda df: df, None, id="as built"),
    pytest.param(
        "quotes", setting("note", "x"), None, id="an extra column (the contract grows by adding columns)"
    ),
    pytest.param("mentions", keeping_no_rows(lambda df: df), None, id="no rows"),
    *(
        pytest.param(
            name,
            dropping(col),
            re.escape(f"table {name!r} lacks columns [{col!r}]"),
            id=f"{name} without {col}",
        )
        for name in SCHEMAS
        for col in (next(iter(SCHEMAS[name])), list(SCHEMAS[name])[-1])
    ),
    pytest.param(
        "troops", dropping("low", "high"), re.escape("lacks columns ['low', 'high']"), id="two missing"
    ),
    pytest.param(
        "mentions", keeping_no_rows(dropping("actor")), "lacks columns", id="no rows and a missing column"
    ),
    *(
        pytest.param(
            name,
            setting(col, "bogus"),
            re.escape(f"table {name!r} column {col!r} has values ['bogus'] outside {sorted(allowed)}"),
            id=f"{name}.{col} bogus",
        )
        for (name, col), allowed in ALLOWED.items()
    ),
    pytest.param("mentions", setting("actor_type", "Person"), "outside", id="a category in another case"),
    pytest.param("articles", setting("date_source", ""), "outside", id="an empty category"),
    pytest.param("mentions", setting("actor_type", None), "outside", id="a missing category"),
    pytest.param("mentions", setting("start", "six"), "dtype", id="text in an int64 column"),
    pytest.param("mentions", setting("start", 0.5), "dtype", id="a fraction in an int64 column"),
    pytest.param("quotes", setting("polarity", "negative"), "dtype", id="text in a float64 column"),
    pytest.param("quotes", setting("published", "soon"), "dtype", id="text in a date column"),
    pytest.param("mentions", setting("end", -1), "offset", id="a span ending before it starts"),
    pytest.param("troops", setting("start", 0), "offset", id="a span longer than its surface"),
    pytest.param(
        "quotes", setting("end", TEXT.index("We") + 5), "offset", id="a quote's span shorter than its text"
    ),
]


@pytest.mark.parametrize("name, change, error", CASES)
def test_validate(name, change, error):
    df = change(to_frame(name, [ROWS[name]]))
    if error is None:
        validate(name, df)
    else:
        with pytest.raises(SchemaError, match=error):
            validate(name, df)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_validate_passes_the_awkward_tables(awkward_out, name):
    """The tables holding the dashboard's awkward cases (tests/dashboard_fixtures.py) are valid."""
    validate(name, read_tables(awkward_out)[name])


def offset_mismatches(tables: dict[str, pd.DataFrame]) -> list[tuple]:
    """Rows whose start/end do not cut their surface (quotes: text) out of the article's text."""
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"], strict=True))
    bad = []
    for name, col in (("mentions", "surface"), ("troops", "surface"), ("quotes", "text")):
        df = tables[name]
        for aid, start, end, surface in zip(df["article_id"], df["start"], df["end"], df[col], strict=True):
            if not 0 <= start <= end or texts[aid][start:end] != surface:
                bad.append((name, aid, start, end, surface))
    return bad


def test_offset_mismatches_finds_a_wrong_span():
    tables = {name: to_frame(name, [row]) for name, row in ROWS.items()}
    assert offset_mismatches(tables) == []
    tables["mentions"] = to_frame("mentions", [ROWS["mentions"]._replace(start=1, end=7)])
    assert offset_mismatches(tables) == [("mentions", "a1", 1, 7, "Lavrov")]


def test_offsets_cut_the_surface_out_of_the_text_in_the_sample_output(sample_tables):
    assert sum(len(sample_tables[n]) for n in ("mentions", "troops", "quotes")) > 100
    assert offset_mismatches(sample_tables) == []


def test_offsets_cut_the_surface_out_of_the_text_in_real_output(real_out):
    tables = read_tables(real_out)
    for name in SCHEMAS:
        validate(name, tables[name])
    assert offset_mismatches(tables) == []


# ---------------------------------------------------------------- SCHEMAS and the record types

# a record field's type -> its column's dtype in SCHEMAS
DTYPE_OF = {
    str: "string",
    str | None: "string",
    int: "int64",
    int | None: "Int64",
    float: "float64",
    bool: "bool",
    dt.date | None: "date",
}


def test_every_table_has_a_record_type():
    assert list(RECORDS) == list(SCHEMAS)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_record_fields_are_the_schema_columns_in_order(name):
    """Every field is a column and every column a field (none is derived), in the order written: to_frame takes
    plain tuples in schema order."""
    assert RECORDS[name]._fields == tuple(SCHEMAS[name])


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_record_field_types_are_the_column_dtypes(name):
    hints = get_type_hints(RECORDS[name])
    assert {f: DTYPE_OF[hints[f]] for f in RECORDS[name]._fields} == SCHEMAS[name]


def test_optional_string_fields_are_the_nullable_columns():
    optional = {
        (name, f) for name, rec in RECORDS.items() for f, t in get_type_hints(rec).items() if t == str | None
    }
    assert optional == NULLABLE


def test_allowed_values_are_for_string_columns():
    assert {SCHEMAS[name][col] for name, col in ALLOWED} == {"string"}


def test_later_columns_default_to_their_read_value_in_the_record():
    assert {key: RECORDS[key[0]]._field_defaults.get(key[1]) for key in LATER_COLUMNS} == LATER_COLUMNS


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_a_record_comes_back_from_its_table(name):
    """to_frame then itertuples gives the record back (missing strings come back None)."""
    df = to_frame(name, [ROWS[name]])
    back = [
        RECORDS[name](*(None if v is pd.NA else v for v in row))
        for row in df.itertuples(index=False, name=None)
    ]
    assert back == [ROWS[name]]


# ---------------------------------------------------------------- SPEC: the one list of tables and columns


def test_every_list_of_tables_is_the_spec():
    """Writing, the manifest, the dashboard's views and orders, and the downloads all take their tables from SPEC
    (issue 23, item 1): a table added there is written, read, shown and downloaded."""
    from analysis import output, pipeline
    from dashboard import dataset, downloads

    assert pipeline.TABLES == downloads.ZIP_TABLES == TABLES == tuple(SCHEMAS)
    assert set(dataset.ORDER) == set(SPEC) and dataset.CHILDREN == EXTRACTED
    assert set(PARTED) | {n for n, t in SPEC.items() if not t.parted} == set(SPEC)
    assert set(EXTRACTED) <= set(PARTED) and set(output.OPTIONAL) <= set(SPEC)


def test_every_dtype_has_its_arrow_and_sql_types():
    import pyarrow as pa

    from analysis.output import arrow_schema
    from dashboard.contract import SQL_TYPES, arrow_type_ok

    assert {d for cols in SCHEMAS.values() for d in cols.values()} <= set(DTYPES) == set(SQL_TYPES)
    for name, d in DTYPES.items():
        assert arrow_type_ok(name, getattr(pa, d.arrow)()), name
    for name in SPEC:
        assert arrow_schema(name).names == list(SCHEMAS[name])


def test_readme_lists_every_table_with_its_columns_in_order():
    """The README's table of columns names each table of SPEC, and its columns in the order written."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Output tables\n") :]
    rows = dict(re.findall(r"^\| `(\w+)` \| (.*) \|$", section[: section.index("\n## ")], re.M))
    assert list(rows) == list(SPEC)
    for name, text in rows.items():
        named = iter(re.findall(r"`(\w+)`", text))
        assert all(col in named for col in SCHEMAS[name]), name  # each column, after the one before it
