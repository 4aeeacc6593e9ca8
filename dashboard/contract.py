"""The output contract in SQL: literals, typed views over a table's columns, and the check of a Parquet table
against ``analysis.schemas.SPEC`` on load (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from analysis.schemas import DTYPES, LATER_COLUMNS, SCHEMAS, SPEC

SQL_TYPES = {name: d.sql for name, d in DTYPES.items()}


class DatasetError(ValueError):
    """A table does not match the output contract: the message names the table and the column."""


def lit(value: object) -> str:
    """A SQL literal (views take no parameters): strings quoted with '' doubled, dates and numbers exact."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def file_lit(path: str | Path) -> str:
    """The SQL literal of a file path for DuckDB's readers (``read_parquet``), which take a path as a glob
    pattern: each ``*``, ``?`` and ``[`` becomes a class of itself (``[[]``), so the path names that file and no
    other ("run [1]" would match "run 1")."""
    return lit(re.sub(r"([*?\[])", r"[\1]", str(path)))


def lits(values: tuple) -> str:
    return ", ".join(lit(v) for v in values)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def typed_view(name: str, source: str, present: list[str], added: str = "") -> str:
    """SELECT of a raw source with the contract's columns cast to their types (later columns filled), extras after
    (then ``added``, an SQL select item of the caller's)."""
    cols = []
    derived = SPEC[name].derived  # a later column whose value in an older table follows from another column
    for col, dtype in SCHEMAS[name].items():
        if col in present:
            cols.append(f"CAST({quote_ident(col)} AS {SQL_TYPES[dtype]}) AS {quote_ident(col)}")
        elif col in derived and derived[col].reads in present:
            cols.append(f"CAST({derived[col].sql} AS {SQL_TYPES[dtype]}) AS {quote_ident(col)}")
        else:  # a column added to the contract after the table was written
            cols.append(
                f"CAST({lit(LATER_COLUMNS[(name, col)])} AS {SQL_TYPES[dtype]}) AS {quote_ident(col)}"
            )
    cols += [quote_ident(c) for c in present if c not in SCHEMAS[name]]
    cols += [added] if added else []
    return f"SELECT {', '.join(cols)} FROM {source}"


def arrow_type_ok(dtype: str, t) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_null(t):
        return True
    return any(getattr(pa.types, test)(t) for test in DTYPES[dtype].arrow_ok)


def check_parquet(name: str, path: Path) -> list[str]:
    """The columns of a Parquet table, or DatasetError naming the table and the first wrong or missing column."""
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as e:  # not Parquet at all
        raise DatasetError(
            f"table {name!r} ({path.name}) could not be read: {type(e).__name__}: {e}"
        ) from None
    present = schema.names
    dupes = sorted({c for c in present if present.count(c) > 1})
    if dupes:
        raise DatasetError(f"table {name!r} ({path.name}) has column {dupes[0]!r} twice")
    missing = [c for c in SCHEMAS[name] if c not in present and (name, c) not in LATER_COLUMNS]
    if missing:
        raise DatasetError(
            f"table {name!r} ({path.name}) lacks column {missing[0]!r}"
            + (f" (and {len(missing) - 1} more: is it another table?)" if len(missing) > 1 else "")
        )
    for col, dtype in SCHEMAS[name].items():
        if col in present and not arrow_type_ok(dtype, schema.field(col).type):
            raise DatasetError(
                f"table {name!r} ({path.name}) column {col!r} holds {schema.field(col).type}, "
                f"expected {dtype}"
            )
    return present
