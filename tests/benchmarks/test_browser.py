"""benchmarks/browser.py: a server that does not answer in time is an error naming it (the browser tests use the
rest: tests/dashboard/test_browser.py)."""

import pytest

from benchmarks.browser import ServerError, serve


def test_a_server_that_is_not_healthy_in_time_is_an_error_naming_its_address():
    with (
        pytest.raises(ServerError, match=r"did not become healthy on http://127\.0\.0\.1:\d+"),
        serve(timeout=0),
    ):
        pass
