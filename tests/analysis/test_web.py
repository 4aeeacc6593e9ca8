"""Saved web pages -> articles (analysis/web.py), on pages shaped like real news sites."""

from __future__ import annotations

import collections
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.io import ReadOptions, iter_inputs
from analysis.pipeline import Config, analyse
from analysis.schemas import RawDoc, Reject
from analysis.web import ASSETS_SKIPPED, looks_like_html, page_doc, page_headline, page_outlet
from tests.conftest import SAMPLE
from tests.make_html_samples import COMMENTS, RELATED, TEMPLATES, read_sample, render, write_samples

FURNITURE = (
    "Related stories",
    "Most read",
    "Share on Facebook",
    "cookies",
    "Accept all",
    "Sign up for our newsletter",
    "Advertisement",
    "cold_warrior",
    "comments",
    "All rights reserved",
    "Posted by",
    "Ukraine crisis",
    RELATED[0],
    COMMENTS[1][1],
)

STORY = [
    "MOSCOW - Russia's foreign minister Sergei Lavrov said on Thursday that Moscow would not accept any expansion "
    "of NATO to the east, as tens of thousands of troops remained near the border with Ukraine.",
    "\u201cWe are not threatening anyone,\u201d Lavrov told reporters after a meeting with his counterparts, adding "
    "that the talks in Geneva would show whether Washington was ready to listen.",
    "Western officials said the build-up had continued through the week, with new units arriving by rail from "
    "Siberia and the far east of the country.",
]


def news_page(body: str, head: str = "", url: str = "https://news.example/world/story") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="canonical" href="{url}">{head}</head>'
        f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>{body}'
        "<footer>&copy; 2022 News Example</footer></body></html>"
    )


def story_html(paragraphs=STORY) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", True),
        (b"\xef\xbb\xbf  <!doctype HTML>\n<html>", True),
        (b"<?xml version='1.0'?>\n<!DOCTYPE html><html>", True),
        (b"<!-- saved from url=(0040)https://x.example -->\n<html lang=en>", True),
        (b"<html>", True),
        (b"<head><title>t</title></head>", True),
        (b"%PDF-1.7 binary", False),
        (b'{"text": "<html>"}', False),
        (b"Plain text mentioning <html> later", False),
        (b"", False),
    ],
)
def test_looks_like_html(data, expected):
    assert looks_like_html(data) is expected


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_pages_give_the_article_without_page_furniture(template):
    path = SAMPLE / "003_b696d36f1c6d484c.txt"
    doc = page_doc("p.html", render(path, template))
    assert isinstance(doc, RawDoc), doc
    expected = read_sample(path)
    assert " ".join(doc.text.split()) == " ".join([expected.title, *expected.paragraphs])
    for fragment in FURNITURE:
        assert fragment not in doc.text, fragment
    assert doc.meta["title"] == expected.title
    assert doc.meta["author"] == "Maria Jensen"
    assert doc.meta["date"] == "2021-12-02"  # the blog template: from the URL alone


@pytest.mark.parametrize(
    "template, url, outlet",
    [
        (
            "wire",
            "https://www.straitstimes.com/world/united-states/blinken-urges-russias-lavrov-to-choose-diplomacy-on-"
            "ukraine-or-face-high-price",
            "The Straits Times",
        ),  # a domain outlets.csv knows
        (
            "amp",
            "https://www.straitstimes.com/world/united-states/blinken-urges-russias-lavrov-to-choose-diplomacy-on-"
            "ukraine-or-face-high-price",
            "The Straits Times",
        ),
        (
            "blog",
            "https://www.eastwestmag.example/world/2021/12/02/b696d36f1c6d484c",
            "East West Magazine",
        ),  # og:site_name
    ],
)
def test_canonical_url_and_outlet(template, url, outlet):
    doc = page_doc(
        "p.html", render(SAMPLE / "003_b696d36f1c6d484c.txt", template), "https://mirror.example/copy"
    )
    assert doc.meta["url"] == url
    assert doc.meta["outlet"] == outlet


