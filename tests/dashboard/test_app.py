import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import APP, open_app

TABS = ["Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"]


def each_tab(at: AppTest):
    """Only the open tab runs: open each in turn (as a click does), yielding the app with that tab drawn."""
    for name in TABS:
        at.session_state["tab"] = name
        at.run()
        yield name, at


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    return at


def test_every_view_runs(app):
    app.run()
    assert not app.exception
    assert [t.label for t in app.tabs] == [
        "Overview",
        "Actors",
        "Troop figures",
        "Quotes & sentiment",
        "Article reader",
    ]
    assert app.metric[0].value == "5"


def test_outlet_filter_changes_numbers(app):
    app.run()
    app.multiselect(key="outlets").set_value(["The Straits Times"]).run()
    assert not app.exception
    assert app.metric[0].value == "1"


def test_query_params_set_the_view(app):
    app.query_params["q"] = "Zakharova"
    app.run()
    assert not app.exception
    assert app.metric[0].value == "1"


def test_bad_folder_shows_message_not_traceback(app, tmp_path):
    (tmp_path / "articles.parquet").write_bytes(b"garbage")
    app.run()
    app.text_input(key="folder").set_value(str(tmp_path)).run()
    assert not app.exception
    assert any("could not be read" in e.value or "Cannot load" in e.value for e in app.error)


def test_wirewatch_data_folder_is_loaded(sample_out, monkeypatch):
    monkeypatch.setenv("WIREWATCH_DATA", str(sample_out))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert at.text_input(key="folder").value == str(sample_out)
    assert at.metric[0].value == "5"


def test_each_view_has_its_content(app):
    app.run()
    assert not app.exception
    subheaders, labels = [], []
    for _, at in each_tab(app):
        assert not at.exception
        subheaders += [h.value for h in at.subheader]
        labels += [b.label for b in at.get("download_button")]
    assert any("Ledger" in h for h in subheaders)
    assert {"mentions.csv", "troops.csv", "quotes.csv", "quotes.xlsx", "All filtered tables (.zip)"} <= set(
        labels
    )


def test_folder_source_searches_text_and_reads_articles_on_demand(sample_out, monkeypatch):
    monkeypatch.setenv("WIREWATCH_DATA", str(sample_out))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = "Zakharova"  # only in the text of one article, not in any title
    at.run()
    assert not at.exception
    assert at.metric[0].value == "1"
    at.session_state["tab"] = "Article reader"
    at.run()
    assert any("Zakharova" in m.value for m in at.markdown)  # the reader fetched that article's text


def _every_view_drawn(at: AppTest) -> None:
    charts, labels = 0, set()
    for name, drawn in each_tab(at):
        assert not drawn.exception, (name, [e.value for e in drawn.exception])
        assert not drawn.error, (name, [e.value for e in drawn.error])
        assert [t.label for t in drawn.tabs] == TABS
        charts += len(drawn.get("plotly_chart"))
        labels |= {b.label for b in drawn.get("download_button")}
    at.session_state["tab"] = "Overview"
    at.run()
    assert charts >= 6  # coverage, share of voice, over time, co-mentions, troops, 2 x polarity
    assert {"mentions.csv", "troops.csv", "quotes.csv", "All filtered tables (.zip)"} <= labels


# Selections over the awkward fixture: everything, one outlet with one article, a speaker, an actor, nothing at all.
AWKWARD_VIEWS = [
    ({}, None),
    ({"outlets": "TASS"}, "1"),
    ({"speakers": "Antony Blinken"}, None),
    ({"actors": "NATO"}, "1"),
    ({"q": "no article says this"}, "0"),
    ({"polarity": ["0.25", "1.0"]}, None),
]


@pytest.mark.parametrize("params, articles", AWKWARD_VIEWS)
def test_every_view_runs_on_the_awkward_fixture(awkward_out, monkeypatch, params, articles):
    at = open_app(awkward_out, monkeypatch, **params)
    _every_view_drawn(at)
    if articles is not None:
        assert at.metric[0].value == articles


