"""dashboard/render.py: article text as escaped HTML with highlighted spans."""


def test_reader_escapes_html():
    from dashboard.render import highlight

    text = 'Hi <script>alert(1)</script> "Lavrov"'
    out = highlight(text, [(3, 11, "actor"), (30, 36, "quote")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark style="background:#fff3b0" title="quote">Lavrov</mark>' in out
