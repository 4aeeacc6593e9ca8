"""The figure builders on small hand-made aggregate frames, awkward ones included (no Streamlit, no data files)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import charts, charts_tone, charts_troops
from dashboard.clicks import Pick, picked_keys
from dashboard.events import EventsFileError, load_events, parse_events

HOSTILE = "<b>Fox</b> *News* <script>x</script>"
W = pd.Timestamp


def strings_of(fig) -> list[str]:
    """Every text a reader sees: title, trace names, categorical x/y, text, hover, annotations (template markup
    of our own - <br>, <extra> - removed)."""
    d = fig.to_dict()
    out = [str(d["layout"].get("title", {}).get("text", ""))]
    for tr in d["data"]:
        out.append(str(tr.get("name", "")))
        for key in ("x", "y", "text", "hovertext"):
            v = tr.get(key)
            if isinstance(v, list | tuple | np.ndarray):
                out += [x for x in list(np.asarray(v, dtype=object).ravel()) if isinstance(x, str)]
            elif isinstance(v, str):
                out.append(v)
        out.append(str(tr.get("hovertemplate", "")).replace("<br>", " ").replace("<extra></extra>", ""))
    out += [str(a.get("text", "")).replace("<br>", " ") for a in d["layout"].get("annotations", [])]
    return out


def coverage_frame(kind: str) -> pd.DataFrame:
    rows = {
        "empty": [],
        "one": [(W("2022-01-10"), "Reuters", 3)],
        "blank": [
            (W("2022-01-10"), None, 2),
            (W("2022-01-10"), "", 1),
            (W("2022-01-17"), float("nan"), 4),
            (W("2022-01-17"), "CNN", 5),
        ],
        "hostile": [(W("2022-01-10"), HOSTILE, 2), (W("2022-01-17"), "CNN", 1)],
        "outlier": [(W("2022-01-10"), "CNN", 1), (W("2022-01-17"), "CNN", 10**6)],
    }[kind]
    return pd.DataFrame(rows, columns=["bucket", "outlet", "value"])


def troop_frame(kind: str) -> pd.DataFrame:
    cols = ["bucket", "claimant", "qualifier", "value", "low", "high", "n"]
    base = [
        (W("2021-11-15"), "Ukraine", "approx", 90_000, None, None, 3),
        (W("2021-11-22"), "", "exact", 100_000, None, None, 4),
        (W("2022-02-14"), "United States", "approx", 175_000, 169_000, 190_000, 5),
        (W("2022-02-14"), "United States", "exact", 150_000, None, None, 2),
    ]
    rows = {
        "empty": [],
        "one": [(W("2022-01-10"), "NATO", "at_least", 100_000, 100_000, None, 1)],
        "blank": base + [(W("2022-01-10"), None, None, 120_000, None, None, 1)],
        "hostile": base + [(W("2022-01-10"), HOSTILE, "exact", 120_000, None, None, 1)],
        "outlier": base + [(W("2022-02-14"), "other", "approx", 3_500_000, None, None, 1)],
        # a week whose every figure lies below the fences (8,500 troops on alert, the others about 100,000)
        "low-week": base + [(W("2022-01-24"), "United States", "exact", 8_500, None, None, 3)],
    }[kind]
    return pd.DataFrame(rows, columns=cols)


def tone_frame(kind: str) -> pd.DataFrame:
    cols = ["bucket", "speaker", "n", "mean", "sd", "neutral"]
    rows = {
        "empty": [],
        "one": [(W("2022-01-10"), "Antony Blinken", 1, 0.2, None, 0)],
        "blank": [(W("2022-01-10"), None, 4, 0.1, 0.2, 1), (W("2022-01-10"), "all quotes", 9, 0.0, 0.3, 5)],
        "hostile": [(W("2022-01-10"), HOSTILE, 4, 0.1, 0.2, 1), (W("2022-01-17"), HOSTILE, 2, -0.4, 0.1, 0)],
        "outlier": [(W("2022-01-10"), "Sergei Lavrov", 10**6, -0.99, 0.01, 10)],
    }[kind]
    return pd.DataFrame(rows, columns=cols)


def outlet_frame(kind: str) -> pd.DataFrame:
    t = tone_frame(kind).rename(columns={"speaker": "outlet"})
    return t.drop(columns=["bucket"]).drop_duplicates("outlet")


def square(names: pd.Series) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame(np.arange(n * n).reshape(n, n), index=names, columns=names)


EVENTS = parse_events(
    "date,label,source\n2022-01-10,<i>Geneva</i> talks,https://example.org/g\n"
    "2030-01-01,Far away,https://example.org/f\n"
)

BUILDERS = {
    "coverage": lambda k: charts.stacked_bars(
        coverage_frame(k), "outlet", "Coverage", "articles", "W", EVENTS
    ),
    "coverage-share": lambda k: charts.stacked_bars(
        coverage_frame(k), "outlet", "Share", "%", "W", EVENTS, share=True
    ),
    "lines": lambda k: charts.series_lines(coverage_frame(k), "outlet", "Mentions", "mentions", "W", EVENTS),
    "share-of-voice": lambda k: charts.share_of_voice(
        coverage_frame(k).rename(columns={"outlet": "actor", "value": "mentions"}).assign(actor_type="person")
    ),
    "heatmap": lambda k: charts.co_mention_heatmap(square(coverage_frame(k)["outlet"])),
    "troops": lambda k: charts_troops.troop_figures(troop_frame(k), "W", EVENTS),
    "tone": lambda k: charts_tone.tone_over_time(tone_frame(k), "polarity", "W", EVENTS),
    "neutral": lambda k: charts_tone.neutral_share(tone_frame(k), "W", EVENTS),
    "tone-by-outlet": lambda k: charts_tone.tone_by_outlet(outlet_frame(k)),
}
KINDS = ["empty", "one", "blank", "hostile", "outlier"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("builder", list(BUILDERS))
def test_every_builder_draws_every_awkward_frame_safely(builder, kind):
    fig = BUILDERS[builder](kind)
    texts = strings_of(fig)
    assert not any("<b>" in s or "<script" in s or "<i>" in s for s in texts), texts
    assert not any(s in ("None", "nan", "NaN", "<NA>") for s in texts)
    if kind == "empty":
        assert fig.layout.annotations[0].text == "No data for these filters"
    else:
        assert fig.to_dict()["data"]
    if kind == "hostile" and builder != "neutral":  # the neutral share has no label from the data
        assert any("&lt;b&gt;Fox&lt;/b&gt;" in s for s in texts)


@pytest.mark.parametrize("builder", ["coverage", "coverage-share", "lines", "tone-by-outlet"])
def test_a_missing_outlet_is_unknown(builder):
    fig = BUILDERS[builder]("blank")
    names = [t.name for t in fig.data] + [
        y for t in fig.data if t.y is not None for y in t.y if isinstance(y, str)
    ]
    assert "unknown" in names


@pytest.mark.parametrize(
    "outlet, bucket, expected",
    [
        ("unknown", "2022-01-10", 100.0),  # None and "" are one outlet
        ("unknown", "2022-01-17", 4 / 9 * 100),
        ("CNN", "2022-01-17", 5 / 9 * 100),
    ],
)
def test_share_is_the_outlets_part_of_its_bucket(outlet, bucket, expected):
    fig = BUILDERS["coverage-share"]("blank")
    got = {(c[0], c[1], round(y, 6)) for t in fig.data for c, y in zip(t.customdata, t.y, strict=True)}
    assert (outlet, bucket, round(expected, 6)) in got


def test_clickable_points_carry_the_raw_series_and_bucket():
    fig = BUILDERS["coverage"]("hostile")
    keys = {tuple(c) for t in fig.data for c in t.customdata}
    assert keys == {(HOSTILE, "2022-01-10"), ("CNN", "2022-01-17")}  # raw key, escaped name


@pytest.mark.parametrize("builder", ["coverage", "lines", "troops", "tone", "neutral"])
def test_events_marked_on_time_charts_only_inside_the_data(builder):
    fig = BUILDERS[builder]("hostile")
    labels = [a.text for a in fig.layout.annotations]
    assert "&lt;i&gt;Geneva&lt;/i&gt; talks" in labels and "Far away" not in labels
    assert [s.x0 for s in fig.layout.shapes if s.type == "line" and s.yref == "paper"] == ["2022-01-10"]


def test_troop_outlier_is_marked_on_the_edge_not_stretching_the_axis():
    fig = BUILDERS["troops"]("outlier")
    top = 10 ** fig.layout.yaxis.range[1]
    assert 190_000 < top < 3_500_000
    edge = [t for t in fig.data if t.marker.symbol == "arrow-bar-up" and t.customdata is not None]
    assert len(edge) == 1 and edge[0].y[0] == pytest.approx(top) and "3,500,000" in edge[0].text[0]


def test_troop_legends_groups_and_one_small_qualifier_legend():
    fig = BUILDERS["troops"]("blank")
    groups = [t.name for t in fig.data if t.showlegend is not False and t.legend in (None, "legend")]
    assert groups == [
        "United States",
        "the article itself",
        "Ukraine",
        "median of all figures",
    ]  # by figures cited
    shapes = [t.name for t in fig.data if t.legend == "legend2"]
    assert shapes == ["exact", "about", "at least", "at most", "off the axis (hover)"]


@pytest.mark.parametrize(
    "values, weights, q, expected",
    [
        ([1, 2, 3], [1, 1, 1], 0.5, 2),
        ([100_000, 175_000], [3, 1], 0.5, 100_000),
        ([5], [1], 0.25, 5),
        ([90_000, 100_000, 190_000], [1, 1, 5], 0.5, 190_000),
    ],
)
def test_weighted_quantile(values, weights, q, expected):
    assert charts_troops.weighted_quantile(np.array(values), np.array(weights), q) == expected


def test_troop_overall_median_line_per_bucket():
    line = next(t for t in BUILDERS["troops"]("blank").data if t.name == "median of all figures")
    assert [y for y in line.y if y is not None] == [
        90_000,
        100_000,
        120_000,
        175_000,
    ]  # None: a break  # 14 Feb: 5 x 175,000 and 2 x 150,000


@pytest.mark.parametrize(
    "kind, bucket, median",
    [
        ("blank", "2022-01-10", 120_000),
        ("low-week", "2022-01-24", 8_500),  # below the fences: the axis holds it (it was clipped to the edge)
        ("outlier", "2022-02-14", 175_000),  # a lone 3,500,000 among 7 figures: the axis is not stretched
    ],
)
def test_the_median_line_is_drawn_at_its_value_inside_the_axis(kind, bucket, median):
    fig = BUILDERS["troops"](kind)
    line = next(t for t in fig.data if t.name == "median of all figures")
    drawn = [(x, y) for x, y in zip(line.x, line.y, strict=True) if y is not None]  # None: a break
    y = dict((str(x)[:10], y) for x, y in drawn)[bucket]
    ys = [y for _, y in drawn]
    lo, hi = (10**r for r in fig.layout.yaxis.range)
    assert y == median and lo < min(ys) / 10**0.05 and max(ys) * 10**0.05 < hi


@pytest.mark.parametrize(
    "bounds, medians, expected",
    [
        ((10_000, 500_000), [90_000, 100_000], (10_000, 500_000)),  # inside: the fences are the axis
        ((10_000, 500_000), [8_500, 100_000], (8_500 / 10**0.1, 500_000)),
        ((10_000, 500_000), [3_500_000], (10_000, 3_500_000 * 10**0.1)),
        ((10_000, 500_000), [], (10_000, 500_000)),
    ],
)
def test_the_troop_axis_holds_every_median_of_all_figures(bounds, medians, expected):
    got = charts_troops.axis_bounds(bounds, pd.Series(medians, dtype=float))
    assert got == pytest.approx(expected)


def test_a_claimants_median_beyond_the_axis_is_an_arrow_on_its_edge():
    fig = BUILDERS["troops"]("outlier")  # "other" cited one figure, 3,500,000, above the axis
    other = next(t for t in fig.data if t.name == "other")
    top = 10 ** fig.layout.yaxis.range[1]
    assert list(other.marker.symbol) == ["arrow-bar-up"] and other.cliponaxis is False
    assert other.y[0] == pytest.approx(top) and "median 3,500,000" in other.text[0]
    assert other.text[0].endswith("above the axis")
    us = next(t for t in fig.data if t.name == "United States")
    assert set(us.marker.symbol) == {"line-ew"}


@pytest.mark.parametrize(
    "days, widths, rows",
    [
        (
            [0, 2, 3, 11],
            [10, 10, 10, 10],
            [0, 1, 2, 0],
        ),  # 10, 12, 13 Jan stack; 21 Jan fits on the first row again
        ([0, 100], [10, 10], [0, 0]),
        ([0, 1, 2, 3, 4], [10] * 5, [0, 1, 2, 3, None]),  # no row left: a short mark (was drawn over row 0)
    ],
)
def test_event_labels_are_staggered_not_overlapping(days, widths, rows):
    assert charts.event_rows(days, widths) == rows


@pytest.mark.parametrize(
    "lo, hi, labels",
    [
        (17_800, 560_000, ["20k", "50k", "100k", "200k", "500k"]),
        (900, 2_500_000, ["1k", "2k", "5k", "10k", "20k", "50k", "100k", "200k", "500k", "1M", "2M"]),
    ],
)
def test_log_ticks(lo, hi, labels):
    assert charts_troops.log_ticks(lo, hi)[1] == labels


def test_heatmap_diagonal_keeps_its_count_but_no_colour():
    fig = charts.co_mention_heatmap(square(pd.Series(["Russia", "NATO"])))
    assert np.isnan(fig.data[0].z[0][0]) and fig.data[0].text[0][0] == 0 and fig.data[0].z[0][1] == 1


def test_troop_summary_median_and_range():
    f = troop_frame("blank").assign(claimant=lambda d: d["claimant"].fillna(""))
    s = charts_troops.troop_summary(f, (1, 10**7)).set_index(["bucket", "claimant"])
    us = s.loc[(W("2022-02-14"), "United States")]
    assert (us["n"], us["median"], us["lo"], us["hi"]) == (7, 175_000, 150_000, 190_000)


@pytest.mark.parametrize(
    "mean, sd, n, lo, hi",
    [(0.1, 0.2, 4, 0.1 - 1.96 * 0.1, 0.1 + 1.96 * 0.1), (0.2, None, 1, 0.2, 0.2), (-0.5, 0.0, 9, -0.5, -0.5)],
)
def test_confidence_interval(mean, sd, n, lo, hi):
    a, b = charts_tone.confidence(pd.Series([mean]), pd.Series([sd], dtype=float), pd.Series([n]))
    assert (a[0], b[0]) == (pytest.approx(lo), pytest.approx(hi))


def test_tone_band_and_all_quotes_baseline():
    fig = BUILDERS["tone"]("blank")
    lines = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in lines] == ["all quotes", "(no speaker)"] or [t.name for t in lines] == [
        "(no speaker)",
        "all quotes",
    ]
    baseline = next(t for t in lines if t.name == "all quotes")
    assert baseline.line.dash == "dash" and baseline.legendrank > max(
        t.legendrank for t in lines if t is not baseline
    )
    assert (
        lines[0] is baseline
    )  # drawn first, under the speakers: a click on a shared point picks the speaker
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 2


@pytest.mark.parametrize(
    "event, expected",
    [
        (None, []),
        ({}, []),
        ({"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}, []),
        (
            {
                "selection": {
                    "points": [
                        {
                            "curve_number": 2,
                            "point_number": 1,
                            "point_index": 1,
                            "x": "2022-01-10",
                            "y": 3,
                            "customdata": ["Fox News", "2022-01-10"],
                            "legendgroup": "",
                        }
                    ]
                }
            },
            [Pick("Fox News", "2022-01-10")],
        ),
        (
            {
                "selection": {
                    "points": [
                        {"x": 1, "customdata": ["CNN", "2022-01-10T00:00:00"]},
                        {"x": 1, "customdata": ["CNN", "2022-01-10"]},
                        {"x": 2, "customdata": ["ABC", "2022-01-17"]},
                    ]
                }
            },
            [Pick("CNN", "2022-01-10"), Pick("ABC", "2022-01-17")],
        ),
        ({"selection": {"points": [{"x": 1, "y": 2}]}}, []),  # a trace without customdata (a band)
        (
            {"selection": {"points": [{"customdata": "Russia"}]}},
            [Pick("Russia", "")],
        ),  # one-column customdata
        ({"selection": {"points": [{"customdata": [HOSTILE, ""]}]}}, [Pick(HOSTILE, "")]),
    ],
)
def test_picked_keys_from_streamlit_events(event, expected):
    assert picked_keys(event) == expected


def test_events_file_shipped_is_valid():
    ev = load_events()
    assert len(ev) >= 6 and ev["date"].is_monotonic_increasing
    assert W("2022-01-10") in set(ev["date"]) and W("2022-02-24") in set(ev["date"])
    assert ev["source"].str.startswith("https://").all()


@pytest.mark.parametrize(
    "text, message",
    [
        ("day,label,source\n", "first line"),
        ("", "first line"),
        ("date,label,source\n2022-13-01,x,https://a.org\n", "line 2: '2022-13-01' is not a date"),
        ("date,label,source\n2022-01-10,,https://a.org\n", "line 2: the label is empty"),
        ("date,label,source\n2022-01-10,x\n", "line 2: expected 3 fields"),
        ("date,label,source\n\n2022-01-10,x,javascript:alert(1)\n", "line 3: the source must be"),
    ],
)
def test_broken_events_file_says_where(text, message):
    with pytest.raises(EventsFileError, match=message.replace("(", r"\(")):
        parse_events(text)


def test_missing_events_file_is_a_clear_error(tmp_path):
    with pytest.raises(EventsFileError, match="cannot be read"):
        load_events(tmp_path / "nope.csv")


@pytest.mark.parametrize("name", ["charts", "charts_tone", "charts_troops", "aggregates", "clicks", "events"])
def test_chart_modules_do_not_import_streamlit(name):
    from pathlib import Path

    import dashboard

    assert "streamlit" not in (Path(dashboard.__file__).parent / f"{name}.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weighted_medians_agree_with_weighted_quantile(seed):
    rng = np.random.default_rng(seed)
    d = pd.DataFrame(
        {
            "bucket": rng.integers(0, 4, 60),
            "claimant": rng.choice(["a", "b", ""], 60),
            "value": rng.choice([1_000, 90_000, 100_000, 175_000, 3_500_000], 60),
            "n": rng.integers(1, 9, 60),
        }
    )
    got = charts_troops.weighted_medians(d, ["bucket", "claimant"]).set_index(["bucket", "claimant"])
    for key, g in d.groupby(["bucket", "claimant"]):
        assert got.loc[key, "median"] == charts_troops.weighted_quantile(
            g["value"].to_numpy(), g["n"].to_numpy(), 0.5
        )
        assert got.loc[key, "n"] == g["n"].sum()


def test_the_chart_modules_import_no_private_name_of_another_module():
    import ast
    from pathlib import Path

    folder = Path(charts.__file__).parent
    private = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []


@pytest.mark.parametrize("freq, end", [("D", "2022-01-18"), ("W", "2022-01-24"), ("M", "2022-02-17")])
def test_x_range_ends_with_the_last_bucket(freq, end):
    assert charts.x_range(pd.Series(["2022-01-03", "2022-01-17"]), freq) == (W("2022-01-03"), W(end))


def test_the_shared_layout_escapes_its_titles():
    fig = charts.apply_layout(charts.go.Figure(), HOSTILE, HOSTILE, height=300)
    assert fig.layout.title.text == fig.layout.yaxis.title.text == charts.esc(HOSTILE)
    assert fig.layout.height == 300 and fig.layout.hovermode == "closest"


def test_a_stacked_chart_is_the_same_built_in_one_step_as_trace_by_trace():
    agg = pd.DataFrame(
        {
            "bucket": [W("2022-01-10"), W("2022-01-03"), W("2022-01-03"), W("2022-01-17")],
            "outlet": ["TASS", "Reuters", None, "Reuters"],
            "value": [2, 3, 1, 4],
        }
    )
    fig = charts.stacked_bars(agg, "outlet", "t", "articles", "W", None)
    assert [t.name for t in fig.data] == ["Reuters", "TASS", "unknown"]  # most articles first
    reuters = fig.data[0]
    assert [str(x)[:10] for x in reuters.x] == ["2022-01-03", "2022-01-17"]  # in bucket order
    assert [list(c) for c in reuters.customdata] == [["Reuters", "2022-01-03"], ["Reuters", "2022-01-17"]]
    assert list(reuters.y) == [3, 4] and fig.layout.barmode == "stack"
    share = charts.stacked_bars(agg, "outlet", "t", "share", "W", None, share=True)
    assert list(share.data[0].y) == [75.0, 100.0] and list(share.layout.yaxis.range) == [0, 100]


def test_a_single_bucket_gets_a_bucket_either_side_not_a_millisecond_axis():
    """One bucket (sample Speakers = Lavrov and Blinken; one uploaded article): Plotly would zoom the lone date
    to milliseconds; the axis spans a bucket either side and the bars are a bucket wide."""
    one = pd.DataFrame({"bucket": [W("2021-11-29")], "outlet": ["TASS"], "value": [2]})
    assert charts.x_range(one["bucket"], "W") == (W("2021-11-22"), W("2021-12-06"))
    bars = charts.stacked_bars(one, "outlet", "t", "articles", "W", None)
    assert [pd.Timestamp(x) for x in bars.layout.xaxis.range] == [W("2021-11-22"), W("2021-12-06")]
    assert bars.data[0].width == pytest.approx(0.8 * 7 * 86_400_000)
    lines = charts.series_lines(one.rename(columns={"outlet": "actor"}), "actor", "t", "mentions", "D", None)
    assert [pd.Timestamp(x) for x in lines.layout.xaxis.range] == [W("2021-11-28"), W("2021-11-30")]
    tone = pd.DataFrame(
        {"bucket": [W("2021-11-29")] * 2, "speaker": ["Sergei Lavrov", "all quotes"], "n": [2, 2]}
        | {"mean": [0.1, 0.1], "sd": [0.1, 0.1]}
    )
    fig = charts_tone.tone_over_time(tone, "vader_compound", "W", None)
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [W("2021-11-22"), W("2021-12-06")]
    two = charts.stacked_bars(pd.concat([one, one.assign(bucket=W("2021-12-06"))]), "outlet", "t", "a", "W")
    assert two.layout.xaxis.range is None and two.data[0].width is None  # more buckets: Plotly's own axis


# ---------------------------------------------------------------- chart layout (issue 23, item 4)


def test_the_heatmaps_first_x_label_is_not_clipped():
    """The labels lean left (-40 degrees): the first one reaches into the left margin ('ed States' was shown)."""
    names = pd.Series(["United States of America", "NATO", "EU"])
    fig = charts.co_mention_heatmap(square(names))
    reach = len("United States of America") * charts.LABEL_PX * np.cos(np.radians(40))
    assert fig.layout.xaxis.tickangle == -40 and fig.layout.margin.l >= reach


WEEKS = pd.Series([W("2022-01-03"), W("2022-01-10"), W("2022-01-17")])


def _covered_builders(freq: str, covered):
    """Each time chart's builder on three buckets, with the dates the data covers."""
    weeks = WEEKS if freq == "W" else pd.Series([W("2021-12-01"), W("2022-01-01"), W("2022-02-01")])
    cov = pd.DataFrame({"bucket": weeks, "outlet": "CNN", "value": [3, 4, 1]})
    tone = pd.DataFrame(
        {"bucket": weeks, "speaker": "all quotes", "n": 5, "mean": 0.1, "sd": 0.2, "neutral": [1, 2, 1]}
    )
    troops = pd.DataFrame(
        {"bucket": weeks, "claimant": "", "qualifier": "exact", "value": 100_000, "low": None, "high": None}
        | {"n": 1}
    )
    return {
        "coverage": charts.stacked_bars(cov, "outlet", "c", "a", freq, None, covered=covered),
        "lines": charts.series_lines(cov, "outlet", "l", "m", freq, None, covered=covered),
        "tone": charts_tone.tone_over_time(tone, "polarity", freq, None, covered=covered),
        "neutral": charts_tone.neutral_share(tone, freq, None, "polarity", covered=covered),
        "troops": charts_troops.troop_figures(troops, freq, None, covered=covered),
    }