@pytest.mark.parametrize(
    "url, sitename, expected",
    [
        (
            "https://www.reuters.com/world/x",
            "Reuters.com",
            "Reuters",
        ),  # outlets.csv names known domains alike everywhere
        ("https://edition.cnn.com/x", "CNN International", "CNN"),
        ("https://kyivindependent.example/x", "The Kyiv Independent", "The Kyiv Independent"),
        (
            "https://www.meduza-news.example/x",
            "meduza-news.example",
            "Meduza News",
        ),  # the host name is no site name
        ("https://www.bbc.co.uk/news/x", "", "BBC"),
        ("https://news.local.example/x", "", "Local"),
        ("", "", ""),
    ],
)
def test_page_outlet(url, sitename, expected):
    assert page_outlet(url, sitename) == expected


def test_json_ld_and_open_graph_metadata():
    head = (
        '<meta property="og:site_name" content="The Kyiv Bulletin"><meta property="og:title" content="Lavrov rules out NATO expansion">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Lavrov rules out NATO expansion","datePublished":"2022-01-13T08:00:00+00:00",'
        '"author":{"@type":"Person","name":"Olena Petrenko"}}</script>'
    )
    doc = page_doc("p.html", news_page(story_html(), head))
    assert (doc.meta["title"], doc.meta["date"], doc.meta["author"], doc.meta["outlet"]) == (
        "Lavrov rules out NATO expansion",
        "2022-01-13",
        "Olena Petrenko",
        "The Kyiv Bulletin",
    )
    assert doc.meta["url"] == "https://news.example/world/story"
    assert "Home" not in doc.text and "2022 News Example" not in doc.text


def test_furniture_inside_the_article_body_is_left_out():
    """A newspaper layout: caption, 'Read more' link, ad, pull quote and newsletter box between the paragraphs."""
    body = f"""<div id="maincontent"><h1>Lavrov rules out NATO expansion</h1>
<figure><img src="/a.jpg"><figcaption>Sergei Lavrov in Moscow. Photograph: Yuri Kadobnov/AFP</figcaption></figure>
<div class="article-body"><p>{STORY[0]}</p>
<aside class="inline-related"><p><strong>Read more:</strong> <a href="/x">Blinken says Nato door stays open</a></p></aside>
<p>{STORY[1]}</p><div class="ad-container"><span>Advertisement</span></div>
<aside class="pullquote"><blockquote>We are not threatening anyone</blockquote></aside>
<div class="newsletter-inline"><p>Sign up to First Edition, our free daily newsletter</p><button>Sign up</button></div>
<p>{STORY[2]}</p><p class="contributor">Reporting by Olena Petrenko; Editing by Mark Smith</p></div>
<div class="share"><a>Share on Facebook</a><a>Share on Twitter</a></div></div>"""
    doc = page_doc("p.html", news_page(body))
    # the headline sat above the article's container (trafilatura leaves it out): put back as the first line
    assert doc.text.split("\n") == [
        "Lavrov rules out NATO expansion",
        *STORY,
        "Reporting by Olena Petrenko; Editing by Mark Smith",
    ]
    assert doc.text.count("not threatening anyone") == 1  # the pull quote is not a second quote


@pytest.mark.parametrize(
    "headings, title, expected",
    [
        (
            ["Lavrov rules out NATO expansion"],
            "Lavrov rules out NATO expansion",
            "Lavrov rules out NATO expansion",
        ),
        (
            ["The Daily Herald", "Lavrov rules out NATO expansion"],
            "Lavrov rules out NATO expansion",
            "Lavrov rules out NATO expansion",
        ),  # a logo in an <h1> first
        (
            ["Lavrov rules out NATO expansion as talks stall"],
            "Lavrov rules out NATO expansion as talks stall | Reuters",
            "Lavrov rules out NATO expansion as talks stall",
        ),
        (["The Daily Herald"], "Lavrov rules out NATO expansion", ""),
        (["News"], "News", "News"),
        (["World"], "World news", ""),  # too short to be taken for part of the title
        ([], "Lavrov rules out NATO expansion", ""),
        (["Lavrov rules out NATO expansion"], "", ""),
    ],
)
def test_page_headline(headings, title, expected):
    assert page_headline(headings, title) == expected


