"""Each chart's aggregate as SQL on a real DuckDB Selection: the awkward fixture (always) and the real sample
(when ../shared is present), with the figures drawn from them."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard import aggregates as agg
from dashboard import charts, charts_tone, charts_troops
from dashboard.clicks import Pick
from dashboard.dataset import Dataset, Filters


@pytest.fixture(scope="module")
def awkward(awkward_out):
    return Dataset.from_folder(awkward_out)


@pytest.fixture(scope="module")
def real(real_out):
    return Dataset.from_folder(real_out)


def test_coverage_counts_dated_articles_per_outlet(awkward):
    got = agg.coverage(awkward.select(Filters()), "W")
    rows = {(str(b)[:10], o, v) for b, o, v in got.itertuples(index=False)}
    assert rows == {
        ("2021-11-29", "Reuters", 1),
        ("2022-01-10", "Fox News", 2),
        ("2022-01-10", "Reuters", 1),
        ("2022-02-14", "TASS", 1),
    }  # the undated article (no outlet) has no bucket


def test_missing_outlet_is_unknown_in_tone_by_outlet(awkward):
    got = agg.tone_by_outlet(awkward.select(Filters()), "polarity").set_index("outlet")
    assert "unknown" in got.index and got.loc["unknown", "n"] == 1
    assert not any(str(o) in ("", "None", "nan") for o in got.index)


@pytest.mark.parametrize("n, expected", [(1, [""]), (8, ["", "Sergei Lavrov", "United States"])])
def test_claimant_groups(awkward, n, expected):
    assert agg.claimant_groups(awkward.select(Filters()), n) == expected


@pytest.mark.parametrize(
    "groups, expected",
    [
        (
            [""],
            {
                ("2021-12-01", "the article itself", 100_000),
                ("2022-01-01", "other", 175_000),
                ("2022-02-01", "other", 130_000),
            },
        ),
        (
            ["", "United States", "Sergei Lavrov"],
            {
                ("2021-12-01", "the article itself", 100_000),
                ("2022-01-01", "United States", 175_000),
                ("2022-02-01", "Sergei Lavrov", 130_000),
            },
        ),
    ],
)
def test_troop_figures_by_claimant_group(awkward, groups, expected):
    got = agg.troop_figures(awkward.select(Filters()), "M", groups)
    assert {
        (str(b)[:10], c, v) for b, c, v in got[["bucket", "claimant", "value"]].itertuples(index=False)
    } == expected
    assert (got["n"] == 1).all()  # the undated 3.5 million has no bucket


@pytest.mark.parametrize("top, expected", [(1, ["Antony Blinken"]), (5, ["Antony Blinken", "Sergei Lavrov"])])
def test_blank_speaker_never_takes_a_top_slot(awkward, top, expected):
    assert agg.top_speakers(awkward.select(Filters()), top) == expected  # '' has 2 quotes, as many as Blinken


def test_tone_over_time_per_speaker_and_all_quotes(awkward):
    got = agg.tone_over_time(awkward.select(Filters()), "W", "polarity", ["Antony Blinken"])
    blinken = got[got["speaker"] == "Antony Blinken"].iloc[0]
    assert (blinken["n"], blinken["mean"]) == (2, pytest.approx(0.175))
    assert blinken["sd"] == pytest.approx(pd.Series([0.25, 0.1]).std())
    everyone = got[got["speaker"] == "all quotes"]
    assert everyone["n"].sum() == 4  # the undated quote has no bucket


def test_neutral_share(awkward):
    got = agg.neutral_share(awkward.select(Filters()), "M", "vader_compound")
    assert got["n"].sum() == 4 and got["neutral"].sum() == 0
    with pytest.raises(ValueError, match="lens"):
        agg.neutral_share(awkward.select(Filters()), "M", "text; DROP TABLE t_quotes")


@pytest.mark.parametrize(
    "chart, picks, column, expected",
    [
        ("coverage", [Pick("Fox News", "2022-01-10")], "article_id", {"a3", "a6"}),
        (
            "coverage",
            [Pick("Reuters", "2022-01-10")],
            "article_id",
            {"a5"},
        ),  # not the Fox News articles that week
        ("coverage", [Pick("Reuters", "2022-01-10"), Pick("TASS", "2022-02-14")], "article_id", {"a5", "a4"}),
        ("mentions", [Pick("Antony Blinken", "2022-01-10")], "article_id", {"a3", "a6"}),
        ("mentions", [Pick("NATO", "2022-01-10")], "article_id", {"a3"}),
        ("troops", [Pick("the article itself", "2021-11-29")], "article_id", {"a1"}),
        ("troops", [Pick("United States", "2022-01-10")], "claimed_by", {"United States"}),
        ("tone", [Pick("Antony Blinken", "2022-01-10")], "speaker", {"Antony Blinken"}),
        ("tone", [Pick("all quotes", "2021-11-29")], "speaker", {""}),
        ("troops", [Pick("all claimants", "2022-01-10")], "article_id", {"a3"}),  # the median of all figures
        ("troops", [Pick("all claimants", "2022-02-14")], "claimed_by", {"Sergei Lavrov"}),
        ("tone_by_outlet", [Pick("unknown", "")], "article_id", {"a2"}),
        ("neutral", [Pick("neutral", "2022-01-10")], "article_id", set()),
    ],
)
def test_a_click_lists_the_clicked_series_only(awkward, chart, picks, column, expected):
    sel = awkward.select(Filters())
    table, where, params = agg.click_where(chart, picks, "W", groups=["", "United States", "Sergei Lavrov"])
    assert set(sel.rows(table, where, params)[column]) == expected


def test_every_chart_draws_from_its_aggregate_on_the_awkward_fixture(awkward):
    sel = awkward.select(Filters())
    figs = [
        charts.stacked_bars(agg.coverage(sel, "W"), "outlet", "c", "articles", "W"),
        charts.share_of_voice(agg.share_of_voice(sel)),
        charts.co_mention_heatmap(agg.co_mentions(sel)),
        charts.series_lines(
            agg.mentions_over_time(sel, "W", ["Russia"], per_article=True), "actor", "m", "x"
        ),
        charts_troops.troop_figures(agg.troop_figures(sel, "W")),
        charts_tone.tone_over_time(agg.tone_over_time(sel, "W", "polarity", agg.top_speakers(sel))),
        charts_tone.neutral_share(agg.neutral_share(sel, "W", "polarity")),
        charts_tone.tone_by_outlet(agg.tone_by_outlet(sel, "polarity")),
    ]
    assert all(f.data for f in figs)


def test_an_empty_selection_draws_empty_charts(awkward):
    sel = awkward.select(Filters(outlets=("No Such Outlet",)))
    assert agg.coverage(sel, "W").empty and agg.troop_figures(sel, "W").empty and agg.co_mentions(sel).empty
    fig = charts_troops.troop_figures(agg.troop_figures(sel, "W"))
    assert fig.layout.annotations[0].text == "No data for these filters"


def _monthly(sel, q: float) -> pd.Series:
    figs = agg.troop_figures(sel, "M").assign(bucket=lambda d: pd.to_datetime(d["bucket"]))
    return pd.Series(
        {
            b: charts_troops.weighted_quantile(g["value"].to_numpy(), g["n"].to_numpy(), q)
            for b, g in figs.groupby("bucket")
        }
    )


NOV, FEB = pd.Timestamp("2021-11-01"), pd.Timestamp("2022-02-01")


def test_real_sample_russian_force_rises_from_november_to_february(real):
    sel = real.select(Filters(troops_of=("Russia",)))
    median, upper = _monthly(sel, 0.5), _monthly(sel, 0.75)
    assert 80_000 <= median[NOV] <= 110_000 and median[FEB] >= median[NOV]  # 1 article in 8: both 100,000
    assert upper[FEB] > upper[NOV]  # 150,000 against 100,000


# The whole r2nery window analysed (`.venv/bin/python -m analysis run
# ../shared/corpus/ukraine_media_r2nery/articles_2021-11_to_2022-03.jsonl --out DIR`), given as WIREWATCH_WINDOW_OUT=DIR.
WINDOW_OUT = Path(os.environ["WIREWATCH_WINDOW_OUT"]) if os.environ.get("WIREWATCH_WINDOW_OUT") else None


@pytest.mark.skipif(
    WINDOW_OUT is None or not (WINDOW_OUT / "troops.parquet").exists(),
    reason="set WIREWATCH_WINDOW_OUT=DIR, a folder holding the whole r2nery window analysed "
    "(.venv/bin/python -m analysis run ../shared/corpus/ukraine_media_r2nery/articles_2021-11_to_2022-03.jsonl "
    "--out DIR)" + (f"; {WINDOW_OUT} holds no troops.parquet" if WINDOW_OUT is not None else ""),
)
def test_whole_window_median_russian_force_rises():
    sel = Dataset.from_folder(WINDOW_OUT).select(Filters(troops_of=("Russia",)))
    median = _monthly(sel, 0.5)
    assert median[NOV] == 90_000 and median[FEB] == 120_000
    sql = agg.troop_medians(sel, "M", "Russia").set_index("bucket")["median"]  # the same through SQL's median
    assert sql[FEB] == 120_000 and sql[NOV] == 90_000


def test_real_sample_tone_and_coverage(real):
    sel = real.select(Filters())
    cov = agg.coverage(sel, "M")
    assert cov["value"].sum() == sel.headline()["articles"] - int(real.choices().n_undated)
    neutral = agg.neutral_share(sel, "M", "polarity")
    share = neutral["neutral"].sum() / neutral["n"].sum()
    assert 0.35 < share < 0.65  # about half the quotes score exactly 0 on TextBlob
    speakers = agg.top_speakers(sel, 5)
    assert "" not in speakers and len(speakers) == 5
    fig = charts_troops.troop_figures(agg.troop_figures(sel, "W"))
    assert 10 ** fig.layout.yaxis.range[1] < 3_500_000  # no single huge figure stretches the axis
    groups = [t.name for t in fig.data if t.showlegend is not False and t.legend in (None, "legend")]
    assert len(groups) <= 10  # at most 8 claimant groups, 'other' and the median line


def test_each_charts_aggregate_comes_in_one_order(awkward):
    """A chart's spec must be the same on every run of the page: Streamlit names a keyed chart by its spec too,
    so a spec that changes between runs is a new chart and the click just made is lost (a troop marker's click
    selected nothing about one time in five: rows of one bucket, claimant and value came in either order)."""
    import inspect

    def order_by(f) -> str:
        src = " ".join(inspect.getsource(f).split())
        return src[src.index("ORDER BY") :].split('"')[0].strip()

    assert (
        order_by(agg.troop_figures)
        == "ORDER BY bucket, claimant, value, qualifier, low NULLS FIRST, high NULLS FIRST"
    )
    assert order_by(agg.tone_by_outlet) == "ORDER BY mean, outlet"
