"""The dashboard's data interface (dashboard/dataset.py) on real DuckDB over real Parquet, CSV and frames."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import pytest

from analysis.schemas import SCHEMAS
from dashboard.dataset import Dataset, DatasetError, Filters, bucket_sql
from tests.dashboard_fixtures import awkward_tables, write_awkward

ALL = {"a1", "a2", "a3", "a4", "a5", "a6"}
QUOTED = ["a1", "a2", "a3", "a4", "a6"]  # the articles of the fixture's five quotes
JAN = dt.date(2022, 1, 1)

# (filters, articles selected, articles of the quotes selected, articles of the troop figures, mentions)
CASES = [
    (Filters(), ALL, QUOTED, ["a1", "a2", "a3", "a4"], 12),
    (Filters(start=JAN), {"a2", "a3", "a4", "a5", "a6"}, ["a2", "a3", "a4", "a6"], ["a2", "a3", "a4"], 9),
    (
        Filters(start=JAN, include_undated=False),
        {"a3", "a4", "a5", "a6"},
        ["a3", "a4", "a6"],
        ["a3", "a4"],
        8,
    ),
    (Filters(include_undated=False), ALL - {"a2"}, ["a1", "a3", "a4", "a6"], ["a1", "a3", "a4"], 11),
    (Filters(end=dt.date(2021, 12, 31)), {"a1", "a2"}, ["a1", "a2"], ["a1", "a2"], 4),
    (Filters(outlets=("Fox News", "TASS")), {"a3", "a4", "a6"}, ["a3", "a4", "a6"], ["a3", "a4"], 8),
    (Filters(actors=("NATO",)), {"a3"}, ["a3"], ["a3"], 4),  # the article's other actors stay
    (Filters(actors=("NATO", "Joe Biden")), {"a1", "a3"}, ["a1", "a3"], ["a1", "a3"], 7),
    (Filters(speakers=("Antony Blinken",)), ALL, ["a3", "a6"], ["a1", "a2", "a3", "a4"], 12),
    (Filters(polarity=(0.1, 1.0)), ALL, ["a3", "a6"], ["a1", "a2", "a3", "a4"], 12),  # 0.1 and 0.25: both in
    (Filters(polarity=(-1.0, 0.1)), ALL, ["a1", "a2", "a4", "a6"], ["a1", "a2", "a3", "a4"], 12),  # 0.1 in
    (Filters(polarity=(0.25, 0.25)), ALL, ["a3"], ["a1", "a2", "a3", "a4"], 12),
    (Filters(search="GENEVA"), {"a3"}, ["a3"], ["a3"], 4),  # in a title
    (Filters(search="stocks rose"), {"a5"}, [], [], 0),  # in a text only
    (Filters(search="it's"), set(), [], [], 0),  # a quote mark in the term is a literal
    (Filters(once_per_story=True), ALL - {"a5"}, QUOTED, ["a1", "a2", "a3", "a4"], 12),
    (Filters(troops_of=("Russia",)), ALL, QUOTED, ["a2", "a3"], 12),
    (Filters(outlets=("no such outlet",)), set(), [], [], 0),
    (Filters(start=JAN, outlets=("Reuters",), once_per_story=True), set(), [], [], 0),
]


@pytest.fixture(scope="module")
def datasets(awkward_out, tmp_path_factory):
    """The same tables three ways: views over Parquet, a CSV folder, frames in memory."""
    csv_out = write_awkward(tmp_path_factory.mktemp("awkward-csv"), "csv")
    return {
        "parquet": Dataset.from_folder(awkward_out),
        "csv": Dataset.from_folder(csv_out),
        "frames": Dataset.from_tables(awkward_tables()),
    }


@pytest.mark.parametrize("source", ["parquet", "csv", "frames"])
@pytest.mark.parametrize("f, articles, quotes, troops, mentions", CASES)
def test_filters_select(datasets, source, f, articles, quotes, troops, mentions):
    sel = datasets[source].select(f)
    assert set(sel.table("articles")["article_id"]) == articles
    assert sorted(sel.table("quotes")["article_id"]) == sorted(quotes)
    assert sorted(sel.table("troops")["article_id"]) == sorted(troops)
    assert len(sel.table("mentions")) == mentions
    h = sel.headline()
    assert (h["articles"], h["quotes"], h["troops"]) == (len(articles), len(quotes), len(troops))
    assert h["actors"] == sel.table("mentions")["actor"].nunique()


@pytest.mark.parametrize("f", [c[0] for c in CASES])
def test_every_source_gives_identical_tables(datasets, f):
    for name in SCHEMAS:
        ref = datasets["frames"].select(f).table(name)
        for source in ("parquet", "csv"):
            pd.testing.assert_frame_equal(datasets[source].select(f).table(name), ref, check_dtype=True)


def test_tables_have_the_contract_columns_in_order_even_when_empty(datasets):
    for f in (Filters(), Filters(outlets=("no such outlet",))):
        for name in SCHEMAS:
            df = datasets["parquet"].select(f).table(name)
            assert list(df.columns[: len(SCHEMAS[name])]) == list(SCHEMAS[name]), name


def test_an_actor_selects_articles_and_keeps_their_other_actors(datasets):
    sel = datasets["parquet"].select(Filters(actors=("NATO",)))
    assert set(sel.table("mentions")["actor"]) == {"United States", "Russia", "NATO", "Antony Blinken"}
    assert sel.headline()["actors"] == 4


@pytest.mark.parametrize("bounds, n", [((0.1, 1.0), 2), ((-1.0, 0.1), 4), ((0.1, 0.1), 1), ((0.11, 1.0), 1)])
def test_polarity_boundary_page_equals_download(datasets, bounds, n):
    """A quote scoring exactly 0.1 is in at either bound, on the page and in the download alike (float64)."""
    sel = datasets["parquet"].select(Filters(polarity=bounds))
    assert sel.headline()["quotes"] == len(sel.table("quotes")) == n
    assert sel.sql("SELECT DISTINCT typeof(polarity) t FROM sel_quotes")["t"].tolist() in ([], ["DOUBLE"])


def test_child_views_carry_the_articles_date_and_outlet(datasets):
    sel = datasets["parquet"].select(Filters())
    for view in ("sel_mentions", "sel_troops", "sel_quotes"):
        got = sel.sql(f"SELECT DISTINCT article_id, published, outlet FROM {view} ORDER BY article_id")
        arts = sel.sql("SELECT article_id, published, outlet FROM sel_articles")
        assert got.merge(arts, on="article_id", suffixes=("", "_a")).pipe(
            lambda d: (
                (d["outlet"] == d["outlet_a"])
                & ((d["published"] == d["published_a"]) | d["published"].isna())
            ).all()
        ), view
    undated = sel.sql("SELECT count(*) n FROM sel_quotes WHERE published IS NULL")["n"].iloc[0]
    assert undated == 1  # the undated article's quote


def test_choices_come_from_the_data(datasets):
    for ds in datasets.values():
        ch = ds.choices()
        assert ch.date_range == (dt.date(2021, 12, 1), dt.date(2022, 2, 20))
        assert (ch.n_undated, ch.n_articles) == (1, 6)
        assert ch.outlets == ("Fox News", "Reuters", "TASS")
        assert ch.actors[:3] == ("Russia", "Ukraine", "Antony Blinken")
        assert ch.speakers == ("Antony Blinken", "Sergei Lavrov")  # the blank speaker is no choice
        assert ch.troops_of == ("Russia",)


def test_a_corpus_without_dates_has_no_range_and_counts_its_undated():
    t = awkward_tables()
    t["articles"] = t["articles"].assign(published=None)
    ds = Dataset.from_tables(t)
    assert ds.choices().date_range is None and ds.choices().n_undated == 6
    assert ds.select(Filters(start=JAN)).headline()["articles"] == 6


def test_article_text_and_rows_behind_a_click(datasets):
    ds = datasets["parquet"]
    assert ds.article_text("a5") == "Stocks rose on Monday with nothing else of note."
    assert ds.article_text("no such id") == ""
    rows = ds.select(Filters()).rows("quotes", "speaker = ?", ["Antony Blinken"])
    assert rows["article_id"].tolist() == ["a3", "a6"] and {"published", "outlet"} <= set(rows.columns)


@pytest.mark.parametrize(
    "freq, day, start",
    [("D", "2022-01-12", "2022-01-12"), ("W", "2022-01-12", "2022-01-10"), ("M", "2022-01-12", "2022-01-01")],
)
def test_buckets(datasets, freq, day, start):
    got = (
        datasets["frames"]
        .select(Filters())
        .sql(f"SELECT {bucket_sql(freq, 'd')} b FROM (SELECT DATE '{day}' d)")
    )
    assert str(got["b"].iloc[0])[:10] == start
    with pytest.raises(ValueError):
        bucket_sql("Y")


def test_a_selection_is_queried_from_another_thread(datasets):
    """Downloads are built when clicked, in a server thread, long after the page ran."""
    sel = datasets["parquet"].select(Filters(outlets=("Fox News",)))
    for i in range(12):  # more distinct selections than the dataset keeps key tables for
        datasets["parquet"].select(Filters(search=f"term {i}")).headline()
    got = []
    th = threading.Thread(target=lambda: got.append(len(sel.table("quotes"))))
    th.start()
    th.join()
    assert got == [2]


def _broken(out, table: str, change) -> None:
    p = out / f"{table}.parquet"
    change(pd.read_parquet(p), out).to_parquet(p, index=False)


@pytest.mark.parametrize(
    "table, change, words",
    [
        ("articles", lambda d, _: d.assign(article_id=range(len(d))), ["'articles'", "'article_id'"]),
        ("articles", lambda d, _: d.drop(columns=["text"]), ["'articles'", "'text'"]),
        ("mentions", lambda d, _: d.assign(start=d["start"].astype(str)), ["'mentions'", "'start'"]),
        ("troops", lambda d, _: d.assign(value=d["value"].astype(float)), ["'troops'", "'value'"]),
        ("quotes", lambda d, _: d.assign(polarity=d["polarity"].astype(str)), ["'quotes'", "'polarity'"]),
        ("quotes", lambda d, out: pd.read_parquet(out / "mentions.parquet"), ["'quotes'", "another table"]),
    ],
)
def test_a_wrong_table_is_named_on_load(tmp_path, table, change, words):
    out = write_awkward(tmp_path / "out")
    _broken(out, table, change)
    with pytest.raises(DatasetError) as e:
        Dataset.from_folder(out)
    assert all(w in str(e.value) for w in words), str(e.value)
    assert "\n" not in str(e.value)


def test_tables_written_without_a_later_column_load(tmp_path):
    out = write_awkward(tmp_path / "out")
    _broken(out, "articles", lambda d, _: d.drop(columns=["author"]))
    assert Dataset.from_folder(out).select(Filters()).table("articles")["author"].tolist() == [""] * 6


def test_the_real_corpus_through_both_paths(real_out):
    from analysis.io import read_tables

    folder, frames = Dataset.from_folder(real_out), Dataset.from_tables(read_tables(real_out))
    ch = folder.choices()
    assert ch == frames.choices() and ch.n_articles > 100
    arts = read_tables(real_out)["articles"]
    lo, hi = ch.date_range
    mid = lo + (hi - lo) / 2
    cases = [
        Filters(),
        Filters(outlets=ch.outlets[:2]),
        Filters(start=mid),
        Filters(actors=ch.actors[5:6]),
        Filters(speakers=ch.speakers[:3], polarity=(0.1, 1.0)),
    ]
    for f in cases:
        a, b = folder.select(f), frames.select(f)
        assert a.headline() == b.headline(), f
        for name in ("articles", "quotes", "troops"):
            pd.testing.assert_frame_equal(a.table(name), b.table(name))
    expected = arts[arts["outlet"].isin(ch.outlets[:2])]
    assert folder.select(cases[1]).headline()["articles"] == len(expected)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_a_limited_table_is_the_first_rows_in_order(datasets, name):
    sel = datasets["parquet"].select(Filters())
    full, head = sel.table(name), sel.table(name, limit=3)
    assert list(head.columns) == list(full.columns) and len(head) == min(3, len(full))
    assert head.merge(full, how="left", indicator=True)["_merge"].eq("both").all()


def test_a_new_run_into_the_folder_is_never_read_from_a_stale_cache(tmp_path, dashboard_cache):
    from analysis.io import write_tables

    out = write_awkward(tmp_path / "out")
    assert Dataset.from_folder(out).select(Filters()).headline()["quotes"] == 5
    assert any(dashboard_cache.rglob("quotes.parquet"))  # the denormalised tables were written once
    t = awkward_tables()
    t["quotes"] = t["quotes"].iloc[:2]
    write_tables(t, out)  # a new generation of the same folder
    sel = Dataset.from_folder(out).select(Filters())
    assert sel.headline()["quotes"] == 2 and len(sel.table("quotes")) == 2


DAY = 86_400
NOW = 1_800_000_000.0


def _entry(name: str, days_ago: float, size: int):
    from dashboard.dataset import CacheEntry

    return CacheEntry(Path("/c") / name, NOW - days_ago * DAY, size)


def test_cache_entries_to_remove_old_ones_then_the_least_recently_used_beyond_the_cap():
    from dashboard.dataset import entries_to_remove

    keep = _entry("keep", 30, 10)  # being opened: kept however old
    old = _entry("old", 8, 1)
    fresh = _entry("fresh", 0.01, 50)  # used within the hour: kept whatever the size
    a, b = _entry("a", 3, 20), _entry("b", 2, 20)
    entries = [keep, old, fresh, a, b]
    assert entries_to_remove(entries, keep.path, NOW, max_age_s=7 * DAY, max_bytes=1_000) == [old.path]
    # over 80 bytes: the least recently used of the others (a) goes, b is enough to stay under
    assert entries_to_remove(entries, keep.path, NOW, max_age_s=7 * DAY, max_bytes=80) == [old.path, a.path]
    assert entries_to_remove(entries, keep.path, NOW, max_age_s=7 * DAY, max_bytes=0) == [
        old.path,
        a.path,
        b.path,
    ]  # never keep nor fresh, even over the cap
    assert entries_to_remove([keep, fresh], keep.path, NOW, max_bytes=0) == []


def test_prune_cache_removes_only_its_own_old_folders(tmp_path):
    import os

    from dashboard.dataset import prune_cache

    def folder(name: str, days_ago: float) -> Path:
        d = tmp_path / name
        d.mkdir()
        (d / "quotes.parquet").write_bytes(b"x" * 100)
        os.utime(d, (NOW - days_ago * DAY, NOW - days_ago * DAY))
        return d

    keep, old, recent = folder("a" * 20, 40), folder("b" * 20, 10), folder("c" * 20, 1)
    mine_not = folder("not-a-cache-entry", 400)  # a folder the cache did not make is never touched
    assert prune_cache(tmp_path, keep, now=NOW) == [old]
    assert keep.exists() and recent.exists() and mine_not.exists() and not old.exists()


def test_opening_a_folder_prunes_the_cache_of_stale_entries(tmp_path, dashboard_cache):
    import os
    import time

    stale = dashboard_cache / ("f" * 20)
    stale.mkdir()
    (stale / "mentions.parquet").write_bytes(b"x")
    long_ago = time.time() - 30 * DAY
    os.utime(stale, (long_ago, long_ago))
    ds = Dataset.from_folder(write_awkward(tmp_path / "out"))
    assert not stale.exists()
    assert ds._cache is not None and ds._cache.parent == dashboard_cache and ds._cache.exists()
    assert ds.select(Filters()).headline()["quotes"] == 5


@pytest.mark.parametrize("source", ["parquet", "csv", "frames"])
def test_the_article_numbers_stay_inside_the_dataset(datasets, source):
    """Child rows are matched to their articles by a number (``_aidx``, in article_id order, one per article);
    no view, table or row listing shows it."""
    ds = datasets[source]
    keys = ds.query("SELECT article_id, _aidx FROM d_articles ORDER BY _aidx")
    assert keys["article_id"].tolist() == sorted(ALL) and keys["_aidx"].tolist() == list(
        range(1, len(ALL) + 1)
    )
    sel = ds.select(Filters(actors=("NATO",)))
    for name in ("articles", "mentions", "troops", "quotes"):  # nor the articles' row numbers (_arow)
        for internal in ("_aidx", "_arow"):
            assert internal not in sel.rows(name, "TRUE").columns
            assert internal not in sel.table(name).columns
            assert internal not in sel.sql(f"SELECT * FROM sel_{name} LIMIT 0").columns
    assert set(sel.rows("mentions", "TRUE")["article_id"]) == {"a3"}


@pytest.mark.parametrize("source", ["parquet", "csv", "frames"])
def test_the_troops_table_carries_each_figures_date_and_outlet(datasets, source):
    """The ledger and the troops download: each figure with its article's date and outlet (after the contract's
    columns), whatever the source."""
    got = datasets[source].select(Filters()).table("troops")
    assert list(got.columns)[: len(SCHEMAS["troops"])] == list(SCHEMAS["troops"])
    by_article = {
        a: (None if pd.isna(p) else str(p)[:10], o)
        for a, p, o in zip(got["article_id"], got["published"], got["outlet"], strict=True)
    }
    assert by_article == {
        "a1": ("2021-12-01", "Reuters"),
        "a2": (None, ""),
        "a3": ("2022-01-10", "Fox News"),
        "a4": ("2022-02-20", "TASS"),
    }


def test_a_rejects_table_written_before_its_kind_column_reads_kinds_off_the_reasons(tmp_path):
    """Issue 22 item 24: a rejects table of an older run has no ``kind``; a row's warning prefix gives it, in the
    folder's views as in ``conform``."""
    from analysis.schemas import conform

    out = write_awkward(tmp_path / "out")
    old = pd.DataFrame({"source": ["a.txt", "b.txt"], "reason": ["warning: mixed encodings", "binary file"]})
    _broken(out, "rejects", lambda d, _: old)
    got = Dataset.from_folder(out).select(Filters()).table("rejects")
    assert dict(zip(got["source"], got["kind"], strict=True)) == {"a.txt": "warning", "b.txt": "reject"}
    assert conform("rejects", old)["kind"].tolist() == ["warning", "reject"]
