"""Article text as HTML with highlighted spans (escaped; no Streamlit here)."""

from __future__ import annotations

import html


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """HTML of an article with spans marked; every piece of text is escaped."""
    out, pos = [], 0
    colours = {"quote": "#fff3b0", "troops": "#ffc9c9", "actor": "#d0ebff"}
    for s, e, kind in sorted(spans):
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f'<mark style="background:{colours[kind]}" title="{kind}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")
