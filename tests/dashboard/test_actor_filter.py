"""The actor filter through the per-actor article index (issue 24, item 4): the same frames as before it.

Before, an actor filter scanned the actor of every mention for its articles' numbers and the views tested them
with ``IN`` semi-joins; now it reads ``d_actors`` (each actor's article numbers, sorted by actor) and the views
join the key table on the article numbers (the articles on their row number in their source). ``OldSelection``
below is the previous implementation (commit b094d6e), kept here as the reference the new one must equal on
generated tables and filters, from Parquet (with the cache) and frames.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.io import write_tables
from analysis.schemas import SCHEMAS, to_frame
from dashboard.contract import lit, lits
from dashboard.dataset import Dataset, Filters, Selection

ACTORS = ["Russia", "NATO", "Joe Biden", "O'Brien", "Zoë Ünal", "a, b", "%_", "NATO "]
KINDS = ["country", "organization", "person"]
OUTLETS = ["", "Reuters", "TASS", "O'Neil Post"]
SPEAKERS = ["", "Joe Biden", "Sergei Lavrov", "O'Brien"]
TEXTS = ["Talks in the Kremlin went on.", "Troops gathered.", "Nothing happened, said O'Brien."]
DAY0 = dt.date(2021, 11, 1)


class OldSelection(Selection):
    """The selection as made before the actor index: the key table (ids and numbers) from a scan of every
    mention's actor, and views that test ``_aidx IN`` / ``article_id IN`` it."""

    def _view_sql(self) -> tuple[dict[str, str], str]:
        f, (cheap, costly) = self.filters, self._where
        conds = [cheap] if cheap else []
        keys = ""
        if costly:
            costly = costly.replace("FROM d_actors WHERE", "FROM d_mentions WHERE")
            keys = f"old_keys_{abs(hash(costly)) % 10**9}"
            cur = self.dataset._db.cursor()
            cur.execute(
                f"CREATE OR REPLACE TABLE {keys} AS SELECT article_id, _aidx FROM d_articles WHERE {costly}"
            )
            cur.close()
        where = " AND ".join(conds)
        by_id = [where] if where else []
        if keys:
            by_id.append(f"article_id IN (SELECT article_id FROM {keys})")
            conds.append(f"_aidx IN (SELECT _aidx FROM {keys})")
            where = " AND ".join(conds)
        troops = [where] if where else []
        if f.troops_of:
            troops.append(f"troops_of IN ({lits(f.troops_of)})")
        quotes = [where] if where else []
        if tuple(f.polarity) != (-1.0, 1.0):
            quotes.append(f"polarity BETWEEN {lit(float(f.polarity[0]))} AND {lit(float(f.polarity[1]))}")
        if f.speakers:
            quotes.append(f"speaker IN ({lits(f.speakers)})")

        def view(source: str, conds: list[str], exclude: str = "") -> str:
            return f"SELECT *{exclude} FROM {source}" + (" WHERE " + " AND ".join(conds) if conds else "")

        views = {
            "sel_articles": view("t_articles", by_id),
            "sel_mentions": view("d_mentions", [where] if where else [], " EXCLUDE (duplicate_of, _aidx)"),
            "sel_troops": view("d_troops", troops, " EXCLUDE (duplicate_of, _aidx)"),
            "sel_quotes": view("d_quotes", quotes, " EXCLUDE (duplicate_of, _aidx)"),
        }
        return views, keys


