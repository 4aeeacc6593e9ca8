"""Syndicated copies: the same wire story in several outlets.

Rule (documented in the README, tested in tests/analysis/test_dedupe.py): two articles are copies when their
sets of word 5-grams (lower-cased, punctuation removed) overlap so that

* Jaccard similarity >= 0.5, or
* containment of the shorter in the longer >= 0.8 (an outlet trimmed the story),

and the shorter has at least 36 distinct 5-grams (40 words of running text; a text repeating one
sentence has fewer and is never a copy). Copies form clusters (transitively); each
copy gets ``duplicate_of`` = the earliest article of its cluster (by published
date, undated last, then by id). Candidate pairs come from MinHash with locality
sensitive hashing (32 hashes in 16 bands of 2), then every candidate is checked
exactly by the rule above. LSH finds pairs by Jaccard similarity, so a copy that
qualifies by containment alone is found less often the shorter it is beside the
original: a 45-word lead of a 200-word story 13 times in 20, of a 400-word story
1 in 20 (tests/analysis/test_dedupe.py keeps this limit as a strict xfail).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

import numpy as np

SHINGLE = 5
MIN_WORDS = 40
JACCARD = 0.5
CONTAINMENT = 0.8
SHINGLE_SETS_CACHED = 4096  # shingle sets kept while checking candidates (a few KB each: some 16 MB in all)
# candidate pairs remembered as compared (about 70 bytes each, 280 MB at most); beyond it the memory is cleared,
# so a pair met again in another band is compared again: time, never a different result
PAIRS_REMEMBERED = 4_000_000
N_HASH, BANDS = 32, 16
WORD = re.compile(r"[^\W_]+")
_rng = np.random.default_rng(20211202)
_A = _rng.integers(1, 2**61 - 1, N_HASH, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**61 - 1, N_HASH, dtype=np.uint64)


_WORD_CRC: dict[str, int] = {}  # word -> its crc32: a memo of a pure function (a corpus repeats its words)
_WORD_CRC_MAX = 1_000_000


def word_hashes(words: list[str]) -> np.ndarray:
    """crc32 of each word's UTF-8 (uint64), each distinct word hashed once per process."""
    memo = _WORD_CRC
    out = list(map(memo.get, words))
    if None in out:
        if len(memo) > _WORD_CRC_MAX:
            memo.clear()
        for i, h in enumerate(out):
            if h is None:
                w = words[i]
                out[i] = memo[w] = zlib.crc32(w.encode())
    return np.array(out, dtype=np.uint64)


def shingles(text: str) -> np.ndarray:
    """Hashes (uint64) of the word 5-grams of a text, unique."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    w = word_hashes(words)
    h = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            h = h * np.uint64(1_000_003) + w[k : len(words) - SHINGLE + 1 + k]
    return np.unique(h)


def minhash(sh: np.ndarray) -> np.ndarray:
    if not len(sh):
        return np.full(N_HASH, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (np.outer(_A, sh) + _B[:, None]).min(axis=1)


def similar(a: np.ndarray, b: np.ndarray) -> bool:
    """The copy rule on two shingle sets."""
    if min(len(a), len(b)) < MIN_WORDS - SHINGLE + 1:
        return False
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union >= JACCARD or inter / min(len(a), len(b)) >= CONTAINMENT


def find_duplicates(
    ids: Sequence[str],
    texts: Sequence[str],
    dates: Sequence[dt.date | None],
    shingle_sets: Sequence[np.ndarray] | None = None,
) -> dict[str, str]:
    """Map each copy's id to the id of the earliest article in its cluster (shingles may be given precomputed)."""
    sh = list(shingle_sets) if shingle_sets is not None else [shingles(t) for t in texts]
    sigs = np.stack([minhash(s) for s in sh]) if sh else np.zeros((0, N_HASH), dtype=np.uint64)
    sizes = np.array([len(s) for s in sh], dtype=np.int64)
    ords = [d.toordinal() if d else 0 for d in dates]
    return duplicates_from_signatures(ids, ords, sigs, sizes, sh.__getitem__)


def candidate_buckets(sigs: np.ndarray, eligible: np.ndarray) -> Iterator[np.ndarray]:
    """Row numbers sharing a band of their MinHash signatures (LSH), band by band, in bulk."""
    rows = N_HASH // BANDS
    idx = np.flatnonzero(eligible)
    if len(idx) < 2:
        return
    for b in range(BANDS):
        cols = [sigs[idx, b * rows + r] for r in range(rows)]
        order = np.lexsort(cols[::-1])
        keys = np.stack([c[order] for c in cols], axis=1)
        new = np.ones(len(order), dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]).any(axis=1)
        starts = np.flatnonzero(new)
        ends = np.append(starts[1:], len(order))
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            yield np.sort(idx[order[s:e]])


def duplicates_from_signatures(
    ids: Sequence[str],
    dates: Sequence[int],
    sigs: np.ndarray,
    sizes: np.ndarray,
    load: Callable[[int], np.ndarray],
) -> dict[str, str]:
    """The copy rule over compact signatures: candidates from MinHash bands, checked exactly on the shingle sets
    that ``load(i)`` returns (read from disk as needed). ``dates`` are ordinals, 0 when undated."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cache: dict[int, np.ndarray] = {}

    def get(i: int) -> np.ndarray:
        if i not in cache:
            if len(cache) > SHINGLE_SETS_CACHED:
                cache.clear()
            cache[i] = load(i)
        return cache[i]

    checked: set[int] = set()  # i * n + j of the pairs compared (bounded: PAIRS_REMEMBERED)
    n = len(ids)
    for members in candidate_buckets(sigs, np.asarray(sizes) >= MIN_WORDS - SHINGLE + 1):
        members = members.tolist()
        if len({find(i) for i in members}) == 1:  # already one cluster: every pair would be skipped
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                key = i * n + j
                if key in checked or find(i) == find(j):
                    continue
                if len(checked) >= PAIRS_REMEMBERED:
                    checked.clear()
                checked.add(key)
                if similar(get(i), get(j)):
                    parent[find(j)] = find(i)
    big = dt.date.max.toordinal()
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        if find(i) != i or parent[i] != i:
            clusters[find(i)].append(i)
    for root in list(clusters):
        clusters[root].append(root)
    out = {}
    for members in clusters.values():
        first = min(members, key=lambda i: (dates[i] or big, ids[i]))
        for i in members:
            if i != first:
                out[ids[i]] = ids[first]
    return out