def test_copyright_year_is_not_a_date():
    doc = page_doc("p.html", news_page(story_html()))
    assert isinstance(doc, RawDoc) and not doc.meta["date"]


def test_date_only_in_the_url():
    doc = page_doc("p.html", news_page(story_html(), url="https://news.example/2022/01/13/lavrov-rules-out"))
    assert doc.meta["date"] == "2022-01-13"


def test_given_values_win_over_the_page():
    doc = page_doc("u", news_page(story_html()), meta={"date": "2022-01-14", "title": "", "outlet": None})
    assert doc.meta["date"] == "2022-01-14" and doc.meta["outlet"] == "News"


INDEX = news_page(
    "<main><h1>World</h1><ul>"
    + "".join(f'<li><a href="/world/{i}">Lavrov and Blinken story number {i}</a></li>' for i in range(30))
    + "</ul></main>"
)
PAYWALL = news_page(
    "<article><h1>Blinken warns Moscow</h1><p>WASHINGTON - Secretary of State Antony Blinken warned "
    'on Tuesday that</p><div class="paywall"><p>Subscribe to continue reading.</p>'
    '<a href="/subscribe">Subscribe now</a></div></article>'
)
NOT_FOUND = news_page(
    "<main><h1>Page not found</h1><p>Sorry, the page you are looking for does not exist or has "
    "been moved.</p><a href='/'>Go to the home page</a></main>"
)


NO_TEXT = "no article text in the web page"


@pytest.mark.parametrize(
    "html, reason",
    [
        (INDEX, NO_TEXT),
        (PAYWALL, NO_TEXT),
        (NOT_FOUND, NO_TEXT),
        ("<html><body></body></html>", NO_TEXT),
        ("<html><p>Hi</p>", NO_TEXT),
        ("", "not a readable web page"),
        (b"\x00\x01\x02", "not a readable web page"),
        (
            "<html><body><article>"
            + "<p>Lavrov met Blinken in Geneva on Friday, officials said.</p>" * 60_000
            + "</article></body></html>",
            "web page with 60,003 elements (more than 50,000)",
        ),
    ],
    ids=["index", "paywall", "404", "empty-body", "tiny", "empty", "binary", "60k-paragraphs"],
)
def test_pages_without_article_text_are_rejects(html, reason):
    rej = page_doc("p.html", html)
    assert isinstance(rej, Reject) and rej.source == "p.html"
    assert rej.reason.startswith(reason), rej.reason


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["", "<html><body><p>", "<!DOCTYPE html><article><p>"]))
def test_arbitrary_markup_gives_a_doc_or_a_reject(text, prefix):
    out = page_doc("p.html", prefix + text)
    assert isinstance(out, RawDoc | Reject)
    if isinstance(out, RawDoc):
        assert out.text.strip()


def test_html_files_in_folders_and_zips(tmp_path):
    folders = write_samples(tmp_path / "pages", ("wire",))
    (folders["wire"] / "index.htm").write_text(INDEX, encoding="utf-8")
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("saved/story.html", news_page(story_html()))
        zf.writestr("saved/paywall.html", PAYWALL)
    items = list(iter_inputs([folders["wire"], archive]))
    docs = {i.source.rsplit("/", 1)[-1]: i for i in items if isinstance(i, RawDoc)}
    rejects = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, Reject)}
    assert len(docs) == 6 and "story.html" in docs
    assert set(rejects) == {"index.htm", "paywall.html"}


