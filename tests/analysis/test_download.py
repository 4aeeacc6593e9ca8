"""One download's parts (analysis/download.py): the per-host gate, the cache, Retry-After."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from analysis.download import Cache, HostGate, Outcome, retry_after_seconds


def test_host_gate_spaces_starts_and_caps_slots():
    gate = HostGate(per_host=2, delay=0.1)
    starts, on_time, peak, now = [], [], [0], [0]
    lock = threading.Lock()

    def work():
        with gate.slot("h") as reserved:
            with lock:
                on_time.append(time.monotonic() >= reserved)  # (an assert here would not fail the test)
                starts.append(reserved)
                now[0] += 1
                peak[0] = max(peak[0], now[0])
            time.sleep(0.15)
            with lock:
                now[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert peak[0] == 2 and len(on_time) == 5 and all(on_time)
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.1 - 1e-9


def test_cache_keeps_complete_outcomes_only(tmp_path):
    cache = Cache(tmp_path)
    url = "https://news.example/a"
    assert cache.get(url) is None
    body = cache.stage(url)
    body.write_bytes(b"<html>page</html>")
    saved = cache.commit_body(url, body)
    assert cache.get(url) is None  # a body without its outcome (a kill in between) is not a hit
    cache.put(Outcome(url, url + "?final", 200, "text/html", "", True, saved))
    hit = cache.get(url)
    assert hit.cached and hit.final_url == url + "?final" and hit.body.read_bytes() == b"<html>page</html>"
    saved.unlink()
    assert cache.get(url) is None  # an outcome whose body went missing is fetched again
    cache.put(Outcome(url, url, 404, "text/html", "HTTP 404 (Not Found)", True))
    assert cache.get(url).error == "HTTP 404 (Not Found)" and cache.get(url).body is None
    cache._base(url).with_suffix(".json").write_text("{not json", encoding="utf-8")
    assert cache.get(url) is None
    assert not list(tmp_path.glob("*/.*.tmp"))
    left = cache.stage("https://news.example/killed")  # a download a kill interrupted
    assert cache.sweep() == 0 and left.exists()  # too recent: it may be another run's
    assert cache.sweep(older_than=0) == 1 and not left.exists()


@pytest.mark.parametrize(
    "value, low, high",
    [
        ("", 0, 0),
        ("0", 0, 0),
        ("7", 7, 7),
        ("1.5", 1.5, 1.5),
        ("-3", 0, 0),
        ("soon", 0, 0),
        (timedelta(seconds=30), 25, 31),  # an HTTP date, made when the test runs
        (timedelta(hours=-1), 0, 0),
    ],
)
def test_retry_after(value, low, high):
    if isinstance(value, timedelta):
        value = format_datetime(datetime.now(UTC) + value, usegmt=True)
    assert low <= retry_after_seconds(value) <= high


def test_cache_is_pruned_by_age_then_size(tmp_path):
    cache = Cache(tmp_path)
    now = time.time()
    for i, (age_days, size) in enumerate([(40, 10), (3, 6000), (2, 3000), (1, 3000), (0, 1000)]):
        url = f"https://news.example/{i}"
        body = cache.stage(url)
        body.write_bytes(b"x" * size)
        cache.put(Outcome(url, url, 200, "text/html", "", True, cache.commit_body(url, body)))
        info = cache._base(url).with_suffix(".json")
        info.write_text(json.dumps({**json.loads(info.read_text()), "fetched_at": now - age_days * 86400}))
    cache.put(Outcome("https://news.example/gone", "", 404, "", "HTTP 404 (Not Found)", True))
    removed = cache.prune(max_age=30 * 86400, max_bytes=10_000, now=now)
    assert removed == 2  # 40 days old; then the oldest while the rest weigh more than 10,000 bytes
    kept = [i for i in range(5) if cache.get(f"https://news.example/{i}")]
    assert kept == [2, 3, 4] and cache.get("https://news.example/gone") is not None
    assert not [p for p in tmp_path.rglob("*.body") if not p.with_suffix(".json").exists()]
