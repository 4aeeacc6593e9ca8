"""dashboard/render.py: article text as escaped HTML with highlighted spans."""


def test_reader_escapes_html():
    from dashboard.render import highlight

    text = 'Hi <script>alert(1)</script> "Lavrov"'
    out = highlight(text, [(3, 11, "actor"), (30, 36, "quote")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark style="background:#fff3b0" title="quote">Lavrov</mark>' in out


def test_a_quote_starting_with_an_actors_name_is_highlighted_with_the_actor_inside():
    """1,242 of the window's 26,692 quotes start where an actor's mention starts: the quote was dropped."""
    from dashboard.render import COLOURS, highlight
    from dashboard.safety import inert_markdown

    text = '"Russia will not attack Ukraine," Lavrov said.'
    out = highlight(text, [(1, 7, "actor"), (1, 32, "quote"), (24, 31, "actor"), (34, 40, "actor")])
    assert out.count("<mark") == 4 and out.count("</mark>") == 4
    quote = f'<mark style="background:{COLOURS["quote"]}" title="quote">'
    actor = f'<mark style="background:{COLOURS["actor"]}" title="actor">'
    inner = f"{actor}Russia</mark> will not attack {actor}Ukraine</mark>{inert_markdown(',')}</mark>"
    assert out.startswith(f"{inert_markdown(chr(34))}{quote}{inner}")


def test_overlapping_spans_are_cut_at_the_outer_ones_end():
    from dashboard.render import highlight

    out = highlight("abcdefgh", [(0, 4, "quote"), (2, 6, "actor")])
    assert out.count("<mark") == 2 and out.endswith(
        "cd</mark></mark>efgh"
    )  # the actor's part in the quote only


def test_the_legend_names_each_colour():
    from dashboard.render import COLOURS, legend

    out = legend()
    assert all(f"background:{c}" in out for c in COLOURS.values())
    assert "quote" in out and "troop figure" in out and "actor" in out