@pytest.mark.parametrize(
    "freq, covered, partial, note",
    [
        ("W", (W("2022-01-03"), W("2022-01-19")), "2022-01-17", "partial week: the data ends 19 Jan 2022"),
        ("W", (W("2022-01-05"), W("2022-01-23")), "2022-01-03", "partial week: the data starts 5 Jan 2022"),
        ("W", (W("2022-01-03"), W("2022-01-23")), None, None),  # the last week is whole (Monday to Sunday)
        ("M", (W("2021-12-01"), W("2022-02-17")), "2022-02-01", "partial month: the data ends 17 Feb 2022"),
        ("M", (W("2021-12-01"), W("2022-02-28")), None, None),
    ],
)
def test_a_partial_first_or_last_bucket_is_marked_as_partial(freq, covered, partial, note):
    for name, fig in _covered_builders(freq, covered).items():
        rects = [s for s in fig.layout.shapes if s.type == "rect"]
        notes = [a.text for a in fig.layout.annotations if "partial" in (a.text or "")]
        if partial is None:
            assert not rects and not notes, name
        else:
            assert [str(r.x0)[:10] for r in rects] == [partial], name
            assert notes == [note], name


def test_event_labels_never_overlap_on_a_short_range():
    """Seven events in eight days: each row's labels apart on a plot 560 px wide (the sidebar open, a legend on
    the right); a label with no room left is a short mark whose hover text names it; every event keeps its line."""
    days = ["2022-01-10", "2022-01-10", "2022-01-11", "2022-01-11", "2022-01-12", "2022-01-13", "2022-01-17"]
    ev = parse_events(
        "date,label,source\n"
        + "".join(f"{d},A rather long event label {i},https://x.org/{i}\n" for i, d in enumerate(days))
    )
    lo, hi = W("2022-01-10"), W("2022-01-18")
    shapes, notes = charts.event_marks(ev, (lo, hi))
    assert len(shapes) == 7 and len(notes) == 7
    per_day = (hi - lo).days / 560
    placed = {}
    for a in notes:
        start = (W(a["x"]) - lo).days
        width = (len(a["text"]) * charts.LABEL_PX + 8) * per_day
        if a["xanchor"] == "right":
            start -= width
        placed.setdefault(a["y"], []).append((start, start + width))
    for row in placed.values():
        row.sort()
        assert all(a[1] <= b[0] for a, b in zip(row, row[1:], strict=False)), row
    short = [a for a in notes if a.get("hovertext")]
    assert short and all(a["hovertext"].startswith("A rather long event label") for a in short)
    assert {a.get("hovertext") or a["text"] for a in notes} == {
        f"A rather long event label {i}" for i in range(7)
    }