def mhtml(page: str, url: str) -> bytes:
    """A page as a browser saves it in one file: MIME multipart/related, the HTML quoted-printable, an image."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart("related", type="text/html")
    msg["Snapshot-Content-Location"] = url
    msg["Subject"] = "Blinken urges Russia's Lavrov"
    html = MIMEText(page, "html", "utf-8")
    del html["Content-Transfer-Encoding"]
    html.set_payload(__import__("quopri").encodestring(page.encode("utf-8")).decode("ascii"))
    html["Content-Transfer-Encoding"] = "quoted-printable"
    html["Content-Location"] = url
    msg.attach(html)
    img = MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "png")
    img["Content-Location"] = "https://img.example/photo.png"
    msg.attach(img)
    return msg.as_bytes()


def test_mhtml_single_file_pages(tmp_path):
    url = "https://www.straitstimes.com/world/blinken-urges-lavrov"
    page = render(SAMPLE / "001_7ab7d04e848ba5f8.txt", "blog")
    (tmp_path / "saved.mhtml").write_bytes(mhtml(page, url))
    (tmp_path / "not-a-page.mht").write_bytes(b"From: x\r\nContent-Type: text/plain\r\n\r\nhello")
    items = {i.source.rsplit("/", 1)[-1]: i for i in iter_inputs([tmp_path])}
    doc = items["saved.mhtml"]
    assert "Blinken\u2019s second bilateral encounter" in doc.text and "=E2=80=99" not in doc.text
    assert doc.meta["outlet"] == "East West Magazine" and doc.meta["date"] == "2021-12-02"
    assert items["not-a-page.mht"].reason == "an MHTML file without an HTML page in it"


def test_browser_asset_folders_are_not_articles(tmp_path):
    """'Web page, complete' saves Title.html and Title_files/ (scripts, styles, images, ad iframes)."""
    folder = tmp_path / "saved_pages"
    assets = folder / "Blinken urges Lavrov_files"
    assets.mkdir(parents=True)
    (folder / "Blinken urges Lavrov.html").write_text(
        render(SAMPLE / "003_b696d36f1c6d484c.txt", "wire"), "utf-8"
    )
    (assets / "app.js").write_text("window.dataLayer = []; function track(e) { return e; }", encoding="utf-8")
    (assets / "style.css").write_text("body { margin: 0 }", encoding="utf-8")
    (assets / "ad-frame.html").write_text(news_page("<p>Buy now</p>"), encoding="utf-8")
    (folder / "notes_files").mkdir()  # no notes.html beside it: an ordinary folder
    (folder / "notes_files" / "note.txt").write_text("Lavrov met Blinken.", encoding="utf-8")
    archive = tmp_path / "saved.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in folder.rglob("*"):
            if p.is_file():
                zf.write(p, p.relative_to(tmp_path).as_posix())
    for src in (folder, archive):
        items = list(iter_inputs([src]))
        names = sorted(i.source.replace("\\", "/").rsplit("/", 1)[-1] for i in items if isinstance(i, RawDoc))
        assert names == ["Blinken urges Lavrov.html", "note.txt"], (src, names)
        skipped = [i for i in items if not isinstance(i, RawDoc)]  # the assets folder: one row, not its files
        assert [(i.source.rsplit("/", 1)[-1], i.reason) for i in skipped] == [
            ("Blinken urges Lavrov_files", ASSETS_SKIPPED)
        ], skipped


def test_saved_page_in_a_legacy_encoding(tmp_path):
    page = render(SAMPLE / "001_7ab7d04e848ba5f8.txt", "wire").replace(
        'charset="utf-8"', 'charset="windows-1252"'
    )
    p = tmp_path / "saved.htm"
    p.write_bytes(page.encode("cp1252"))
    [doc] = iter_inputs([p])
    assert "Blinken\u2019s second bilateral encounter" in doc.text and "\u201chigh-impact\u201d" in doc.text


def test_oversized_page_is_refused_unread(tmp_path):
    p = tmp_path / "big.html"
    p.write_text(news_page(story_html() * 50), encoding="utf-8")
    [rej] = iter_inputs([p], ReadOptions(max_article_bytes=10_000))
    assert isinstance(rej, Reject) and "more than one article may hold" in rej.reason


# ---------------------------------------------------------------- same tables as the text files


def _comparable(result) -> dict:
    """Per sample file: quotes (text, speaker), troop figures, mention counts, title and date."""
    stem = {
        a.article_id: a.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for a in result.articles
    }
    out: dict = collections.defaultdict(dict)
    for a in result.articles:
        out[stem[a.article_id]]["article"] = (a.title, a.published, a.date_source)
    q, t, m = result.quotes, result.troops, result.mentions
    for aid, s in stem.items():
        out[s]["quotes"] = sorted(
            (" ".join(r.text.split()), r.speaker, r.verb, r.kind, r.quote_marks, round(r.polarity, 6))
            for r in q[q.article_id == aid].itertuples()
        )
        out[s]["troops"] = sorted(
            (r.value, r.low, r.high, r.qualifier, r.troops_of, r.claimed_by)
            for r in t[t.article_id == aid].itertuples()
        )
        out[s]["mentions"] = collections.Counter(
            (r.actor, r.actor_type, r.surface) for r in m[m.article_id == aid].itertuples()
        )
    return dict(out)


@pytest.fixture(scope="module")
def text_result():
    return analyse([SAMPLE], Config(workers=1, progress=False))


@pytest.mark.parametrize("template", TEMPLATES)
def test_pages_give_the_same_tables_as_the_text_files(template, text_result, tmp_path):
    folder = write_samples(tmp_path, (template,))[template]
    result = analyse([folder], Config(workers=1, progress=False))
    assert not result.rejects
    pages, texts = _comparable(result), _comparable(text_result)
    assert set(pages) == set(texts)
    for stem in texts:
        for part in ("quotes", "troops", "mentions", "article"):
            assert pages[stem][part] == texts[stem][part], (stem, part)
    assert sum(len(v["quotes"]) for v in texts.values()) >= 40 and any(v["troops"] for v in texts.values())
    arts = {a.article_id: a.text for a in result.articles}
    for name, col in (("mentions", "surface"), ("troops", "surface"), ("quotes", "text")):
        for r in getattr(result, name).itertuples():
            assert arts[r.article_id][r.start : r.end] == getattr(r, col)
    assert {a.author for a in result.articles} == {"Maria Jensen"}


def test_tables_written_before_the_author_column_still_read(sample_out, tmp_path):
    """Output folders of earlier versions (no ``author``) load in the dashboard and feed incremental runs."""
    import shutil

    import pandas as pd

    from analysis.io import read_table
    from dashboard.dataset import Dataset, Filters

    old = tmp_path / "old"
    shutil.copytree(sample_out, old)
    arts = pd.read_parquet(old / "articles.parquet").drop(columns=["author"])
    arts.to_parquet(old / "articles.parquet", index=False)
    assert read_table(old, "articles")["author"].tolist() == [""] * 5
    loaded = Dataset.from_folder(old).select(Filters())
    assert loaded.headline()["articles"] == 5 and loaded.table("articles")["author"].tolist() == [""] * 5


def test_readme_command_on_saved_pages(tmp_path):
    """`wirewatch run saved_pages/ --out OUT`, as the README shows it, on pages of all three templates."""
    import subprocess
    import sys

    import pandas as pd

    from tests.conftest import ROOT

    folders = write_samples(tmp_path / "saved_pages")
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "run",
            str(tmp_path / "saved_pages"),
            "--out",
            str(out),
            "--no-progress",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    # one text in three templates: the same article three times (content ids), kept once
    assert (
        "5 articles read (0 syndicated copies, 10 exact repeats" in proc.stderr
        and "0 rejected" in proc.stderr
    )
    arts = pd.read_parquet(out / "articles.parquet")
    assert arts["source"].str.contains("/amp/").all() and len(folders) == 3  # the first copy read is kept
    assert set(arts["outlet"]) == {"The Daily Herald", "The Reminder", "The Straits Times"}


def test_a_page_nested_past_the_parser_even_in_its_text_elements_says_so():
    """Issue 22 item 19: 300 nested layout elements are flattened (tests/test_hostile.py, r3.19); articles nested
    2,000 deep are text elements that stay, so the reject says what happened, not "an index page?"."""
    from analysis.web import NotAnArticle, extract_page

    para = "<p>" + "Russia has massed troops near Ukraine, Blinken said in Geneva. " * 10 + "</p>"
    page = "<html><body>" + "<article>" * 2000 + para + "</article>" * 2000 + "</body></html>"
    with pytest.raises(NotAnArticle, match="nested more than 256 elements deep"):
        extract_page(page)
