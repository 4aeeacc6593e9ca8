import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, exports
from dashboard.filters import (
    Filters,
    apply_filters,
    co_mentions,
    per_period,
    selected_rows,
    share_of_voice,
    upload_problem,
)


def test_filters_narrow_the_tables(sample_tables):
    t = apply_filters(sample_tables, Filters(outlets=("The Straits Times",)))
    assert len(t["articles"]) == 1
    assert set(t["quotes"]["article_id"]) <= set(t["articles"]["article_id"])
    t = apply_filters(sample_tables, Filters(start=dt.date(2022, 1, 1)))
    assert len(t["articles"]) == 1
    t = apply_filters(sample_tables, Filters(speakers=("Sergei Lavrov",)))
    assert set(t["quotes"]["speaker"]) == {"Sergei Lavrov"}
    t = apply_filters(sample_tables, Filters(actors=("Maria Zakharova",)))
    assert len(t["articles"]) == 1 and set(t["mentions"]["actor"]) == {"Maria Zakharova"}
    t = apply_filters(sample_tables, Filters(polarity=(0.1, 1.0)))
    assert (t["quotes"]["polarity"] >= 0.1).all()


def test_per_period_counts(sample_tables):
    agg = per_period(sample_tables["articles"], "published", "M")
    assert agg["value"].sum() == 5 and len(agg) == 2


def test_co_mentions_is_symmetric(sample_tables):
    m = co_mentions(sample_tables["mentions"])
    assert (m.values == m.values.T).all() and m.loc["Russia", "Russia"] == 5