@pytest.mark.parametrize(
    "params", [{}, {"outlets": "CNN"}, {"speakers": "Antony Blinken"}, {"q": "no article says this"}]
)
def test_every_view_runs_on_a_real_corpus(real_out, monkeypatch, params):
    at = open_app(real_out, monkeypatch, **params)
    _every_view_drawn(at)


def _link_params(link: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qsl, urlsplit

    params: dict[str, list[str]] = {}
    for k, v in parse_qsl(urlsplit(link).query):
        params.setdefault(k, []).append(v)
    return params


def _metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_the_share_link_holds_every_filter(awkward_out, monkeypatch):
    """Dates, two outlets, an actor, a speaker and a polarity range: the link opens the same numbers."""
    import datetime as dt

    at = open_app(awkward_out, monkeypatch)
    at.date_input(key="dates").set_value((dt.date(2021, 12, 1), dt.date(2022, 1, 31))).run()
    at.multiselect(key="outlets").set_value(["Fox News", "Reuters"]).run()
    at.multiselect(key="actors").set_value(["Antony Blinken"]).run()
    at.multiselect(key="speakers").set_value(["Antony Blinken"]).run()
    at.slider(key="polarity").set_value((0.1, 0.25)).run()
    at.radio(key="freq").set_value("M").run()
    assert not at.exception
    assert _metrics(at) == [
        "2",
        "2",
        "5",
        "1",
    ]  # a3 and a6; both Blinken quotes (0.25 and 0.1: bounds are in)
    params = _link_params(at.sidebar.code[0].value)
    assert params["outlets"] == ["Fox News", "Reuters"] and params["dates"] == ["2021-12-01", "2022-01-31"]
    assert params["polarity"] == ["0.1", "0.25"]
    fresh = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        fresh.query_params[k] = v
    fresh.run()
    assert not fresh.exception
    assert _metrics(fresh) == _metrics(at)
    assert fresh.multiselect(key="outlets").value == ["Fox News", "Reuters"]
    assert fresh.radio(key="freq").value == "M" and fresh.slider(key="polarity").value == (0.1, 0.25)


def test_the_share_link_on_a_real_corpus(real_out, monkeypatch):
    at = open_app(real_out, monkeypatch)
    outlets = at.multiselect(key="outlets").options[:2]
    lo, hi = at.date_input(key="dates").value
    at.date_input(key="dates").set_value((lo + (hi - lo) / 4, hi - (hi - lo) / 4)).run()
    at.multiselect(key="outlets").set_value(outlets).run()
    at.multiselect(key="actors").set_value([at.multiselect(key="actors").options[2]]).run()
    at.multiselect(key="speakers").set_value(at.multiselect(key="speakers").options[:1]).run()
    at.slider(key="polarity").set_value((-0.5, 0.5)).run()
    fresh = AppTest.from_file(APP, default_timeout=180)
    for k, v in _link_params(at.sidebar.code[0].value).items():
        fresh.query_params[k] = v
    fresh.run()
    assert not fresh.exception and _metrics(fresh) == _metrics(at) and _metrics(at)[0] != "0"


def test_switching_the_source_resets_the_ranges(awkward_out):
    """The sample's date range does not carry over to a folder of other dates (issue 10 #3)."""
    import datetime as dt

    at = AppTest.from_file(APP, default_timeout=180).run()
    lo, hi = at.date_input(key="dates").value
    at.date_input(key="dates").set_value((lo, lo)).run()
    at.text_input(key="folder").set_value(str(awkward_out)).run()
    assert not at.exception
    assert at.date_input(key="dates").value == (dt.date(2021, 12, 1), dt.date(2022, 2, 20))
    assert at.metric[0].value == "6"


def test_a_linked_range_outside_the_data_is_clamped_with_a_warning(awkward_out, monkeypatch):
    import datetime as dt

    at = open_app(awkward_out, monkeypatch, dates=["2020-01-01", "2022-01-10"])
    assert not at.exception
    assert at.date_input(key="dates").value == (dt.date(2021, 12, 1), dt.date(2022, 1, 10))
    assert any("outside the data" in w.value for w in at.sidebar.warning)
    assert at.metric[0].value == "4"  # a1, a3, a5 and the undated a2


@pytest.mark.parametrize(
    "params, articles, troops",
    [({}, "6", "4"), ({"undated": "false"}, "5", "3"), ({"troops_of": "Russia"}, "6", "2")],
)
def test_undated_articles_and_whose_troops(awkward_out, monkeypatch, params, articles, troops):
    at = open_app(awkward_out, monkeypatch, **params)
    assert not at.exception
    assert at.checkbox(key="undated").label == "Include undated articles (1)"
    assert (at.metric[0].value, at.metric[3].value) == (articles, troops)


def test_only_the_open_tab_runs_and_the_link_holds_it(awkward_out, monkeypatch):
    at = open_app(awkward_out, monkeypatch, tab="Quotes & sentiment")
    assert not at.exception
    assert {b.label for b in at.get("download_button")} == {
        "quotes.csv",
        "quotes.xlsx",
        "quotes.parquet",
        "All filtered tables (.zip)",
    }
    assert not at.metric  # the overview (and its numbers) did not run
    assert _link_params(at.sidebar.code[0].value) == {"tab": ["Quotes & sentiment"]}


def test_long_lists_offer_the_most_frequent_and_take_any_value(real_out, monkeypatch):
    """Thousands of options slow every page run: the 300 most frequent are offered, and a rarer value (from a
    link or typed) still filters."""
    from dashboard.dataset import Dataset
    from dashboard.filters import MAX_OPTIONS

    speakers = Dataset.from_folder(real_out).choices().speakers
    if len(speakers) <= MAX_OPTIONS:
        pytest.skip("fewer speakers than the list offers")
    rare = speakers[-1]
    at = open_app(real_out, monkeypatch, speakers=rare)
    assert not at.exception
    box = at.multiselect(key="speakers")
    assert box.value == [rare] and len(box.options) == MAX_OPTIONS + 1 and rare in box.options
    assert at.metric[1].value != "0"


def test_the_link_holds_the_views_settings_too(awkward_out, monkeypatch):
    """The tone lens and the number of speakers (views' own widgets) travel in the sidebar's link as well."""
    at = open_app(awkward_out, monkeypatch, tab="Quotes & sentiment")
    at.radio(key="lens").set_value("TextBlob").run()
    params = _link_params(at.sidebar.code[0].value)
    assert params["lens"] == ["TextBlob"] and params["tab"] == ["Quotes & sentiment"]
    fresh = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        fresh.query_params[k] = v
    fresh.run()
    assert not fresh.exception and fresh.radio(key="lens").value == "TextBlob"


def test_the_startup_objects_are_frozen_once_so_the_gc_after_each_run_is_short(app, monkeypatch):
    import gc

    from dashboard import data

    gc.unfreeze()
    monkeypatch.setattr(data, "_frozen", False)
    app.run()
    assert not app.exception
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the imports' modules, functions and classes
    assert len(gc.get_objects()) < frozen  # the collector now walks far fewer objects than it skips
    app.checkbox(key="once").set_value(True).run()
    data.freeze_startup_objects()
    assert (
        gc.get_freeze_count() <= frozen
    )  # never again (a frozen object freed leaves it): later ones stay collectable


def test_switching_the_source_sets_the_dates_without_a_duplicate_default_warning(
    awkward_out, caplog, monkeypatch
):
    """The date range follows the new data through the Session State API only: the widget is then created
    without a default (Streamlit logs a warning with a stack trace for both)."""
    import logging

    from streamlit.elements.lib import policies

    monkeypatch.setattr(policies, "_shown_default_value_warning", False)  # Streamlit warns once a process
    at = AppTest.from_file(APP, default_timeout=180).run()
    with caplog.at_level(logging.WARNING):
        at.text_input(key="folder").set_value(str(awkward_out)).run()
        at = open_app(awkward_out, monkeypatch, dates=["2020-01-01", "2022-01-10"])  # a clamped link too
    assert not at.exception and at.sidebar.warning
    assert not [r for r in caplog.records if "set via the Session State API" in r.getMessage()]
    assert policies._shown_default_value_warning is False


def _fresh(params: dict[str, list[str]]) -> AppTest:
    fresh = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        fresh.query_params[k] = v
    return fresh.run()


def test_a_link_made_on_a_folder_from_the_box_opens_that_folder(awkward_out, monkeypatch):
    """No WIREWATCH_DATA: a folder typed in the Data source box travels in the link (folder=) and the link opens it,
    not the sample (issue: the link silently showed the sample's 5 articles)."""
    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    monkeypatch.delenv("WIREWATCH_DATA_ROOT", raising=False)
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.text_input(key="folder").set_value(str(awkward_out)).run()
    at.multiselect(key="outlets").set_value(["Fox News", "Reuters"]).run()
    at.multiselect(key="speakers").set_value(["Antony Blinken"]).run()
    at.slider(key="polarity").set_value((0.0, 1.0)).run()
    assert not at.exception and at.metric[0].value != "5"
    params = _link_params(at.sidebar.code[0].value)
    assert params["folder"] == [str(awkward_out)] and params["outlets"] == ["Fox News", "Reuters"]
    fresh = _fresh(params)
    assert not fresh.exception and not fresh.sidebar.warning
    assert fresh.text_input(key="folder").value == str(awkward_out)
    assert _metrics(fresh) == _metrics(at)
    assert fresh.multiselect(key="outlets").value == ["Fox News", "Reuters"]
    assert fresh.multiselect(key="speakers").value == ["Antony Blinken"]


def test_a_linked_folder_goes_through_the_folder_policy(awkward_out, tmp_path, monkeypatch):
    from dashboard.safety import not_opened

    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    monkeypatch.setenv("WIREWATCH_DATA_ROOT", str(tmp_path))
    at = _fresh({"folder": [str(awkward_out)], "outlets": ["Fox News"]})
    assert not at.exception and not at.metric
    assert [e.value for e in at.error] == [
        not_opened(str(awkward_out))
    ]  # as for a missing folder: no root shown
    monkeypatch.delenv("WIREWATCH_DATA_ROOT")
    monkeypatch.setenv("WIREWATCH_HOSTED", "1")  # hosted, no root: no folder box, and no folder from a link
    at = _fresh({"folder": [str(awkward_out)]})
    assert [e.value for e in at.error] == ["Opening a folder on the server is not enabled here."]


def test_the_link_of_the_default_folder_or_the_sample_holds_no_folder(awkward_out, monkeypatch):
    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    assert "folder" not in _link_params(
        AppTest.from_file(APP, default_timeout=180).run().sidebar.code[0].value
    )
    assert "folder" not in _link_params(open_app(awkward_out, monkeypatch).sidebar.code[0].value)


def test_a_links_values_the_data_lacks_are_named_in_one_warning(monkeypatch):
    """The sample lacks these outlets and speakers: one warning names them, instead of dropping them silently."""
    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    at = _fresh({"outlets": ["Fox News", "CNN"], "speakers": ["Joe Biden"], "actors": ["Antony Blinken"]})
    assert not at.exception
    lacking = [w.value for w in at.sidebar.warning if "Not in the data loaded" in w.value]
    assert len(lacking) == 1
    for name in ("Fox News", "CNN", "Joe Biden"):
        assert inert(name) in lacking[0]
    assert inert("Antony Blinken") not in lacking[0]  # the sample has him


def inert(text: str) -> str:
    from dashboard.safety import inert_line

    return inert_line(text)


def test_an_upload_says_the_link_cannot_carry_it(monkeypatch):
    from dashboard.filters import UPLOAD_LINK_NOTE

    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert UPLOAD_LINK_NOTE not in [c.value for c in at.sidebar.caption]
    text = "Sergei Lavrov said on Monday that talks with Antony Blinken were useful."
    at.file_uploader(key="upload").set_value(("a.txt", text.encode(), "text/plain")).run()
    assert not at.exception
    assert UPLOAD_LINK_NOTE in [c.value for c in at.sidebar.caption]
    assert "folder" not in _link_params(at.sidebar.code[0].value)
