"""Syndicated copies: the same wire story in several outlets.

Rule (documented in the README and tested): two articles are copies when their
sets of word 5-grams (lower-cased, punctuation removed) overlap so that

* Jaccard similarity >= 0.5, or
* containment of the shorter in the longer >= 0.8 (an outlet trimmed the story),

and the shorter has at least 40 words. Copies form clusters (transitively); each
copy gets ``duplicate_of`` = the earliest article of its cluster (by published
date, undated last, then by id). Candidate pairs come from MinHash with locality
sensitive hashing (32 hashes in 16 bands of 2), then every candidate is checked
exactly, so the rule above is what decides.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

SHINGLE = 5
MIN_WORDS = 40
JACCARD = 0.5
CONTAINMENT = 0.8
N_HASH, BANDS = 32, 16
_WORD = re.compile(r"[^\W_]+")
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.default_rng(20211202)
_A = _rng.integers(1, 2**61 - 1, N_HASH, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**61 - 1, N_HASH, dtype=np.uint64)


def shingles(text: str) -> np.ndarray:
    """Hashes (uint64) of the word 5-grams of a text, unique."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    w = np.fromiter((zlib.crc32(x.encode()) for x in words), dtype=np.uint64, count=len(words))
    h = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            h = h * np.uint64(1_000_003) + w[k: len(words) - SHINGLE + 1 + k]
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


def find_duplicates(ids: Sequence[str], texts: Sequence[str], dates: Sequence[dt.date | None],
                    shingle_sets: Sequence[np.ndarray] | None = None) -> dict[str, str]:
    """Map each copy's id to the id of the earliest article in its cluster (shingles may be given precomputed)."""
    sh = list(shingle_sets) if shingle_sets is not None else [shingles(t) for t in texts]
    sigs = [minhash(s) for s in sh]
    rows = N_HASH // BANDS
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        if len(sh[i]) < MIN_WORDS - SHINGLE + 1:
            continue
        for b in range(BANDS):
            buckets[(b, sig[b * rows:(b + 1) * rows].tobytes())].append(i)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) in checked or find(i) == find(j):
                    continue
                checked.add((i, j))
                if similar(sh[i], sh[j]):
                    parent[find(j)] = find(i)
    order = {i: (dates[i] or dt.date.max, ids[i]) for i in range(len(ids))}
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        clusters[find(i)].append(i)
    out = {}
    for members in clusters.values():
        if len(members) < 2:
            continue
        first = min(members, key=order.__getitem__)
        for i in members:
            if i != first:
                out[ids[i]] = ids[first]
    return out
