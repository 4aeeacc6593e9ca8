"""The chart views in a real AppTest over real Parquet: widgets bound to the URL set what the charts draw."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import APP, open_app


def _values(v) -> list:
    """A trace's array, whether plain or typed (plotly's {'dtype', 'bdata'})."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def _figures(at: AppTest) -> dict[str, go.Figure]:
    """Every chart's figure, by its title."""
    figs = [pio.from_json(c.proto.spec, skip_invalid=True) for c in at.get("plotly_chart")]
    return {f.layout.title.text or "": f for f in figs}


def _titled(figs: dict[str, go.Figure], start: str) -> go.Figure:
    found = [f for t, f in figs.items() if t.startswith(start)]
    assert found, (start, list(figs))
    return found[0]


@pytest.mark.parametrize(
    "params, title, series",
    [
        ({}, "Mean quote tone (VADER compound)", {"Antony Blinken", "Sergei Lavrov", "all quotes"}),
        (
            {"lens": "TextBlob", "top_speakers": "1"},
            "Mean quote tone (TextBlob polarity)",
            {"Antony Blinken", "all quotes"},
        ),
    ],
)
def test_lens_and_top_speakers_come_from_the_url(awkward_out, monkeypatch, params, title, series):
    at = open_app(awkward_out, monkeypatch, tab="Quotes & sentiment", **params)
    assert not at.exception
    tone = _titled(_figures(at), title)
    assert {t.name for t in tone.data if t.showlegend is not False} == series  # the blank speaker is no slot


@pytest.mark.parametrize("mode, y_max", [("articles", 3), ("share", 100)])
def test_coverage_mode_from_the_url(awkward_out, monkeypatch, mode, y_max):
    at = open_app(awkward_out, monkeypatch, cov_as=mode)
    assert not at.exception and at.radio(key="cov_as").value == mode
    cov = _titled(_figures(at), "Coverage over time")
    per_bucket = {}
    for t in cov.data:
        for x, y in zip(_values(t.x), _values(t.y), strict=True):
            per_bucket[x] = per_bucket.get(x, 0) + y
    assert max(per_bucket.values()) == pytest.approx(y_max)
    assert {t.name for t in cov.data} == {"Reuters", "Fox News", "TASS"}


def test_event_markers_on_every_time_chart(real_out, monkeypatch):
    at = open_app(real_out, monkeypatch)
    figs = {}
    for tab in ("Overview", "Actors", "Troop figures", "Quotes & sentiment"):  # only the open tab runs
        at.session_state["tab"] = tab
        at.run()
        assert not at.exception
        figs.update(_figures(at))
    timed = [
        t
        for t in figs
        if t.startswith(("Coverage", "Mentions over", "Troop figures", "Mean quote tone (", "Share of"))
    ]
    assert len(timed) == 5
    for t in timed:
        labels = {a.text for a in figs[t].layout.annotations}
        assert {"Invasion", "US-Russia talks, Geneva"} <= labels, t


def test_whose_troops_from_the_url_titles_the_troop_chart(real_out, monkeypatch):
    at = open_app(real_out, monkeypatch, troops_of="Russia", tab="Troop figures")
    assert not at.exception
    troops = _titled(_figures(at), "Troop figures cited for Russia")
    groups = [t.name for t in troops.data if t.legend in (None, "legend") and t.showlegend is not False]
    assert 2 <= len(groups) <= 10 and "the article itself" in groups and "median of all figures" in groups


@pytest.mark.parametrize(
    "state, pairs",
    [
        ({}, []),
        ({"lens": "VADER", "top_speakers": 5, "norm": False}, []),
        (
            {
                "lens": "TextBlob",
                "top_speakers": 3,
                "norm": True,
                "cov_as": "share",
                "comention_n": 20,
                "other": 1,
            },
            [
                ("cov_as", "share"),
                ("norm", "true"),
                ("comention_n", "20"),
                ("lens", "TextBlob"),
                ("top_speakers", "3"),
            ],
        ),
    ],
)
def test_view_widgets_for_the_share_link(state, pairs):
    from dashboard.views import link_pairs

    assert link_pairs(state) == pairs


