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
# shared shingles of compared pairs remembered (about 110 bytes each, 220 MB at most); beyond it the memory is
# cleared, so a pair met again in another band is compared again: time, never a different result
PAIRS_REMEMBERED = 2_000_000
N_HASH, BANDS = 32, 16
WORD = re.compile(r"[^\W_]+")
_rng = np.random.default_rng(20211202)
_A = _rng.integers(1, 2**61 - 1, N_HASH, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**61 - 1, N_HASH, dtype=np.uint64)


_WORD_CRC: dict[str, int] = {}  # word -> its crc32: a memo of a pure function (a corpus repeats its words)
_WORD_CRC_MAX = 200_000  # words kept, at most (emptied when full: it lives as long as the process) ...
WORD_MEMO_LEN = 40  # ... each of at most this many characters (a longer "word" is hashed, not kept)
WORD_CRC_CHARS = _WORD_CRC_MAX * WORD_MEMO_LEN  # so the words kept hold at most this many characters


def word_hashes(words: list[str]) -> np.ndarray:
    """crc32 of each word's UTF-8 (uint64), each distinct (short) word hashed once per process."""
    memo = _WORD_CRC
    out = list(map(memo.get, words))
    if None in out:
        if len(memo) > _WORD_CRC_MAX:
            memo.clear()
        for i, h in enumerate(out):
            if h is None:
                w = words[i]
                out[i] = zlib.crc32(w.encode())
                if len(w) <= WORD_MEMO_LEN:
                    memo[w] = out[i]
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


def passes(shared, a, b):
    """The copy rule on counts, element-wise: ``shared`` 5-grams between sets of ``a`` and ``b``. It grows with
    ``shared``, so where an upper bound of ``shared`` fails, the pair fails."""
    low = np.minimum(a, b)
    shared = np.minimum(shared, low)
    return (shared / (a + b - shared) >= JACCARD) | (shared / low >= CONTAINMENT)


def similar(a: np.ndarray, b: np.ndarray) -> bool:
    """The copy rule on two shingle sets."""
    if min(len(a), len(b)) < MIN_WORDS - SHINGLE + 1:
        return False
    return bool(passes(len(np.intersect1d(a, b, assume_unique=True)), len(a), len(b)))


class PairMemo(dict):
    """Shared 5-grams of the pairs compared, by ``i * n + j``; cleared when it reaches PAIRS_REMEMBERED."""

    def remember(self, key: int, value: int) -> int:
        if len(self) >= PAIRS_REMEMBERED:
            self.clear()
        self[key] = value
        return value


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
    that ``load(i)`` returns (read from disk as needed). ``dates`` are ordinals, 0 when undated.

    Clusters are the connected components of the candidate pairs that pass the rule. A pair already in one
    cluster is not compared, nor a pair that a bound proves apart: each article keeps an upper bound of its 5-grams
    outside its cluster's root (``spill``: exact when its cluster joins, summed up the tree), so for articles i, j
    of clusters rooted at ri, rj, |i & j| <= |ri & rj| + spill(i) + spill(j), and when that bound fails the rule
    the pair does too. Two stories syndicated 100 times each that meet in a band so cost one comparison of their
    roots instead of 100 x 100."""
    n = len(ids)
    parent = list(range(n))
    spill = [0] * n  # an upper bound of the 5-grams of i that its parent lacks (0 for a root)
    sizes = np.asarray(sizes, dtype=np.int64)
    size_of = sizes.tolist()

    def find(i: int) -> int:
        path = []
        while parent[i] != i:
            path.append(i)
            i = parent[i]
        for node in reversed(path[:-1]):  # nearest the root first: its parent's spill is then to the root
            spill[node] += spill[parent[node]]
            parent[node] = i
        return i

    cache: dict[int, np.ndarray] = {}

    def get(i: int) -> np.ndarray:
        if i not in cache:
            if len(cache) > SHINGLE_SETS_CACHED:
                cache.clear()
            cache[i] = load(i)
        return cache[i]

    memo = PairMemo()

    def shared(i: int, j: int) -> int:
        """|shingles(i) & shingles(j)| for i < j, each pair counted once while remembered."""
        key = i * n + j
        got = memo.get(key)
        if got is None:
            got = memo.remember(key, len(np.intersect1d(get(i), get(j), assume_unique=True)))
        return got

    def join(i: int, j: int) -> bool:
        """Join the clusters of i < j if the pair passes the rule (its bound already did); True if it did."""
        ri, rj = find(i), find(j)
        if ri == rj or not ((i, j) == (ri, rj) or passes(shared(i, j), size_of[i], size_of[j])):
            return False  # two roots: the bound was their exact count
        parent[rj] = ri
        spill[rj] = size_of[rj] - shared(min(ri, rj), max(ri, rj))
        return True

    for bucket in candidate_buckets(sigs, sizes >= MIN_WORDS - SHINGLE + 1):
        roots = np.array([find(i) for i in bucket.tolist()])
        if (roots == roots[0]).all():  # already one cluster: every pair would be skipped
            continue
        out = np.array([spill[i] for i in bucket.tolist()], dtype=np.int64)
        for x in range(len(bucket) - 1):
            others = np.flatnonzero(roots[x + 1 :] != roots[x]) + x + 1
            if not len(others):
                continue
            rx = int(roots[x])
            them, back = np.unique(roots[others], return_inverse=True)
            between = np.array([shared(min(rx, r), max(rx, r)) for r in them.tolist()], dtype=np.int64)
            # |i & j| <= |ri & rj| + spill(i) + spill(j): where that fails the rule, so does the pair
            bound = between[back] + out[x] + out[others]
            i = int(bucket[x])
            joined = False
            for y in others[passes(bound, size_of[i], sizes[bucket[others]])].tolist():
                joined |= join(i, int(bucket[y]))
            if joined:
                roots = np.array([find(m) for m in bucket.tolist()])
                out = np.array([spill[m] for m in bucket.tolist()], dtype=np.int64)
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
