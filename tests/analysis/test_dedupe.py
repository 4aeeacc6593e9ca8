"""analysis/dedupe.py: which articles are syndicated copies of which (the rule in its docstring).

The texts are made up for these tests (corpus text is not committed).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import dedupe
from analysis.dedupe import MIN_WORDS, find_duplicates, shingles, similar

WIRE = (
    "GENEVA - The top diplomats of the United States and Russia met for ninety minutes on Friday in a lakeside "
    "hotel, trading warnings over the tens of thousands of troops Moscow has gathered near its border with "
    "Ukraine. Washington's envoy told reporters afterwards that the talks had been frank and useful, but that no "
    "breakthrough had been expected and none had come. His counterpart said his government would wait for a "
    "written answer to its demands before deciding on its next steps, and repeated that it had no plan to invade "
    "its neighbour. Both men agreed to keep talking, and officials on each side said another meeting could "
    "follow within weeks. Allies in Europe were briefed by telephone before the envoy left the city, a spokesman "
    "for the delegation added late in the evening."
)
SAME_EVENT = (
    "Russia and the United States ended another round of crisis diplomacy without agreement, as thousands of "
    "soldiers remained massed close to the Ukrainian frontier. Speaking outside the venue, the American secretary "
    "described the session as candid. The Russian minister, for his part, insisted his country posed no threat "
    "to anyone and accused the West of stoking hysteria. Analysts in Kyiv said the lack of progress left the "
    "region on edge, while markets in Moscow fell for a third day. A senior European official said the alliance "
    "stood ready to respond to any attack with severe economic measures, and that the door to dialogue remained "
    "open. Further talks were not yet scheduled, although both governments signalled they wanted them."
)
OTHER_STORY = (
    "The city council voted on Tuesday to extend the opening hours of its public libraries through the winter, "
    "after a petition signed by more than four thousand residents asked for quiet warm places to read and study "
    "in the evenings. The extra hours will cost about two hundred thousand a year, paid from a fund set aside for "
    "community projects. Librarians welcomed the decision but said more staff would be needed by the spring."
)
QUOTE = (
    "we will not accept any agreement that is decided about Ukraine without Ukraine at the table, and we have said "
    "so clearly to our partners"
)


def words(text: str, start: int, stop: int | None = None) -> str:
    return " ".join(text.split()[start:stop])


def changed(text: str, every: int) -> str:
    """Every ``every``-th word replaced by another (light edits by a second outlet's desk)."""
    return " ".join(f"edited{i}" if i % every == every - 1 else w for i, w in enumerate(text.split()))


def distinct_words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


JAN = [dt.date(2022, 1, d) for d in range(1, 29)]

# (first text, second text, copies?) - the second article is the later one
PAIRS = [
    ("the same text", WIRE, WIRE, True),
    (
        "syndicated copy with a different headline and credit",
        "US and Russia trade warnings in Geneva\n" + WIRE,
        "Diplomats fail to ease Ukraine crisis\n"
        + WIRE
        + "\nReporting by a wire service; editing by its desk.",
        True,
    ),
    ("copy with the tail cut (its first 70%)", WIRE, words(WIRE, 0, 96), True),
    ("copy keeping half the story (Jaccard 0.48, containment 1.0)", WIRE, words(WIRE, 0, 67), True),
    ("copy with every 30th word edited (Jaccard 0.7)", WIRE, changed(WIRE, 30), True),
    ("copy with every 12th word edited (Jaccard 0.42, containment 0.59)", WIRE, changed(WIRE, 12), False),
    ("copy with every 4th word edited (most 5-grams broken)", WIRE, changed(WIRE, 4), False),
    ("copy in capitals and other punctuation", WIRE, WIRE.upper().replace(",", ";").replace(".", "!"), True),
    ("two articles on the same event", WIRE, SAME_EVENT, False),
    (
        "two articles on the same event sharing one long quote",
        WIRE + " " + QUOTE,
        SAME_EVENT + " " + QUOTE,
        False,
    ),
    ("two unrelated articles", WIRE, OTHER_STORY, False),
    ("both empty", "", "", False),
    ("empty and an article", "", WIRE, False),
    ("tiny identical texts", "Lavrov said no.", "Lavrov said no.", False),
    (
        f"identical, {MIN_WORDS - 1} words (one short of the rule)",
        distinct_words(MIN_WORDS - 1),
        distinct_words(MIN_WORDS - 1),
        False,
    ),
    (
        f"identical, {MIN_WORDS} words (the rule's least)",
        distinct_words(MIN_WORDS),
        distinct_words(MIN_WORDS),
        True,
    ),
    (
        f"a {MIN_WORDS - 1}-word lead of a 60-word story",
        distinct_words(60),
        distinct_words(MIN_WORDS - 1),
        False,
    ),
    ("the story's own words in another order", WIRE, " ".join(reversed(WIRE.split())), False),
]


@pytest.mark.parametrize("first, second, copies", [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_copy_rule_on_pairs(first, second, copies):
    assert similar(shingles(first), shingles(second)) is copies
    assert similar(shingles(second), shingles(first)) is copies
    expected = {"later": "earlier"} if copies else {}
    assert find_duplicates(["later", "earlier"], [second, first], [JAN[5], JAN[1]]) == expected


@pytest.mark.xfail(
    strict=True,
    reason="a known limit (dedupe's docstring, README): candidates come from MinHash "
    "bands, which follow Jaccard similarity, so a short trimmed copy of a long story shares few bands: "
    "similar() says copy (containment 1.0), find_duplicates misses it",
)
@pytest.mark.parametrize("n_words", [400, 600])
def test_a_short_lead_of_a_long_story_is_a_copy(n_words):
    story, lead = distinct_words(n_words), distinct_words(45)
    assert similar(shingles(story), shingles(lead))
    assert find_duplicates(["story", "lead"], [story, lead], [JAN[0], JAN[1]]) == {"lead": "story"}


@pytest.mark.parametrize(
    "text, copies",
    [
        (
            " ".join(["the talks in Geneva ended without a deal on troops."] * 5),
            False,
        ),  # 50 words, 10 distinct 5-grams
        (distinct_words(40), True),  # 36 distinct 5-grams: the least that counts
        (distinct_words(39), False),
    ],
)
def test_the_size_floor_counts_distinct_five_grams(text, copies):
    """The rule's floor is 36 distinct 5-grams (40 words of running text): repeating one sentence does not make an
    article long enough to call a copy, even of itself."""
    assert find_duplicates(["a", "b"], [text, text], [JAN[0], JAN[1]]) == ({"b": "a"} if copies else {})


@pytest.mark.parametrize(
    "dates, expected",
    [
        ([JAN[3], JAN[1], JAN[2]], {"a": "b", "c": "b"}),  # the earliest published is the original
        ([None, JAN[9], JAN[2]], {"a": "c", "b": "c"}),  # undated last
        ([None, None, None], {"b": "a", "c": "a"}),  # then by id
        ([JAN[2], JAN[2], JAN[2]], {"b": "a", "c": "a"}),
    ],
)
def test_each_copy_points_to_the_earliest_of_its_cluster(dates, expected):
    texts = [WIRE, "Another headline\n" + WIRE, words(WIRE, 0, 100)]
    assert find_duplicates(["a", "b", "c"], texts, dates) == expected


def test_clusters_are_transitive():
    """a ~ b and b ~ c, though a and c share too little to be copies: one cluster, pointing to a."""
    a, b, c = (" ".join(f"w{i}" for i in range(lo, lo + 100)) for lo in (0, 30, 60))
    assert similar(shingles(a), shingles(b)) and similar(shingles(b), shingles(c))
    assert not similar(shingles(a), shingles(c))
    assert find_duplicates(["a", "b", "c"], [a, b, c], JAN[:3]) == {"b": "a", "c": "a"}


def test_precomputed_shingles_give_the_same_answer():
    ids, texts = ["a", "b", "c", "d"], [WIRE, SAME_EVENT, words(WIRE, 0, 96), OTHER_STORY]
    by_text = find_duplicates(ids, texts, JAN[:4])
    assert by_text == {"c": "a"}
    assert find_duplicates(ids, [""] * 4, JAN[:4], shingle_sets=[shingles(t) for t in texts]) == by_text


def test_no_articles():
    assert find_duplicates([], [], []) == {}


# ---------------------------------------------------------------- properties

WORD = st.from_regex(r"[a-z]{1,8}", fullmatch=True)
DATE = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
VOCAB = [f"{a}{b}{c}" for a in "bdfk" for b in "aeiou" for c in "lmnprstvxz"]  # 200 distinct words
ID = st.text(st.characters(min_codepoint=48, max_codepoint=122), min_size=1, max_size=6)


def first_of(ids: list[str], dates: list[dt.date | None]) -> str:
    return min(zip(ids, dates, strict=True), key=lambda p: (p[1] or dt.date.max, p[0]))[0]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(WORD, unique=True, max_size=90),
    st.lists(ID, min_size=2, max_size=2, unique=True),
    st.lists(DATE, min_size=2, max_size=2),
    st.sampled_from([" ", ", ", ". ", " - ", "\n"]),
    st.booleans(),
)
def test_an_article_and_itself_under_another_id(vocab, ids, dates, sep, upper):
    """Same words (in another case, with other punctuation between them): a copy exactly when the rule's 40 words
    are there (distinct words, so every 5-gram is distinct too); the copy points to the earlier one."""
    text = " ".join(vocab)
    again = sep.join(w.upper() if upper else w for w in vocab)
    assert (shingles(again) == shingles(text)).all()
    result = find_duplicates(ids, [text, again], dates)
    first = first_of(ids, dates)
    assert result == ({i: first for i in ids if i != first} if len(vocab) >= MIN_WORDS else {})


@st.composite
def corpora(draw):
    """A few base stories and, for some, copies: whole, tail cut, or with a headline line added (about 4 corpora in
    10 hold copies the rule finds, measured on 100)."""
    vocab = draw(st.permutations(VOCAB))
    texts = []
    for k in range(draw(st.integers(1, 4))):
        base = vocab[k * 50 : k * 50 + draw(st.integers(20, 50))]
        texts.append(" ".join(base))
        for kind in draw(st.lists(st.sampled_from(["whole", "cut", "headline"]), max_size=3)):
            cut = base[: max(1, len(base) * 4 // 5)] if kind == "cut" else base
            texts.append(("Headline\n" if kind == "headline" else "") + " ".join(cut))
    ids = [f"id{i}" for i in range(len(texts))]
    dates = draw(st.lists(DATE, min_size=len(texts), max_size=len(texts)))
    return ids, texts, dates


@settings(max_examples=100, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_copies_do_not_depend_on_the_input_order(corpus, rnd):
    ids, texts, dates = corpus
    result = find_duplicates(ids, texts, dates)
    order = list(range(len(ids)))
    rnd.shuffle(order)
    assert (
        find_duplicates([ids[i] for i in order], [texts[i] for i in order], [dates[i] for i in order])
        == result
    )


def rule_clusters(texts: list[str]) -> list[int]:
    """Each text's cluster under the rule applied to every pair (no MinHash): the number of its first member."""
    sh = [shingles(t) for t in texts]
    root = list(range(len(texts)))
    for j in range(len(texts)):
        for i in range(j):
            if similar(sh[i], sh[j]):
                old, new = root[j], root[i]
                root = [new if r == old else r for r in root]
    return root


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_copies_are_the_rule_on_every_pair(corpus):
    """On corpora of close copies (Jaccard >= 0.76, where MinHash misses a pair less than once in a million), the
    clusters are those of the rule applied to every pair, and each points to its earliest member."""
    ids, texts, dates = corpus
    result = find_duplicates(ids, texts, dates)
    root = rule_clusters(texts)
    expected = {}
    for r in set(root):
        members = [i for i in range(len(ids)) if root[i] == r]
        first = first_of([ids[i] for i in members], [dates[i] for i in members])
        expected |= {ids[i]: first for i in members if ids[i] != first}
    assert result == expected
    assert not set(result) & set(result.values())  # an original is nobody's copy


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_forgetting_the_pairs_compared_changes_no_result(corpus):
    """The memory of compared pairs is bounded (PAIRS_REMEMBERED): cleared after every pair, the copies are the same."""
    ids, texts, dates = corpus
    result = find_duplicates(ids, texts, dates)
    saved = dedupe.PAIRS_REMEMBERED
    try:
        dedupe.PAIRS_REMEMBERED = 1
        assert find_duplicates(ids, texts, dates) == result
    finally:
        dedupe.PAIRS_REMEMBERED = saved


def two_syndicated_stories() -> dict[str, str]:
    """The copies of two stories, each copied 30 times with its own last word, that share 30 words (so a band)."""
    shared = " ".join(VOCAB[:30])
    a = shared + " " + " ".join(VOCAB[30:130])
    b = shared + " " + " ".join(VOCAB[130:200])
    texts = [f"{a} copy{k}" for k in range(30)] + [f"{b} copy{k}" for k in range(30)]
    ids = [f"a{k}" for k in range(30)] + [f"b{k}" for k in range(30)]
    return find_duplicates(ids, texts, [None] * 60)


def test_two_syndicated_stories_in_one_band_keep_the_memory_bounded(monkeypatch):
    """Two stories copied 30 times each that share a band: never more pairs remembered than the bound, and the two
    clusters stay apart."""
    remembered: list[int] = []

    class Counting(dedupe.PairMemo):
        def remember(self, key, value):
            got = super().remember(key, value)
            remembered.append(len(self))
            return got

    monkeypatch.setattr(dedupe, "PAIRS_REMEMBERED", 20)
    monkeypatch.setattr(dedupe, "PairMemo", Counting)
    result = two_syndicated_stories()
    assert set(result.values()) <= {"a0", "b0"} and len(result) == 58
    assert len(remembered) > 20 and max(remembered) <= 20


def every_candidate_compared(ids: list[str], texts: list[str], dates: list[dt.date | None]) -> dict[str, str]:
    """The copies when every pair of every MinHash bucket is checked by the rule (no bound, no skipping)."""
    sh = [shingles(t) for t in texts]
    sigs = np.stack([dedupe.minhash(s) for s in sh])
    sizes = np.array([len(s) for s in sh])
    root = list(range(len(texts)))
    for members in dedupe.candidate_buckets(sigs, sizes >= MIN_WORDS - dedupe.SHINGLE + 1):
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if similar(sh[i], sh[j]):
                    old, new = root[j], root[i]
                    root = [new if r == old else r for r in root]
    out = {}
    for r in set(root):
        members = [i for i in range(len(ids)) if root[i] == r]
        first = first_of([ids[i] for i in members], [dates[i] for i in members])
        out |= {ids[i]: first for i in members if ids[i] != first}
    return out


@st.composite
def syndicated(draw):
    """Stories that share a run of words (so they meet in bands), each copied several times with its own tail of
    0-12 new words, some cut short: the shapes where the bound on a cluster's spill decides most pairs."""
    vocab = draw(st.permutations(VOCAB))
    shared = vocab[: draw(st.integers(10, 40))]
    texts = []
    for k in range(draw(st.integers(2, 3))):
        own = vocab[40 + k * 40 : 40 + k * 40 + draw(st.integers(10, 40))]
        base = shared + own
        for c in range(draw(st.integers(1, 6))):
            body = base[: max(1, len(base) * draw(st.integers(6, 10)) // 10)]
            tail = [f"tail{k}x{c}x{t}" for t in range(draw(st.integers(0, 12)))]
            texts.append(" ".join(body + tail))
    ids = [f"id{i}" for i in range(len(texts))]
    dates = draw(st.lists(DATE, min_size=len(texts), max_size=len(texts)))
    return ids, texts, dates


@settings(max_examples=150, deadline=None)
@given(syndicated() | corpora())
def test_the_bound_skips_comparisons_never_a_copy(corpus):
    """The copies are those of comparing every pair of every candidate bucket: the bound only spares work."""
    ids, texts, dates = corpus
    assert find_duplicates(ids, texts, dates) == every_candidate_compared(ids, texts, dates)


def test_two_syndicated_stories_in_one_band_cost_a_comparison_of_their_roots(monkeypatch):
    """Two stories copied 30 times each that share a band: the copies of each join, and the 900 pairs across the two
    clusters are settled by the bound, not compared one by one."""
    calls = []
    real = dedupe.similar

    def counted(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(dedupe, "similar", counted)
    result = two_syndicated_stories()
    assert set(result.values()) == {"a0", "b0"} and len(result) == 58
    assert len(calls) < 200, len(calls)