@st.composite
def corpora(draw, extra: str = "") -> dict[str, pd.DataFrame]:
    """Output tables: a few articles (some undated, copies, no outlet), mentions of awkward actor names (quote
    marks, commas, LIKE wildcards, a trailing space), quotes and troop figures; ``extra`` names an extra column
    of the articles (one that clashes with the row numbers)."""
    n = draw(st.integers(0, 12))
    ids = draw(st.lists(st.sampled_from("abcdefghijkl"), min_size=n, max_size=n, unique=True))
    ids = [f"{c}{i}" for i, c in enumerate(ids)]  # ids not in row order
    arts = []
    for i, aid in enumerate(ids):
        text = draw(st.sampled_from(TEXTS))
        day = draw(st.none() | st.integers(0, 120))
        arts.append(
            dict(
                article_id=aid,
                source=f"gen/{aid}.txt",
                title=draw(st.sampled_from(["", "Kremlin talks", "Border"])),
                published=None if day is None else DAY0 + dt.timedelta(days=day),
                date_source="none" if day is None else "file",
                outlet=draw(st.sampled_from(OUTLETS)),
                url="",
                text=text,
                n_words=len(text.split()),
                duplicate_of=draw(st.none() | st.sampled_from(ids[:i] or [None])),
                author="",
            )
        )
    mentions, quotes, troops = [], [], []
    if ids:
        for aid, actor, kind in draw(
            st.lists(
                st.tuples(st.sampled_from(ids), st.sampled_from(ACTORS), st.sampled_from(KINDS)),
                min_size=1,
                max_size=30,
            )
        ):
            mentions.append(
                dict(article_id=aid, actor=actor, actor_type=kind, surface=actor, start=0, end=len(actor))
            )
        for j, (aid, speaker, pol) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(ids),
                        st.sampled_from(SPEAKERS),
                        st.sampled_from([-0.5, 0.0, 0.1, 0.6]),
                    ),
                    max_size=8,
                )
            )
        ):
            quotes.append(
                dict(
                    article_id=aid,
                    quote_id=f"{aid}-{j:03d}",
                    text="We are here.",
                    speaker=speaker,
                    verb="said",
                    kind="full",
                    quote_marks="present",
                    start=0,
                    end=12,
                    polarity=pol,
                    subjectivity=0.5,
                    published=None,
                    vader_compound=0.0,
                    sentiment_words="",
                    lenses_disagree=False,
                    speaker_detail="",
                    speaker_rule="",
                )
            )
        for aid, value, of in draw(
            st.lists(
                st.tuples(st.sampled_from(ids), st.integers(1, 10**6), st.sampled_from(["", "Russia"])),
                max_size=5,
            )
        ):
            troops.append(
                dict(
                    article_id=aid,
                    value=value,
                    low=None,
                    high=None,
                    qualifier="exact",
                    troops_of=of,
                    claimed_by="",
                    surface=str(value),
                    start=0,
                    end=len(str(value)),
                    sentence="",
                    owner_rule="",
                    claim_rule="",
                )
            )
    tables = {
        name: to_frame(name, rows)
        for name, rows in (("articles", arts), ("mentions", mentions), ("troops", troops), ("quotes", quotes))
    }
    tables |= {name: to_frame(name, []) for name in ("rejects", "repeats")}
    if extra:
        tables["articles"][extra] = [f"x{i}" for i in range(len(arts))]
    return tables


@st.composite
def actor_filters(draw, tables: dict[str, pd.DataFrame]) -> Filters:
    """An actor filter (one to three actors, mostly ones the tables mention, perhaps one they do not), alone or
    with any of the other filters."""
    mentioned = sorted(set(tables["mentions"]["actor"]))
    actors = st.sampled_from(mentioned) if mentioned else st.sampled_from(ACTORS)
    actors = tuple(
        draw(st.lists(actors | st.sampled_from([*ACTORS, "absent"]), min_size=1, max_size=3, unique=True))
    )
    if not draw(st.booleans()):
        return Filters(actors=actors)
    day = st.none() | st.integers(0, 120).map(lambda d: DAY0 + dt.timedelta(days=d))
    return Filters(
        start=draw(day),
        end=draw(day),
        include_undated=draw(st.booleans()),
        outlets=tuple(draw(st.lists(st.sampled_from(OUTLETS[1:]), max_size=2, unique=True))),
        actors=actors,
        speakers=tuple(draw(st.lists(st.sampled_from(SPEAKERS[1:]), max_size=1))),
        troops_of=tuple(draw(st.lists(st.just("Russia"), max_size=1))),
        polarity=draw(st.sampled_from([(-1.0, 1.0), (0.1, 1.0)])),
        search=draw(st.sampled_from(["", "kremlin", "o'brien"])),
        once_per_story=draw(st.booleans()),
    )


def assert_same(ds: Dataset, f: Filters, one_row_group: bool = True) -> None:
    """The same frames from the new selection and the old. The first rows found (``table(name, limit)``) are the
    same rows only while a table is one row group: beyond, two threads find them in either order (in the old
    implementation as well), and they are checked as that many of the selected rows."""
    new, old = ds.select(f), OldSelection(ds, f)
    assert new.headline() == old.headline(), f
    assert new.actor_kinds() == old.actor_kinds(), f
    for name in SCHEMAS:
        full = new.table(name)
        pd.testing.assert_frame_equal(full, old.table(name), check_exact=True)
        head = new.table(name, limit=2)
        if one_row_group:
            pd.testing.assert_frame_equal(head, old.table(name, limit=2), check_exact=True)
        else:
            assert len(head) == min(2, len(full)) and list(head.columns) == list(full.columns)
            assert head.merge(full, how="left", indicator=True)["_merge"].eq("both").all()
    for name in ("articles", "mentions", "troops", "quotes"):
        pd.testing.assert_frame_equal(new.rows(name, "TRUE"), old.rows(name, "TRUE"), check_exact=True)


