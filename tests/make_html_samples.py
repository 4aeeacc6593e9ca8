"""Render the sample articles (data/sample) as saved web pages, in three site templates.

    python tests/make_html_samples.py OUT_DIR

writes ``OUT_DIR/<template>/<sample>.html`` for every sample and template. The pages are
shaped like real news sites, with everything an extractor must leave out: a site header and
navigation, a cookie banner, share buttons, a related-stories block and a most-read list
(whose headlines name the same people as the article), a newsletter box, ads, comments and a
footer; metadata in Open Graph tags and JSON-LD. The article itself is the text file's text,
paragraph by paragraph, so the pages must give the same quotes, troop figures and mentions as
the text files (``tests/analysis/test_web.py`` compares the tables).

Templates:

* ``wire``: a wire-service article page (the headline above the ``<article>``, JSON-LD
  ``NewsArticle``, a byline, ``<time>``, comments below);
* ``amp``: the AMP version of a newspaper page (``<html amp>``, ``amp-img``, AMP boilerplate);
* ``blog``: a magazine in nested ``<div>`` soup with no date in its metadata: the date is only
  in the URL (``/2021/12/02/slug``).
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import NamedTuple

from analysis.corpus import derive_title, split_layout

TEMPLATES = ("wire", "amp", "blog")
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"

# Headlines in the page furniture name the article's actors: an extractor that keeps them changes the counts.
RELATED = (
    "Blinken and Lavrov to meet again in Geneva as NATO weighs its response",
    "Putin says Russia will not be pushed around by NATO, Biden warns of sanctions",
    "Ukraine's Zelensky asks the European Union for more support",
)
COMMENTS = (
    (
        "cold_warrior",
        'Lavrov said it himself: "we do not want any conflicts". Sure. Blinken should walk away.',
    ),
    ("kyiv_watcher", "NATO has 100,000 reasons to worry about Putin's troops."),
)


class Page(NamedTuple):
    slug: str
    title: str  # "" when the text file has no headline
    date: str  # YYYY-MM-DD or ""
    url: str
    paragraphs: list[str]


def read_sample(path: Path) -> Page:
    """The text file's headline, date, URL and paragraphs, as the text reader sees them."""
    layout = split_layout(path.read_text(encoding="utf-8"))
    lines = [ln.strip() for ln in layout.text.split("\n") if ln.strip()]
    if layout.title and lines and lines[0] == layout.title:
        lines = lines[1:]
    date = layout.published.isoformat() if layout.published else ""
    slug = path.stem.split("_", 1)[-1]
    return Page(slug, layout.title, date, layout.url, lines)


def _url(page: Page, site: str, with_date: bool) -> str:
    if page.url and not (with_date and page.date):
        return page.url
    day = page.date.replace("-", "/") + "/" if with_date and page.date else ""
    return f"https://www.{site}/world/{day}{page.slug}"


def _json_ld(page: Page, url: str, publisher: str, with_date: bool = True) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "author": [{"@type": "Person", "name": "Maria Jensen"}],
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if page.title:
        data["headline"] = page.title
    if page.date and with_date:
        data["datePublished"] = f"{page.date}T12:30:00Z"
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _head_meta(page: Page, url: str, site_name: str, with_date: bool = True) -> str:
    meta = [
        f'<meta property="og:site_name" content="{escape(site_name)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{escape(url)}">',
        f'<link rel="canonical" href="{escape(url)}">',
        '<meta name="author" content="Maria Jensen">',
    ]
    title = page.title or derive_title("\n".join(page.paragraphs))  # in <head> only: not part of the text
    meta += [
        f"<title>{escape(title)} | {escape(site_name)}</title>",
        f'<meta property="og:title" content="{escape(title)}">',
    ]
    if page.date and with_date:
        meta.append(f'<meta property="article:published_time" content="{page.date}T12:30:00Z">')
    return "\n".join(meta)


def _body(page: Page) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in page.paragraphs)


def _related() -> str:
    items = "".join(f'<li><a href="/world/related-{i}">{escape(h)}</a></li>' for i, h in enumerate(RELATED))
    return f'<aside class="related-stories"><h2>Related stories</h2><ul>{items}</ul></aside>'


def _comments() -> str:
    items = "".join(
        f'<li class="comment"><span class="comment-author">{escape(a)}</span><p>{escape(t)}</p></li>'
        for a, t in COMMENTS
    )
    return f'<section id="comments" class="comments"><h3>2 comments</h3><ol>{items}</ol></section>'


COOKIE = (
    '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience and '
    "to show you personalised ads. By clicking Accept you agree to our cookie policy.</p>"
    "<button>Accept all</button><button>Manage preferences</button></div>"
)
SHARE = (
    '<div class="share-buttons"><a href="#" class="share-facebook">Share on Facebook</a>'
    '<a href="#" class="share-twitter">Share on Twitter</a><a href="#" class="share-email">Email</a></div>'
)
NAV = (
    '<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/world/europe">Europe</a></li><li><a href="/politics">Politics</a></li>'
    '<li><a href="/tags/ukraine">Ukraine crisis</a></li></ul></nav>'
)


