"""Article text as HTML with highlighted spans (escaped; no Streamlit here)."""

from __future__ import annotations

from dashboard.safety import inert_markdown


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Markdown with HTML marks (for ``st.markdown(..., unsafe_allow_html=True)``) of an article with spans
    marked; every piece of text is escaped for both HTML and Markdown (``inert_markdown``), so an image, a link,
    ``:red[...]`` or ``$...$`` in the text shows as written and nothing is fetched."""
    out, pos = [], 0
    colours = {"quote": "#fff3b0", "troops": "#ffc9c9", "actor": "#d0ebff"}
    for s, e, kind in sorted(spans):
        if s < pos:
            continue
        out.append(inert_markdown(text[pos:s]))
        out.append(
            f'<mark style="background:{colours[kind]}" title="{kind}">{inert_markdown(text[s:e])}</mark>'
        )
        pos = e
    out.append(inert_markdown(text[pos:]))
    return "".join(out).replace("\n", "<br>")
