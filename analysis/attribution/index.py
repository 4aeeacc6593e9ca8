"""One index over an article for every attribution: its quotes, sentences, mentions and reporting verbs as
sorted offsets, for bounded look-ups (each O(log n) plus the size of the answer)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache

from .. import lexicons
from ..actors import NAME_WORD, WordIndex, not_name_words, person_like, person_name_at, written_in_lower_case
from ..document import ArticleDoc
from ..quote_marks import QuoteSpan
from ..schemas import Mention
from ..sentences import Span
from .lexicon import (
    actor_of,
    body_nouns,
    leader_titles,
    reporting_verbs,
    role_nouns,
    speaks_for,
    verb_alternation,
)

# patterns compiled once (re's own cache costs more per call); bounded: some are made of a phrase of the text
_rx = lru_cache(maxsize=1024)(re.compile)
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")

BACK = 600  # how far back (characters) a subject or antecedent is looked for
AHEAD = 220  # how far after a quote its attribution is looked for
BY_AFTER = 8  # '"reckless" by U.S. officials': "by" right after the closing mark (a space or two between)
VERB_AFTER_BODY = 25  # "the ministry, in turn, said": a body is a subject when a verb follows this close
SUBJECT_AFTER_MAX = 110  # '"...," X said': a subject between the mark and the verb is short (and 10 words)
BODY_NAMED_BACK = (
    6000  # an unnamed body's fuller mention is looked for this far back, over at most BODY_STEPS
)
BODY_STEPS = 20
SOURCE_REACH = 120  # "according to X": X is written within this many characters
WORD_INDEX_FROM = 20_000  # characters: a longer text answers ``written_lower`` from an index of its words
MENTIONS_BACK = 40  # at most this many mentions are looked at before a position (a bound, not a distance)
JOINT_GAP = 160  # "X and Y" are named together when the second name starts this close after the first


Who = tuple[str, str]  # (speaker, detail)
_EXPRESSIVE = re.compile(
    r"\b(?:expressed|expressing|voiced|spoke|speaking|points? to|pointed to|outlined|outlines|"
    r"released a statement|in a statement|in a letter|on Twitter|in an interview)\b"
)


class Index:
    """One article's quotes, sentences, mentions and reporting verbs as sorted offsets, for bounded look-ups.

    Read-only once built: besides the indexes it keeps only memos of look-ups that depend on the text alone
    (quote kinds, clause starts, dense paragraphs, words written in lower case, runs of capitalised words).
    What the walk over the quotes learns is in ``Walk``."""

    def __init__(self, doc: ArticleDoc) -> None:
        self.text = doc.text
        self.matcher = doc.matcher
        self.by_name = doc.matcher.by_name()
        self.quotes: list[QuoteSpan] = sorted(doc.quote_spans, key=lambda q: q.open_pos)
        self.sentences = doc.sentences
        self.paras = doc.paragraphs
        mentions = doc.mentions
        if any(a.start > b.start for a, b in zip(mentions, mentions[1:], strict=False)):
            mentions = sorted(mentions, key=lambda mention: mention.start)
        self.mentions: list[Mention] = list(mentions)
        self.q_open = [q.open_pos for q in self.quotes]
        self.q_close = [q.close_pos for q in self.quotes]
        self.q_maxclose = []
        top = -1
        for c in self.q_close:
            top = max(top, c)
            self.q_maxclose.append(top)
        self.s_start = [s.start for s in self.sentences]
        self.m_start = [mention.start for mention in self.mentions]
        self.kinds: dict[int, str] = {}  # quote_kind by opening mark
        self.clause: dict[int, tuple[QuoteSpan, Span, int]] = {}  # _clause_start by quote
        self.dense: set[int] | None = None  # rule_dense's paragraphs
        self._lower: dict[str, bool] = {}
        self._runs: dict[tuple[int, int], tuple] = {}
        self._title_roles: list[tuple[int, str, str]] | None = None

    @cached_property
    def written_lower_phrase(self) -> Callable[[str], bool]:
        """Does the article write this lower-case word or phrase (one pass over the text, then look-ups)?"""
        return written_in_lower_case(self.text)

    def written_lower(self, word: str) -> bool:
        """Does the article write this word in lower case too (so a capitalised "When" or "Since" is no name)?"""
        low = word.lower()
        got = self._lower.get(low)
        if got is None:
            got = self._lower[low] = low != word and _has_word(self.text, low, self._words)
        return got

    @cached_property
    def _words(self) -> WordIndex | None:
        """The text's words, where a long text is searched for many words (None: a short one, searched directly)."""
        return WordIndex(self.text, alnum=True) if len(self.text) > WORD_INDEX_FROM else None

    # ---- look-ups (all O(log n) plus the size of the answer)

    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.q_open, pos) - 1
        return k >= 0 and self.q_maxclose[k] > pos and pos != self.q_open[k]

    def mentions_in(self, a: int, b: int, outside: bool = True) -> list[Mention]:
        lo, hi = bisect.bisect_left(self.m_start, a), bisect.bisect_left(self.m_start, b)
        return [
            mention
            for mention in self.mentions[lo:hi]
            if mention.end <= b and not (outside and self.inside_quote(mention.start))
        ]

    @cached_property
    def verbs(self) -> list[re.Match]:
        """Every reporting verb, found once, on first use (a troop figure's owner rules need none)."""
        return list(_verb_scan().finditer(self.text))

    @cached_property
    def v_start(self) -> list[int]:
        return [v.start() for v in self.verbs]

    def between(self, lo: int, hi: int) -> list[Mention]:
        """Mentions starting in [lo, hi), quoted or not."""
        return self.mentions[bisect.bisect_left(self.m_start, lo) : bisect.bisect_left(self.m_start, hi)]

    def last_before(self, pos: int, limit: int = MENTIONS_BACK) -> list[Mention]:
        """Up to ``limit`` mentions ending before pos, nearest last."""
        k = bisect.bisect_left(self.m_start, pos)
        return [mention for mention in self.mentions[max(0, k - limit) : k] if mention.end <= pos]

    def body_owner(self, phrase: str, pos: int) -> str:
        """Whom an unnamed body stands for: the country or organisation of the latest earlier, fuller mention of
        ``phrase`` ("Ukraine's Defence Ministry ... the Defence Ministry said": Ukraine); '' when none.
        Looked for at most ``BODY_NAMED_BACK`` characters and ``BODY_STEPS`` occurrences back."""
        lo = max(0, pos - BODY_NAMED_BACK)
        hits = list(_rx(rf"((?:[A-Z][\w’'-]*\s+){{1,3}}){re.escape(phrase)}\b").finditer(self.text, lo, pos))
        for hit in reversed(hits[-BODY_STEPS:]):
            ms = [
                x
                for x in self.between(hit.start(1), hit.end(1))
                if x.actor_type != "person" and x.end <= hit.end(1)
            ]
            if ms:
                return speaks_for(actor_of(ms[-1], self.matcher), self.by_name)
        return ""

    def according_to(self, lo: int, hi: int, stop: int) -> list[tuple[int, int]]:
        """(start, end) of each source named after an "according to" in text[lo:hi], outside quotations, in order:
        to the next comma, stop or semicolon, at most ``SOURCE_REACH`` characters and never past ``stop`` (the
        sentence's end); "according to plan" and "according to reports" name no source. The one reading of the
        phrase for speakers and claimants."""
        text = self.text
        if text.find("ccording to", lo, hi) < 0:
            return []
        out = []
        for acc in _ACCORDING.finditer(text, lo, hi):
            a = acc.end()
            if self.inside_quote(a):
                continue
            window = text[a : min(stop, a + SOURCE_REACH)]
            end = a + _rx(r"[,.;]\s|[,.;]?$").search(window).start()
            if _rx(r"\s+(?:plan|schedule|the plan|the schedule|reports?)\b").match(text, a, end):
                continue
            out.append((a, end))
        return out

    def verbs_in(self, a: int, b: int) -> list[re.Match]:
        """The reporting verbs that lie inside text[a:b], in order."""
        lo, hi = bisect.bisect_left(self.v_start, a), bisect.bisect_left(self.v_start, b)
        return [v for v in self.verbs[lo:hi] if v.end() <= b]

    def expressive_in(self, a: int, b: int) -> bool:
        return _EXPRESSIVE.search(self.text, a, b) is not None

    def first_verb(self, a: int, b: int) -> re.Match | None:
        got = self.verbs_in(a, b) if b - a < 4 * BACK else []
        return got[0] if got else None

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.s_start, pos) - 1)

    def sentence_at(self, pos: int) -> Span:
        if not self.sentences:
            return Span(pos, pos)
        s = self.sentences[self.sentence_index(pos)]
        return s if s.start <= pos <= s.end else Span(pos, pos)

    def quotes_between(self, a: int, b: int) -> range:
        """Indexes of the quotes opening in [a, b)."""
        return range(bisect.bisect_left(self.q_open, a), bisect.bisect_left(self.q_open, b))

    @cached_property
    def caps_runs(self) -> tuple[list[re.Match], list[int]]:
        """Every run of capitalised words in the text, and their starts (one scan per article)."""
        runs = list(_CAPS_RUN.finditer(self.text))
        return runs, [r.start() for r in runs]

    def runs_in(self, a: int, b: int) -> list[re.Match]:
        """The runs of capitalised words that lie inside text[a:b]."""
        runs, starts = self.caps_runs
        return [
            r for r in runs[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)] if r.end() <= b
        ]

    @cached_property
    def runs_by_last_word(self) -> dict[str, list[re.Match]]:
        """The runs of capitalised words, by their last word (a possessive's ending dropped), in text order."""
        out: dict[str, list[re.Match]] = {}
        for hit in self.caps_runs[0]:
            last = hit.group().rsplit(None, 1)[-1].removesuffix("’s").removesuffix("'s")
            out.setdefault(last, []).append(hit)
        return out

    @cached_property
    def cap_words(self) -> tuple[list[re.Match], list[int]]:
        """Every capitalised word of the text, and their starts (one scan per article)."""
        words = list(_rx(r"\b[A-Z][\w’'-]+\b").finditer(self.text))
        return words, [w.start() for w in words]

    def full_name_before(self, surname: str, pos: int) -> str:
        """The person off the actor list the article named in full, with this surname, before ``pos``
        ("Paul Griffiths ... Griffiths said": Griffiths is Paul Griffiths); '' when none."""
        for hit in self.runs_by_last_word.get(surname, ()):
            if hit.start() >= pos:
                break
            if self.inside_quote(hit.start()):
                continue
            found = self._run_person(hit)
            if found and found[1].split()[-1] == surname:
                return found[1]
        return ""

    def surnames_in(self, a: int, b: int, taken: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
        """(position, full name) of bare surnames in text[a:b] outside quotes whose bearer was named in full
        before, none inside a name already ``taken``."""
        out = []
        words, starts = self.cap_words
        for w in words[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]:
            if w.end() > b or w.group() not in self.runs_by_last_word or self.inside_quote(w.start()):
                continue
            if any(p <= w.start() < p + len(n) for p, n in taken):
                continue
            full = self.full_name_before(w.group(), w.start())
            if full:
                out.append((w.start(), full))
        return out

    def people_runs(self, a: int, b: int, listed: Sequence[Mention]) -> list[tuple[int, str]]:
        """(position, name) of the people off the actor list named in text[a:b] outside quotes: runs of
        capitalised words that end in a plausible name, none overlapping a ``listed`` mention."""
        out = []
        for hit in self.runs_in(a, b):
            if self.inside_quote(hit.start()) or any(
                x.start < hit.end() and hit.start() < x.end for x in listed
            ):
                continue
            found = self._run_person(hit)
            if found:
                out.append(found)
        return out

    def _run_person(self, hit: re.Match) -> tuple[int, str] | tuple[()]:
        """(position, name) of the person a run of capitalised words ends in, or () (remembered per run)."""
        key = (hit.start(), hit.end())
        found = self._runs.get(key)
        if found is None:
            name = self.plausible_person(hit.group())
            pos = hit.start() + hit.group().rfind(name.split()[0]) if name else -1
            if name and not person_like(self.text, name.split(), pos, hit.end(), self.written_lower_phrase):
                name = ""  # a thing named like a person ("Oghma Partners", "Royal Shrewsbury")
            found = self._runs[key] = (pos, name) if name else ()
        return found

    def plausible_person(self, surface: str) -> str:
        """The name that ends a run of capitalised words: 2-3 words, none a body, place, title or country word
        ("European Union Pavel Orlikov" -> Pavel Orlikov; "Popular Russian", "Since Russia" -> '')."""

        def bad(w: str) -> bool:
            a = self.matcher.by_alias.get(w)
            low = w.lower()
            return (
                (a is not None and a.type != "person" and w not in a.ambiguous)
                or w in lexicons.words("not_surnames.txt")
                or low in body_nouns()
                or w in not_name_words()
                or low in role_nouns()
                or (low.endswith("s") and (low[:-1] in role_nouns() or w[:-1] in not_name_words()))
            )

        words = surface.split()
        if words and words[-1].endswith(("’s", "'s")):
            words[-1] = words[-1][:-2]
        keep: list[str] = []
        for w in reversed(words):
            if bad(w) or len(keep) == 3:
                break
            keep.insert(0, w)
        if len(keep) > 2 and self.written_lower(keep[0]):
            keep = keep[1:]  # "Popular Tom Reed": a capitalised common word opening the sentence
        if len(keep) < 2 or self.written_lower(keep[0]):
            return ""
        return _plausible_person(" ".join(keep))

    def title_roles(self) -> list[tuple[int, str, str]]:
        """(pos, role, person) for titles written before a person's name ("Vice President Kamala Harris") and
        appositions ("Serhiy Haidai, the governor of Luhansk,"), in text order; found once per article."""
        if self._title_roles is None:
            roles: list[tuple[int, str, str]] = []
            for mention in self.mentions:
                if mention.actor_type != "person" or len(mention.surface.split()) < 2:
                    continue
                head = _title_before(self.text, mention.start)
                if head and mention.actor:
                    roles.append((mention.start, head.lower(), mention.actor))
            for hit in _appositive_rx().finditer(self.text):
                name = self.plausible_person(hit.group(1))
                listed = [
                    mention
                    for mention in self.mentions_in(hit.start(1), hit.end(1), outside=False)
                    if mention.actor_type == "person"
                ]
                who = listed[-1].actor if listed else name
                phrase = hit.group(2).strip()
                if who and phrase:
                    roles.append((hit.start(), phrase.lower(), who))
            self._title_roles = roles
        return self._title_roles


@lru_cache(maxsize=1)
def _appositive_rx() -> re.Pattern:
    roles = "|".join(sorted((r for r in role_nouns() if not r.endswith("s")), key=len, reverse=True))
    return re.compile(
        rf"((?:{NAME_WORD}\s+){{1,2}}{NAME_WORD}),\s+(?:the|a|an)\s+((?:[A-Za-z-]+\s+){{0,3}}?(?:{roles}))\b"
    )


@lru_cache(maxsize=1)
def _verb_scan() -> re.Pattern:
    """verb_regex() with a look-ahead on first letters, so most positions fail at once (same matches, faster)."""
    firsts = "".join(sorted({w[0] for w in reporting_verbs()} | {"a", "w"}))
    return re.compile(rf"\b(?=[{firsts}])(?:" + verb_alternation() + r")\b")


def _has_word(text: str, word: str, words: WordIndex | None = None) -> bool:
    """Is ``word`` in text as a whole word (str.find, no regular expression to compile per word)?

    With ``words`` (the text's index), answered from the index, unless the search below could step over a whole
    occurrence that overlaps a first one (a word like "bora-bora": it resumes after each one found)."""
    if words is not None and not _self_overlapping(word):
        return words.has(word)
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
            return True
        i = text.find(word, j)
    return False


def _self_overlapping(word: str) -> bool:
    """Could an occurrence of ``word`` start inside another, after a character that is no letter or digit?"""
    return any(not word[d - 1].isalnum() and word.startswith(word[d:]) for d in range(1, len(word)))


_CAPS_RUN = re.compile(
    rf"\b{NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?(?:(?:de|von|van|der|al|bin|el)\s+)*{NAME_WORD})+\b"
)
_TITLE_WORD = re.compile(r"(?:[A-Z][\w.’'-]*|of|for|the|and|to|on)$")


def _title_before(text: str, pos: int) -> str:
    """The title right before a name: up to 7 words, capitalised or role nouns, ending in a role noun."""
    seg = text[max(0, pos - 90) : pos]
    words = seg.split()
    if seg and not seg[-1].isspace():
        return ""
    taken: list[str] = []
    for w in reversed(words):
        bare = w.strip(",.")
        if w.endswith((",", ".", ":", ";")) and taken:
            break
        low = bare.lower().rstrip("’'s") if bare.endswith(("’s", "'s")) else bare.lower()
        if (
            low in role_nouns()
            or low in leader_titles()
            or _TITLE_WORD.match(bare)
            or low
            in (
                "deputy",
                "foreign",
                "vice",
                "prime",
                "defense",
                "defence",
                "national",
                "security",
                "senior",
                "state",
                "press",
            )
        ):
            taken.insert(0, low)
            if len(taken) >= 7:
                break
            continue
        break
    while taken and taken[0] in ("of", "for", "the", "and", "to", "on"):
        taken.pop(0)
    if not taken or not any(t in role_nouns() or t in leader_titles() for t in taken):
        return ""
    return " ".join(taken)


def _plausible_person(surface: str) -> str:
    """A name from PERSON_NAME that is not a body ("Infantry Regiment", "Henry Jackson Society")."""
    name = person_name_at(surface, 0, len(surface))
    if not name or any(w.lower() in body_nouns() for w in name.split()):
        return ""
    return name


# ---------------------------------------------------------------- who a subject is