def wire(page: Page) -> str:
    url = _url(page, "wirenews.example", with_date=False)
    date_line = f'<time datetime="{page.date}T12:30:00Z">{page.date}</time>' if page.date else ""
    headline = f'<h1 class="headline">{escape(page.title)}</h1>' if page.title else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{_head_meta(page, url, "Wire News")}
{_json_ld(page, url, "Wire News")}
</head><body>
{COOKIE}
<header class="site-header"><a class="logo" href="/">Wire News</a>{NAV}
<form class="search"><input name="q" placeholder="Search"></form></header>
<main>
<div class="story-header">{headline}</div>
<article class="story">
<header>
<div class="byline">By <a rel="author" href="/authors/maria-jensen">Maria Jensen</a> {date_line}</div>
{SHARE}</header>
<div class="story-body">
{_body(page)}
</div>
<div class="ad-slot" id="ad-mid">Advertisement</div>
</article>
{_related()}
{_comments()}
</main>
<footer class="site-footer"><p>&copy; 2022 Wire News. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms of use</a></footer>
</body></html>
"""


def amp(page: Page) -> str:
    url = _url(page, "dailyherald.example", with_date=False)
    headline = f"<h1>{escape(page.title)}</h1>" if page.title else ""
    return f"""<!doctype html>
<html amp lang="en"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
{_head_meta(page, url, "The Daily Herald")}
{_json_ld(page, url, "The Daily Herald")}
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<noscript><style amp-boilerplate>body{{-webkit-animation:none}}</style></noscript>
<style amp-custom>.header{{background:#003}}</style>
</head><body>
<amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>This site uses cookies. Continue to
accept our use of cookies and our privacy policy.</p><button on="tap:consent.accept">OK</button></div></amp-consent>
<header class="header"><amp-img src="/logo.png" width="120" height="40" alt="The Daily Herald"></amp-img>
<amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/news">News</a></li><li><a href="/world">World</a></li>
<li><a href="/opinion">Opinion</a></li></ul></amp-sidebar></header>
<main id="content"><article>
{headline}
<p class="byline">By Maria Jensen</p>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share>
<amp-img src="/photo.jpg" width="800" height="450" layout="responsive" alt="Diplomats meet"></amp-img>
{_body(page)}
<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/amp"></amp-ad>
</article>
<section class="most-read"><h2>Most read</h2><ol>{"".join(f"<li><a href='/m{i}'>{escape(h)}</a></li>" for i, h in enumerate(RELATED))}</ol></section>
</main>
<footer><p>&copy; The Daily Herald 2022</p></footer>
</body></html>
"""


def blog(page: Page) -> str:
    url = _url(page, "eastwestmag.example", with_date=True)
    headline = f'<div class="post-title"><h1>{escape(page.title)}</h1></div>' if page.title else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
{_head_meta(page, url, "East West Magazine", with_date=False)}
{_json_ld(page, url, "East West Magazine", with_date=False)}
</head><body>
<div id="wrapper"><div class="topbar">{NAV}</div>
{COOKIE}
<div class="container"><div class="row"><div class="col-main"><div class="post">
{headline}
<div class="post-meta">Posted by Maria Jensen in <a href="/category/world">World</a></div>
{SHARE}
<div class="entry-content">
{_body(page)}
</div>
<div class="newsletter-signup"><h4>Sign up for our newsletter</h4><p>Get the best of East West Magazine
in your inbox every morning.</p><input type="email" placeholder="Email"><button>Subscribe</button></div>
<div class="post-tags">Tags: <a href="/tag/russia">Russia</a>, <a href="/tag/nato">NATO</a></div>
</div>
{_comments()}
</div>
<div class="col-sidebar"><div class="widget">{_related()}</div>
<div class="widget ad"><a href="/ads/1">Advertisement: Learn Russian in 30 days</a></div></div>
</div></div>
<div class="footer">&copy; East West Magazine 2022 &middot; <a href="/about">About</a></div></div>
</body></html>
"""


RENDER = {"wire": wire, "amp": amp, "blog": blog}


def render(path: Path, template: str) -> str:
    return RENDER[template](read_sample(path))


def write_samples(out: Path, templates: tuple[str, ...] = TEMPLATES) -> dict[str, Path]:
    """Every sample in every template: ``out/<template>/<sample>.html``; the folders by template."""
    folders = {}
    for t in templates:
        folder = out / t
        folder.mkdir(parents=True, exist_ok=True)
        for p in sorted(SAMPLE.glob("*.txt")):
            (folder / f"{p.stem}.html").write_text(render(p, t), encoding="utf-8")
        folders[t] = folder
    return folders


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/make_html_samples.py OUT_DIR")
    for t, folder in write_samples(Path(sys.argv[1])).items():
        print(f"{t}: {folder}")
