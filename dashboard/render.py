"""Article text as HTML with highlighted spans, and the legend of their colours (escaped; no Streamlit here)."""

from __future__ import annotations

from dashboard.safety import inert_markdown

COLOURS = {"quote": "#fff3b0", "troops": "#ffc9c9", "actor": "#d0ebff"}
NAMES = {"quote": "quote", "troops": "troop figure", "actor": "actor mentioned"}
OUTER = {
    "quote": 0,
    "troops": 1,
    "actor": 2,
}  # of two spans of one extent, the first named here holds the other


def _mark(kind: str) -> str:
    return f'<mark style="background:{COLOURS[kind]}" title="{kind}">'


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Markdown with HTML marks (for ``st.markdown(..., unsafe_allow_html=True)``) of an article with spans
    marked; every piece of text is escaped for both HTML and Markdown (``inert_markdown``), so an image, a link,
    ``:red[...]`` or ``$...$`` in the text shows as written and nothing is fetched.

    Spans nest: a quote that starts with an actor's name holds the actor's mark (the longer span outside); a
    span reaching past the end of the one it starts in is cut at that end."""
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []  # the ends of the marks open, innermost last

    def text_to(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(inert_markdown(text[pos:upto]))
            pos = upto

    for s, e, kind in sorted(spans, key=lambda x: (x[0], -x[1], OUTER.get(x[2], 9))):
        s = max(s, pos)
        while open_ends and open_ends[-1] <= s:
            text_to(open_ends.pop())
            out.append("</mark>")
        if open_ends:
            e = min(e, open_ends[-1])
        if e <= s or kind not in COLOURS:
            continue
        text_to(s)
        out.append(_mark(kind))
        open_ends.append(e)
    while open_ends:
        text_to(open_ends.pop())
        out.append("</mark>")
    text_to(len(text))
    return "".join(out).replace("\n", "<br>")


def legend() -> str:
    """What the reader's colours mean, as one line of HTML."""
    marks = " ".join(
        f'<span style="background:{COLOURS[k]};padding:0 0.25em">{NAMES[k]}</span>' for k in COLOURS
    )  # spans, not marks: the article's marks are the only ones in the page
    return f'<div aria-label="legend" style="font-size:0.9em">Highlighted: {marks}</div>'