def test_monthly_points_sit_mid_month_under_month_ticks():
    months = pd.DataFrame({"bucket": [W("2021-12-01"), W("2022-01-01")], "outlet": "CNN", "value": [3, 4]})
    for fig in (
        charts.series_lines(months, "outlet", "l", "m", "M", None),
        charts.stacked_bars(months, "outlet", "c", "a", "M", None),
    ):
        assert fig.layout.xaxis.dtick == "M1" and fig.layout.xaxis.ticklabelmode == "period"
        assert {(t.xperiod, t.xperiodalignment) for t in fig.data} == {("M1", "middle")}
    troops = _covered_builders("M", None)["troops"]
    line = next(t for t in troops.data if t.name == "median of all figures")
    assert [pd.Timestamp(x).day for x in line.x] == [16, 16, 15]  # the middle of December, January, February
    assert troops.layout.xaxis.dtick == "M1"


def test_lines_break_across_empty_buckets():
    """Mentions in the weeks of 3 and 17 January, none in between: no line joins them."""
    gap = pd.DataFrame({"bucket": [W("2022-01-03"), W("2022-01-17")], "outlet": "CNN", "value": [3, 4]})
    lines = charts.series_lines(gap, "outlet", "l", "m", "W", None)
    assert list(lines.data[0].y) == [3, None, 4]
    assert [c if c is None else list(c) for c in lines.data[0].customdata] == [
        ["CNN", "2022-01-03"],
        None,
        ["CNN", "2022-01-17"],
    ]
    tone = pd.DataFrame(
        {"bucket": gap["bucket"], "speaker": "all quotes", "n": 5, "mean": [0.1, 0.2], "sd": 0.2}
    )
    fig = charts_tone.tone_over_time(tone, "polarity", "W", None)
    band, line = fig.data[0], fig.data[1]
    assert list(line.y) == [0.1, None, 0.2]
    assert None in list(band.y)  # one band a run of buckets
    troops = charts_troops.troop_figures(troop_frame("blank"), "W", None)
    median = next(t for t in troops.data if t.name == "median of all figures")
    assert sum(y is None for y in median.y) == 2  # 15 Nov, 22 Nov | 10 Jan | 14 Feb


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_troop_and_outlet_charts_do_not_depend_on_the_rows_order(seed):
    """The same rows in another order (DuckDB's, from run to run) draw the same figure: a new spec would make
    Streamlit treat the chart as new and drop the click just made."""
    frame = troop_frame("outlier")
    frame = pd.concat([frame, frame.assign(qualifier="at_least", n=1)], ignore_index=True)  # ties on value
    shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    assert (
        charts_troops.troop_figures(shuffled, "W").to_json()
        == charts_troops.troop_figures(frame, "W").to_json()
    )
    outlets = pd.DataFrame(
        {"outlet": ["TASS", "CNN", "BBC"], "n": [3, 2, 5], "mean": [0.1, 0.1, 0.1], "sd": 0.1}
    )
    again = outlets.sample(frac=1, random_state=seed).reset_index(drop=True)
    assert charts_tone.tone_by_outlet(again).to_json() == charts_tone.tone_by_outlet(outlets).to_json()


def test_the_median_of_all_figures_is_clickable():
    fig = charts_troops.troop_figures(troop_frame("blank"), "W")
    line = next(t for t in fig.data if t.name == "median of all figures")
    keys = [tuple(c) for c in line.customdata if c is not None]
    assert keys == [
        ("all claimants", "2021-11-15"),
        ("all claimants", "2021-11-22"),
        ("all claimants", "2022-01-10"),
        ("all claimants", "2022-02-14"),
    ]