@pytest.mark.parametrize(
    "key, value",
    [
        ("lens", "TextBlob"),
        ("top_speakers", "3"),
        ("cov_as", "share"),
        ("comention_n", "20"),
        ("norm", "true"),
    ],
)
def test_view_widget_url_values_are_read_back(awkward_out, monkeypatch, key, value):
    """Each value link_pairs writes is one the bound widget reads back from the URL."""
    from dashboard.views import VIEW_WIDGETS

    tab = {"cov_as": "Overview", "norm": "Actors", "comention_n": "Actors"}.get(key, "Quotes & sentiment")
    at = open_app(awkward_out, monkeypatch, tab=tab, **{key: value})
    assert not at.exception
    got = at.session_state[key]
    assert VIEW_WIDGETS[key][1](got) == value


@pytest.mark.parametrize(
    "tab, key, bounds",
    [("Actors", "comention_n", "COMENTION_N"), ("Quotes & sentiment", "top_speakers", "TOP_SPEAKERS")],
)
def test_a_view_slider_starts_at_the_default_the_link_leaves_out(awkward_out, monkeypatch, tab, key, bounds):
    from dashboard import views

    at = open_app(awkward_out, monkeypatch, tab=tab)
    assert not at.exception
    s = at.slider(key=key)
    assert (s.min, s.max, s.value) == getattr(views, bounds)
    assert s.value == views.VIEW_WIDGETS[key][0]


def test_one_reject_is_counted_in_the_singular(awkward_out, monkeypatch):
    at = open_app(awkward_out, monkeypatch)
    assert not at.exception
    assert [w.value for w in at.warning if "could not be read" in w.value] == ["1 input could not be read:"]


def test_a_tone_chart_of_one_bucket_spans_a_bucket_either_side():
    """Sample data, Speakers = Sergei Lavrov and Antony Blinken: every quote in one week (was a millisecond axis)."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["speakers"] = ["Sergei Lavrov", "Antony Blinken"]
    at.query_params["tab"] = "Quotes & sentiment"
    at.run()
    assert not at.exception
    lo, hi = (np.datetime64(x) for x in _titled(_figures(at), "Mean").layout.xaxis.range)
    assert hi - lo == np.timedelta64(14, "D")


@pytest.mark.parametrize("lens", ["VADER", "TextBlob"])
def test_the_polarity_filter_and_the_tone_charts_say_which_lens_each_uses(awkward_out, monkeypatch, lens):
    """The sidebar's polarity slider filters on TextBlob polarity, whatever lens the tone charts show."""
    at = open_app(awkward_out, monkeypatch, tab="Quotes & sentiment", lens=lens)
    assert not at.exception
    slider = at.slider(key="polarity")
    assert "TextBlob" in slider.label and "TextBlob polarity" in (slider.help or "")
    said = [c.value for c in at.caption if "Quote polarity" in c.value]
    assert len(said) == 1 and "TextBlob polarity" in said[0]
    shown = "VADER compound" if lens == "VADER" else "TextBlob polarity"
    assert f"charts show {shown}" in said[0]


def test_the_troop_ledger_shows_each_figures_date_and_outlet(awkward_out, monkeypatch):
    at = open_app(awkward_out, monkeypatch, tab="Troop figures")
    assert not at.exception
    ledger = [d.value for d in at.dataframe if "sentence" in d.value.columns][-1]
    assert list(ledger.columns[:3]) == ["published", "outlet", "value"]
    assert set(ledger["outlet"]) == {"Reuters", "Fox News", "TASS", ""}
    assert ledger["published"].notna().sum() == 3  # the undated article's figure has no date


def test_the_headline_numbers_have_help_and_split_the_actors(awkward_out, monkeypatch):
    at = open_app(awkward_out, monkeypatch)
    assert not at.exception
    assert [m.label for m in at.metric] == ["Articles", "Quotes", "Actors mentioned", "Troop figures"]
    assert all(m.help for m in at.metric)
    assert "quoted" in at.metric[2].help and "Whose troops" in at.metric[3].help
    split = [c.value for c in at.caption if c.value.startswith("Actors mentioned:")]
    assert split == ["Actors mentioned: 3 people (quoted speakers among them), 3 countries, 1 organisation."]


