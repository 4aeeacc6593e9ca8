"""The dashboard package as a whole: its pure modules do not import Streamlit."""

from pathlib import Path

import pytest

from dashboard import charts, contract, dataset, exports, filters, render


@pytest.mark.parametrize(
    "module",
    [
        charts,
        exports,
        filters,
        render,
        dataset,
        contract,
    ],
)
def test_pure_modules_do_not_import_streamlit(module):
    assert "streamlit" not in Path(module.__file__).read_text(encoding="utf-8")