@pytest.mark.parametrize("cell, safe", [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@x", "'@x"), ("ok", "ok")])
def test_formula_injection_is_neutralised(cell, safe):
    df = pd.DataFrame({"text": [cell]})
    assert exports.neutralise(df)["text"][0] == safe
    assert exports.to_csv(df).decode().splitlines()[1] == safe


def test_every_export_format(sample_tables):
    q = sample_tables["quotes"]
    assert exports.to_excel(q)[:2] == b"PK"
    assert pd.read_parquet(__import__("io").BytesIO(exports.to_parquet(q))).shape == q.shape
    assert exports.zip_all(sample_tables)[:2] == b"PK"


def test_figures_build_without_streamlit(sample_tables):
    t = sample_tables
    q = t["quotes"].copy()
    figs = [charts.share_of_voice(share_of_voice(t["mentions"])), charts.troop_claims(t["troops"].assign(published=dt.date(2021, 12, 1))),
            charts.polarity_over_time(q, ["Sergei Lavrov"]), charts.polarity_distribution(q, ["Sergei Lavrov"]),
            charts.timeline(per_period(t["articles"], "published", "W"), "x"), charts.co_mention_heatmap(co_mentions(t["mentions"]))]
    assert all(f.to_dict()["data"] for f in figs)
    empty = charts.troop_claims(t["troops"].iloc[0:0])
    assert empty.layout.annotations[0].text == "No data for these filters"



@pytest.mark.parametrize("module", [charts, exports, __import__("dashboard.filters").filters, __import__("dashboard.render").render])
def test_pure_modules_do_not_import_streamlit(module):
    assert "streamlit" not in Path(module.__file__).read_text(encoding="utf-8")


def test_reader_escapes_html():
    from dashboard.render import highlight

    text = 'Hi <script>alert(1)</script> "Lavrov"'
    out = highlight(text, [(3, 11, "actor"), (30, 36, "quote")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark style="background:#fff3b0" title="quote">Lavrov</mark>' in out


def test_selected_rows_follow_the_clicked_points(sample_tables):
    a = sample_tables["articles"]
    assert selected_rows({"selection": {"points": []}}, a, "published") is None
    picked = selected_rows({"selection": {"points": [{"x": "2021-12-02"}]}}, a, "published")
    assert len(picked) == 3 and set(picked["published"].astype(str)) == {"2021-12-02"}


@pytest.mark.parametrize("sizes, refused", [([10, 20], False), ([150_000_000, 60_000_000], True)])
def test_upload_limit(sizes, refused):
    msg = upload_problem(sizes, 200)
    assert (msg is not None) == refused
    if refused:
        assert "210 MB" in msg and "200 MB" in msg


def test_charts_draw_a_sample_of_many_points():
    q = pd.DataFrame({"speaker": ["A"] * 20_000, "polarity": 0.1, "published": dt.date(2022, 1, 1), "text": "x"})
    fig = charts.polarity_over_time(q, ["A"])
    assert len(fig.data[0].x) == charts.MAX_POINTS


def test_folder_loader_leaves_text_out_and_fetches_it(sample_out):
    from dashboard import data

    t = data.load_folder(sample_out)
    assert (t["articles"]["text"] == "").all()
    aid = t["articles"]["article_id"].iloc[0]
    assert data.article_text(sample_out, aid).startswith("RIGA, Latvia")
    assert len(data.search_text.__wrapped__(str(sample_out), "zakharova")) == 1
    filtered = apply_filters(t, Filters(search="Zakharova"), text_hits=data.search_text.__wrapped__(str(sample_out), "Zakharova"))
    assert len(filtered["articles"]) == 1


def test_slim_tables_restore_the_contract_ids(sample_tables):
    from dashboard.filters import slim_tables, with_ids

    slim = slim_tables(sample_tables)
    assert "article_id" not in slim["mentions"].columns and "quote_id" not in slim["quotes"].columns
    for name in ("mentions", "quotes"):
        back = with_ids(slim[name], slim["articles"], name)
        assert back["article_id"].tolist() == sample_tables[name]["article_id"].tolist()
    assert with_ids(slim["quotes"], slim["articles"], "quotes")["quote_id"].tolist() == sample_tables["quotes"]["quote_id"].tolist()
    f = apply_filters(slim, Filters(actors=("Maria Zakharova",)))
    assert len(f["articles"]) == 1 and len(co_mentions(slim["mentions"])) > 0


@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_period_start_matches_pandas(freq):
    from dashboard.filters import period_start

    dates = pd.Series(pd.date_range("2021-11-01", "2022-03-31", freq="37h")).dt.date
    ours = pd.to_datetime(period_start(dates, freq))
    theirs = pd.to_datetime(dates).dt.to_period(freq).dt.start_time
    assert (ours == theirs.to_numpy()).all()


def test_per_period_by_group_matches_a_pandas_groupby(sample_tables):
    from dashboard.filters import index_tables

    t = index_tables(sample_tables)
    m = t["mentions"].assign(pub=t["articles"]["pub"].to_numpy()[t["mentions"]["aidx"].to_numpy()])
    ours = per_period(m, "pub", "W", by="actor").set_index(["period", "actor"])["value"].sort_index()
    ref = m.groupby([m["pub"].dt.to_period("W").dt.start_time.rename("period"), m["actor"].astype(str)]).size()
    assert ours.to_dict() == ref.to_dict()


def test_folder_downloads_have_every_contract_column(sample_out, sample_tables):
    from analysis.schemas import SCHEMAS
    from dashboard import data

    t = data.load_folder(sample_out)
    f = Filters(speakers=("Sergei Lavrov",), actors=("Sergei Lavrov",))
    ft = apply_filters(t, f)
    for name in ("articles", "mentions", "troops", "quotes"):
        rows = data.complete_rows(name, ft[name], t["articles"], ft["articles"], str(sample_out), f)
        assert list(rows.columns[: len(SCHEMAS[name])]) == list(SCHEMAS[name])
    q = data.complete_rows("quotes", ft["quotes"], t["articles"], ft["articles"], str(sample_out), f)
    assert len(q) == len(ft["quotes"]) and set(q["speaker"]) == {"Sergei Lavrov"}
    arts = data.complete_rows("articles", ft["articles"], t["articles"], ft["articles"], str(sample_out), f)
    assert arts["text"].str.len().min() > 100  # the text comes back for downloads


def test_mentions_over_time_matches_the_row_by_row_count(sample_tables):
    from dashboard.filters import index_tables, mentions_over_time

    t = index_tables(sample_tables)
    actors = ["Russia", "Sergei Lavrov"]
    ours = mentions_over_time(t["mentions"], t["articles"], actors, "W").set_index(["period", "actor"])["value"]
    m = t["mentions"].assign(pub=t["articles"]["pub"].to_numpy()[t["mentions"]["aidx"].to_numpy()])
    m = m[m["actor"].isin(actors)]
    ref = m.groupby([m["pub"].dt.to_period("W").dt.start_time.rename("period"), m["actor"].astype(str)]).size()
    assert ours.sort_index().to_dict() == ref.to_dict()


def test_uploaded_files_are_analysed_with_progress():
    from dashboard import data
    from dashboard.uploads import UploadedFile
    from tests.conftest import SAMPLE

    files = tuple((p.name, p.read_bytes()) for p in sorted(SAMPLE.glob("*.txt"))) + (("bad.bin", b"\x00\x01"),)
    seen = []
    data.UPLOADS.clear()  # analysed here, not taken from the cache
    t = data.uploaded_tables([UploadedFile(n, b) for n, b in files], None, lambda d, n: seen.append((d, n)))
    assert len(t["articles"]) == 5 and seen[-1] == (6, 6)  # progress counts inputs, the rejected one too
    assert t["rejects"]["source"].tolist() == ["upload/bad.bin"] and "binary" in t["rejects"]["reason"].iloc[0]
    assert "aidx" in t["quotes"].columns


def test_indexing_leaves_the_callers_tables_alone(sample_tables):
    from dashboard.filters import index_tables

    before = {n: (list(df.columns), [str(t) for t in df.dtypes]) for n, df in sample_tables.items()}
    index_tables(sample_tables)
    assert {n: (list(df.columns), [str(t) for t in df.dtypes]) for n, df in sample_tables.items()} == before


def test_quote_texts_come_from_the_folder(sample_out, sample_tables):
    from dashboard import data

    t = data.load_folder(sample_out)
    assert "text" not in t["quotes"].columns
    rows = [0, 7, 48, 3]
    assert data.quote_texts(sample_out, rows) == sample_tables["quotes"]["text"].iloc[rows].tolist()
    shown = data.with_quote_text(t["quotes"], str(sample_out), 5)
    assert shown["text"].tolist() == sample_tables["quotes"]["text"].head(5).tolist()


def test_share_of_voice_and_category_counts_match_pandas(sample_tables):
    from dashboard.filters import category_counts

    m = sample_tables["mentions"]
    ref = m.groupby(["actor", "actor_type"]).size()
    ours = share_of_voice(m, top=100)
    assert {(a, k): n for a, k, n in zip(ours["actor"], ours["actor_type"], ours["mentions"], strict=True)} == ref.to_dict()
    assert list(ours["mentions"]) == sorted(ours["mentions"], reverse=True)
    assert category_counts(m["actor"]).to_dict() == m["actor"].value_counts().to_dict()


def test_the_dashboard_takes_an_actor_list():
    from dashboard import data

    extra = b"name,type,aliases\nIsabelle Khurshudyan,person,Isabelle Khurshudyan|Khurshudyan\n"
    t = data.sample_tables.__wrapped__(extra)
    assert "Isabelle Khurshudyan" in set(t["mentions"]["actor"].astype(str))
    with pytest.raises(ValueError, match="type"):
        data.sample_tables.__wrapped__(b"name,type\nX,planet\n")


def test_figures_build_on_categorical_columns_with_blanks():
    """Indexed tables hold repeated strings as categoricals; a blank claimant or speaker must still draw."""
    from dashboard.filters import index_tables
    from tests.dashboard_fixtures import awkward_tables

    t = index_tables(awkward_tables())
    tr = t["troops"].merge(t["articles"][["article_id", "published", "outlet"]], on="article_id")
    assert isinstance(tr["claimed_by"].dtype, pd.CategoricalDtype) and "" in set(tr["claimed_by"])
    fig = charts.troop_claims(tr)
    assert any(tr.name.startswith("(article)") for tr in fig.data)
    q = t["quotes"]
    assert charts.polarity_over_time(q, ["Antony Blinken", ""]).data
    assert charts.polarity_distribution(q, ["Antony Blinken", ""]).data