@pytest.fixture
def server_paths_out(tmp_path):
    """The awkward tables with each article's source an absolute path on the server."""
    from analysis.io import write_tables
    from tests.dashboard_fixtures import awkward_tables

    tables = awkward_tables()
    arts = tables["articles"]
    arts["source"] = ["/srv/secret/corpus/" + a + ".txt" for a in arts["article_id"]]
    tables["rejects"]["source"] = "/srv/secret/corpus/broken.bin"
    write_tables(tables, tmp_path / "out", "parquet")
    return tmp_path / "out"


def _shown_text(at: AppTest) -> list[str]:
    """Every caption, markdown and table cell of the page."""
    out = [c.value for c in at.caption] + [m.value for m in at.markdown]
    for d in at.dataframe:
        out += [str(v) for v in d.value.astype(str).to_numpy().ravel()]
    return out


def test_click_tables_show_dates_as_dates_and_no_server_paths(server_paths_out, monkeypatch):
    at = open_app(server_paths_out, monkeypatch)
    at.session_state["cov"] = {"selection": {"points": [{"customdata": ["Fox News", "2022-01-10"]}]}}
    at.run()
    assert not at.exception
    rows = [d.value for d in at.dataframe if "title" in d.value.columns][0]
    assert [str(p) for p in rows["published"]] == ["2022-01-10", "2022-01-11"]  # not '2022-01-10 00:00:00'
    assert list(rows["source"]) == ["corpus/a3.txt", "corpus/a6.txt"]
    assert not [t for t in _shown_text(at) if "/srv/secret" in t]


def test_the_reader_has_a_legend_and_no_server_paths(server_paths_out, monkeypatch):
    from dashboard.render import COLOURS

    at = open_app(server_paths_out, monkeypatch, tab="Article reader")
    assert not at.exception
    assert not [t for t in _shown_text(at) if "/srv/secret" in t]
    legend = [m.value for m in at.markdown if "legend" in m.value]
    assert len(legend) == 1 and all(c in legend[0] for c in COLOURS.values())


@pytest.mark.parametrize(
    "tab, title",
    [
        ("Overview", "Coverage over time"),
        ("Actors", "Mentions over time"),
        ("Troop figures", "Troop figures cited"),
        ("Quotes & sentiment", "Mean quote tone ("),
        ("Quotes & sentiment", "Share of quotes"),
    ],
)
def test_each_time_chart_marks_the_partial_last_month(awkward_out, monkeypatch, tab, title):
    """The fixture's articles run from 1 December to 20 February: February is a partial month."""
    at = open_app(awkward_out, monkeypatch, tab=tab, freq="month")
    assert not at.exception
    fig = _titled(_figures(at), title)
    notes = [a.text for a in fig.layout.annotations if "partial" in (a.text or "")]
    assert notes == ["partial month: the data ends 20 Feb 2022"]
    assert fig.layout.xaxis.dtick == "M1"


SUMMARIES = {
    "Overview": [
        r"^5 articles from 3 outlets; the most in the week of 10 Jan 2022 \(3\); Fox News published"
    ],
    "Actors": [r"^\S.* is mentioned most \(\d+ mentions\)", r"^Of the \d+ actors drawn", r"^The pair named"],
    "Troop figures": [r"^3 troop figures cited; the median of all figures goes from 100,000"],
    "Quotes & sentiment": [
        r"^The mean VADER compound of all quotes",
        r"score exactly 0 on",
        r"^Most negative on",
    ],
}


@pytest.mark.parametrize("tab", list(SUMMARIES))
def test_every_chart_has_a_summary_and_its_data_one_click_away(awkward_out, monkeypatch, tab):
    import html
    import re

    at = open_app(awkward_out, monkeypatch, tab=tab)
    assert not at.exception
    n_charts = len(at.get("plotly_chart"))
    assert n_charts == len(SUMMARIES[tab])
    # the lines are shown inert (safety.inert_line): read them back as text
    captions = [html.unescape(c.value.replace("\\", "")) for c in at.caption]
    for pattern in SUMMARIES[tab]:
        assert len([c for c in captions if re.search(pattern, c)]) == 1, (pattern, captions)
    data = [e for e in at.expander if e.label == "The data behind this chart"]
    assert len(data) == n_charts and all(len(e.dataframe) == 1 for e in data)