def open_all(tables: dict[str, pd.DataFrame], root: Path, by_hand: bool = False) -> dict[str, Dataset]:
    """The tables two ways: Parquet (through the cache; written by the pipeline's writer, or ``by_hand`` with
    pandas, which keeps extra columns) and frames (the CSV path loads its tables as frames do)."""
    folder = root / "pq"
    if by_hand:
        folder.mkdir()
        for name, df in tables.items():
            df.to_parquet(folder / f"{name}.parquet", index=False)
    else:
        write_tables(tables, folder)
    return {"parquet": Dataset.from_folder(folder), "frames": Dataset.from_tables(tables)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_actor_filter_gives_the_frames_of_the_previous_implementation(data):
    tables = data.draw(corpora())
    fs = data.draw(st.lists(actor_filters(tables), min_size=1, max_size=3))
    with tempfile.TemporaryDirectory() as tmp:
        for source, ds in open_all(tables, Path(tmp)).items():
            assert ds._numbered, source  # the articles are found by their row numbers
            for f in fs:
                assert_same(ds, f)


@pytest.mark.parametrize("extra", ["file_row_number", "rowid", "_arow"])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_articles_with_a_column_named_like_the_row_numbers_are_found_by_id(extra, data):
    """A source whose articles have a column of the row number's name (the Parquet reader's, a table's or ours)
    has no numbered view: its articles are selected by id, with the same frames, the column shown as it is."""
    tables = data.draw(corpora(extra))
    with tempfile.TemporaryDirectory() as tmp:
        for source, ds in open_all(tables, Path(tmp), by_hand=True).items():
            clash = extra in ("_arow", "file_row_number" if source == "parquet" else "rowid")
            assert ds._numbered is not clash, source
            for f in data.draw(st.lists(actor_filters(tables), min_size=1, max_size=2)):
                assert_same(ds, f)
                assert extra in ds.select(f).table("articles").columns


def test_the_actor_index_is_sorted_by_actor_so_a_filter_reads_only_its_row_groups(tmp_path):
    """``d_actors`` (the cache's actors.parquet): one row per actor and article, sorted by actor, so that the row
    groups' min/max of the actor bound the ones a filter reads; an actor's articles are those that mention it."""
    import pyarrow.parquet as pq

    n = 100_000
    arts = [
        dict(article_id=f"a{i:06d}", source="", title="", published=None, date_source="none", outlet="", url="",
             text="", n_words=0, duplicate_of=None, author="")
        for i in range(n)
    ]  # fmt: skip
    actors = [f"actor {k:03d}" for k in range(100)]
    mentions = [
        dict(article_id=f"a{i:06d}", actor=actors[(i * 7 + j) % 100], actor_type="person", surface="", start=0,
             end=0)
        for i in range(n)
        for j in range(5)
        if (i + j) % 3
    ]  # fmt: skip
    tables = {name: to_frame(name, rows) for name, rows in (("articles", arts), ("mentions", mentions))}
    tables |= {name: to_frame(name, []) for name in ("troops", "quotes", "rejects", "repeats")}
    ds = Dataset.from_folder(write_tables(tables, tmp_path / "out")["articles"].parent)
    meta = pq.ParquetFile(ds._cache / "actors.parquet").metadata
    assert meta.num_row_groups > 1
    bounds = [meta.row_group(i).column(0).statistics for i in range(meta.num_row_groups)]
    assert all(a.max <= b.min for a, b in zip(bounds, bounds[1:], strict=False))
    got = ds.query("SELECT actor, _aidx FROM d_actors").sort_values(["actor", "_aidx"], ignore_index=True)
    expected = ds.query("SELECT DISTINCT actor, _aidx FROM d_mentions ORDER BY actor, _aidx")
    pd.testing.assert_frame_equal(got, expected)
    plan = ds.query(f"EXPLAIN ANALYZE SELECT _aidx FROM d_actors WHERE actor IN ({lits((actors[5],))})")
    scanned = plan.iloc[0, 1].split("Row Groups Scanned:")[1].split("│")[0].split("/")
    assert int(scanned[0]) < int(scanned[1])  # the actor's row groups, not all
    assert_same(ds, Filters(actors=(actors[5],)), one_row_group=False)


def test_an_actor_selection_is_queried_from_another_thread(awkward_out):
    """A download runs in a server thread: the join on the key table works from its own cursor too."""
    sel = Dataset.from_folder(awkward_out).select(Filters(actors=("NATO",)))
    got = {}
    t = threading.Thread(target=lambda: got.update(n=len(sel.table("mentions"))))
    t.start()
    t.join()
    assert got["n"] == len(sel.table("mentions")) == 4
