from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    return at


def test_every_view_runs(app):
    app.run()
    assert not app.exception
    assert [t.label for t in app.tabs] == ["Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"]
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
    assert any("Ledger" in h.value for h in app.subheader)
    labels = [b.label for b in app.get("download_button")]
    assert {"mentions.csv", "troops.csv", "quotes.csv", "quotes.xlsx", "All filtered tables (.zip)"} <= set(labels)


def test_folder_source_searches_text_and_reads_articles_on_demand(sample_out, monkeypatch):
    monkeypatch.setenv("WIREWATCH_DATA", str(sample_out))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = "Zakharova"  # only in the text of one article, not in any title
    at.run()
    assert not at.exception
    assert at.metric[0].value == "1"
    assert any("Zakharova" in m.value for m in at.markdown)  # the reader fetched that article's text


def _open(folder, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("WIREWATCH_DATA", str(folder))
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _every_view_drawn(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.label for t in at.tabs] == ["Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"]
    assert len(at.get("plotly_chart")) >= 6  # coverage, share of voice, over time, co-mentions, troops, 2 x polarity
    labels = {b.label for b in at.get("download_button")}
    assert {"mentions.csv", "troops.csv", "quotes.csv", "All filtered tables (.zip)"} <= labels


# Selections over the awkward fixture: everything, one outlet with one article, a speaker, an actor, nothing at all.
AWKWARD_VIEWS = [({}, None), ({"outlets": "TASS"}, "1"), ({"speakers": "Antony Blinken"}, None),
                 ({"actors": "NATO"}, "1"), ({"q": "no article says this"}, "0"),
                 ({"polarity": ["0.25", "1.0"]}, None)]


@pytest.mark.parametrize("params, articles", AWKWARD_VIEWS)
def test_every_view_runs_on_the_awkward_fixture(awkward_out, monkeypatch, params, articles):
    at = _open(awkward_out, monkeypatch, **params)
    _every_view_drawn(at)
    if articles is not None:
        assert at.metric[0].value == articles


@pytest.mark.parametrize("params", [{}, {"outlets": "CNN"}, {"speakers": "Antony Blinken"}, {"q": "no article says this"}])
def test_every_view_runs_on_a_real_corpus(real_out, monkeypatch, params):
    at = _open(real_out, monkeypatch, **params)
    _every_view_drawn(at)
