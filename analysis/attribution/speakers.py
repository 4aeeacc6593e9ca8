"""Speaker rules: ordered, named, each deciding or declining; ``attribute`` walks an article's quotes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from ..actors import CONTRIBUTED, Actor
from ..document import ArticleDoc
from ..quote_marks import QuoteSpan, attribution_tail
from ..sentences import Span
from .discourse import Attribution, Walk
from .index import AHEAD, BACK, BY_AFTER, SUBJECT_AFTER_MAX, _rx
from .lexicon import (
    actor_of,
    reporting_verbs,
    speaks_for,
    verb_alternation,
    verb_set,
)
from .subjects import (
    _ABBREV,
    _blank,
    _main_subject,
    _noun_phrase_end,
    _quote_clause,
    _subject_region,
    resolve_subject,
)

DENSE_MIN, DENSE_PER_KB = (
    100,
    20,
)  # a paragraph with over 100 quotes, more than 20 per 1,000 characters, is no prose


def rule_dense(doc: Walk, k: int) -> Attribution | None:
    """Quote marks too dense to be prose (a table, a list of terms, broken markup): nobody speaks, at no cost."""
    q = doc.quotes[k]
    if doc.dense is None:
        counts: dict[int, int] = {}
        for x in doc.quotes:
            counts[x.para] = counts.get(x.para, 0) + 1
        doc.dense = {
            p
            for p, n in counts.items()
            if p < len(doc.paras)
            and n > DENSE_MIN
            and n * 1000 > DENSE_PER_KB * (doc.paras[p].end - doc.paras[p].start)
        }
    return Attribution(rule="dense") if q.para in doc.dense else None


def rule_not_speech(doc: Walk, k: int) -> Attribution | None:
    """Titles, nicknames and names in marks ("Dana Whitfield Tonight", so-called "Republics"): nobody speaks."""
    q, sent, lo = _quote_clause(doc, k)
    inner = doc.text[q.start : q.end]
    before = doc.text[max(sent.start, q.open_pos - 60) : q.open_pos]
    kind = quote_kind(doc, q, sent)
    if kind == "partial" and re.search(
        r"(?:\bso-called|\bdubbed|\bknown as|\btitled|\bentitled|\bnicknamed|"
        r"\b(?!it\b|him\b|her\b|them\b|this\b|that\b|been\b|was\b|were\b|is\b|are\b|be\b|being\b|he\b|she\b|they\b|"
        r"who\b|which\b|also\b)[a-z]+\s+(?:called|named))\s*$",
        before,
    ):
        return Attribution(rule="not_speech")
    if kind == "partial" and _is_name_or_title(inner) and _after_cached(doc, k) is None:
        return Attribution(rule="not_speech")
    return None


def _after_cached(doc: Walk, k: int) -> Attribution | None:
    if k not in doc.after:
        doc.after[k] = _after_quote(doc, k)
    return doc.after[k]


def rule_missing_marks(doc: Walk, k: int) -> Attribution | None:
    """A paragraph whose marks were lost, ending ", she said.": the subject of that tail."""
    q = doc.quotes[k]
    if q.marks != "missing":
        return None
    text = doc.text
    line_end = text.find("\n", q.end)
    tail = attribution_tail().search(text, q.end, line_end if line_end >= 0 else len(text))
    if not tail:
        return Attribution(rule="missing_marks")
    who_a, who_b = tail.start("who"), tail.end("who")
    app = _rx(r"([^,]+),").match(text[who_a:who_b])
    got = resolve_subject(doc, who_a, who_a + app.end(1) if app else who_b)
    return Attribution(*(got or ("", "")), tail.group("verb").split()[0], "missing_marks")


def rule_after_quote(doc: Walk, k: int) -> Attribution | None:
    """'"...," X said' / '"...," said X' / '"...," according to X' right after the closing mark."""
    return _after_cached(doc, k)


# after a reporting verb, the opening of the quote that follows ("said: '", "said in a statement, '"), with no
# participle or "that" between (", adding that '...'" goes on about the quote before)
_NEXT_QUOTES_VERB = re.compile(
    r"(?:(?!\b(?:adding|saying|noting|that|and|but)\b)[^.!?\"“”‘’']){0,40}?(?::|,?\s*[\"“‘'])"
)


_CREDIT_LINE = re.compile(r"\W{0,3}[^.!?\"“”]{0,100}?\b" + CONTRIBUTED.pattern)  # the body's credit phrase


def _after_quote(doc: Walk, k: int) -> Attribution | None:
    q = doc.quotes[k]
    text = doc.text
    nxt = doc.q_open[k + 1] if k + 1 < len(doc.q_open) else len(text)
    line = text.find("\n", q.close_pos, q.close_pos + AHEAD)
    lim = min(nxt, q.close_pos + AHEAD, line if line >= 0 else len(text))
    seg = text[q.close_pos : lim]
    gap = _rx(r"\s*,?\s*").match(seg)
    inner_end = text[max(q.start, q.end - 1) : q.end]
    off = q.close_pos + gap.end()
    if (
        "," not in gap.group()
        and inner_end not in (",", "!", "?", ".", "…", "-", "—")
        and not seg.startswith(" according")
        and not _tight_tail().match(text, off, lim)
    ):
        return None  # '"serious consequences" Russia would suffer': no attribution follows
    if _CREDIT_LINE.match(text, off, lim):
        return None  # '"..." - AP correspondent X contributed reporting.': a credit line, not an attribution
    acc = _rx(r"according to\b").match(text[off:lim])
    if acc:
        end = _rx(r"[,.;]\s|[,.;]?$").search(text[off + acc.end() : lim]).start() + off + acc.end()
        got = resolve_subject(doc, off + acc.end(), end, prefer="first")
        return Attribution(*got, "according to", "after_quote") if got else None
    stop = _rx(r"(?<=[.!?])\s+(?=[A-Z\"“])").search(text[off:lim])
    if stop and not _ABBREV.search(text[max(off, off + stop.start() - 5) : off + stop.start() + 1]):
        lim = off + stop.start()
    new_sentence = (
        "," not in gap.group()
        and inner_end in (".", "…")
        and doc.sentence_index(off) != doc.sentence_index(q.start)
    )
    v = doc.first_verb(off, lim)
    if (
        v
        and new_sentence
        and (
            not _rx(r"\s*(?:[A-Z][\w.’'-]*\s*){0,4}").fullmatch(text[off : v.start()])
            or not _rx(r"(?:\s+(?:on\s+)?\w+day|\s+in an? \w+|\s+(?:on|to) [\w ]{1,25})?\s*[.,;]").match(
                text[v.end() : lim + 1]
            )
        )
    ):
        return None  # '"...end." On Tuesday, the ministry said': a new sentence, not this quote's attribution
    if not v or v.group() == "according to":
        return None
    if _NEXT_QUOTES_VERB.match(text, v.end()) and doc.quotes_between(v.end(), v.end() + 45):
        return None  # '"..." X, the EU's envoy, said: "..."': the attribution of the quote that follows
    between = text[off : v.start()]
    if not between.strip():  # said X (titles with a full stop, "said Dr. Jack Shonkoff", stay in)
        if _rx(r"\s*(?:that|to|on|in|of|about|it|this|the [a-z])\b").match(text[v.end() : lim]):
            return None  # '..., adding that the infrastructure ...': a complement, not a speaker
        after_end = _rx(r"[,;:]|\.(?!\s*[A-Z][a-z]*\b(?!\.))|$").search(text[v.end() : lim]).start() + v.end()
        np_end = _noun_phrase_end(text, v.end(), after_end)  # "said Dr Williams during a visit to Ukraine"
        got = resolve_subject(doc, v.end(), np_end if np_end > v.end() else after_end, prefer="first")
        if got is None and _rx(r"\s*(?:the|a|an)\s+[a-z]+").match(text, v.end()):
            got = ("", "")  # 'said the woman': an attribution that names no one, so nobody is guessed
        return Attribution(*got, v.group(), "after_quote") if got else None
    core_end = v.start()
    aux = _rx(r"\s+(?:has|had|have|was|is|also|then|later|again|once)\s*$").search(text[off:core_end])
    if aux:
        core_end = off + aux.start()
    app = _rx(r"([^,]{1,60}),[^,]{1,140},\s*$").match(
        text[off:core_end]
    )  # "X, of the Harlow Policy Center, said"
    if app:
        core_end = off + app.end(1)
    core = text[off:core_end]
    if (
        len(core) > SUBJECT_AFTER_MAX
        or len(core.split()) > 10
        or _rx(r"[.;!?](?=\s)").search(_ABBREV.sub("", core))
    ):
        return None
    got = resolve_subject(doc, off, core_end)
    return Attribution(*got, v.group(), "after_quote") if got else None


@lru_cache(maxsize=1)
def _tight_tail() -> re.Pattern:
    """A verb right after a quote, or a short subject and one (reporting_verbs.txt, @tight_tail, @tight_tail_end)."""
    return re.compile(
        rf"(?:{verb_set('tight_tail')})\s+[A-Za-z]|(?:the\s+|a\s+|an\s+)?(?:[\w.’'-]+\s+){{0,4}}?"
        rf"(?:{verb_set('tight_tail_end')}|told \w+)(?:[.,;]|\s+(?:in|on)\b)"
    )


def rule_passive_by(doc: Walk, k: int) -> Attribution | None:
    """'... were described as "reckless" by U.S. officials': the agent after "by"."""
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    if not _rx(r"\s*by\s").match(text[q.close_pos : q.close_pos + BY_AFTER]):
        return None
    before = text[max(lo, q.open_pos - 120) : q.open_pos]
    if not re.search(
        r"\b(?:been|was|were|is|are|being)\s+(?:\w+\s+)?(?:called|described|labell?ed|branded|termed|"
        r"characteri[sz]ed|dubbed|decried|denounced|condemned|criticized|criticised|dismissed)\s+(?:as\s+)?$",
        before,
    ):
        return None
    agent = _rx(r"\s*by\s+((?:[A-Z]\.)+[A-Z]?\.?\s*[^,.;]{0,80}|[^,.;]{2,80})").match(
        text[q.close_pos : min(sent.end, q.close_pos + AHEAD)]
    )
    if not agent:
        return None
    a = q.close_pos + agent.start(1)
    got = resolve_subject(doc, a, _noun_phrase_end(text, a, q.close_pos + agent.end(1)), prefer="first")
    return Attribution(*got, "by", "passive_by") if got and got[0] else None


def rule_trailing(doc: Walk, k: int) -> Attribution | None:
    """A partial quote in a sentence that ends ', a senior US official said on Thursday.' (the speaker comes after)."""
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    if (
        quote_kind(doc, q, sent) == "full"
        and _blank(text, sent.start, q.open_pos)
        and (text[q.end - 1 : q.end] in ",.!?…" or not _rx(r"\W?\s+[a-z]").match(text, q.close_pos))
    ):
        return None  # a full quote opening its sentence goes on in lower case ('"..." in that law, X said.')
    hi = min(sent.end, q.close_pos + 2 * AHEAD)
    if any(doc.q_open[j] < hi for j in doc.quotes_between(q.close_pos, hi)):
        hi = min(hi, doc.q_open[doc.quotes_between(q.close_pos, hi)[0]])
        if hi < sent.end:
            return None  # another quote follows in the sentence: its attribution is its own
    comma = hi
    for _ in range(3):  # ', he said.' or ', he said, making clear that ...' at the end of the sentence
        comma = text.rfind(",", q.close_pos, comma)
        if comma < 0 or hi - comma > 240:
            return None
        trail = _trail_rx().fullmatch(text, comma, hi)
        if trail and trail.group("verb") != "according to":
            got = resolve_subject(doc, trail.start("who"), trail.end("who"))
            if got and got[0]:
                return Attribution(*got, trail.group("verb").split()[0], "trailing")
    return None


@lru_cache(maxsize=1)
def _trail_rx() -> re.Pattern:
    return re.compile(
        r",\s+(?P<who>[^,]{2,90}?)\s+(?P<verb>\b(?:" + verb_alternation() + r")\b)(?:[^,]{0,40})?"
        r"(?:,\s+\w+ing\b[^\"“”]{0,160})?[.!?]?[\"”’]?"
    )


def rule_before_quote(doc: Walk, k: int) -> Attribution | None:
    """The subject of a reporting verb before the quote: 'X said: "..."', 'X called it "a farce"', 'what X described as',
    'X told reporters that "..."', '..., adding that "..."' (a participle or 'but noted' takes the sentence's subject).
    The verbs of the quote's own coordinate clause ('X say ..., but Y rejects it as "..."') come first."""
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    verbs = [
        v
        for v in doc.verbs_in(lo, q.open_pos)
        if v.group() != "according to"
        and not _rx(r"\s+to\s+\w").match(text[v.end() : v.end() + 6])  # "continues to support"
        and not _rx(r"\b(?:to|the|a|an|his|her|its|their|of|so)\s+$|-$").search(
            text[max(lo, v.start() - 6) : v.start()]
        )
        and not (
            v.group().endswith("s")
            and _rx(r"\s+(?:have|has|had|were|was|are|is|of|by|from|about)\b").match(text, v.end())
        )
    ]  # "Startling claims have been made": a noun
    if not verbs:
        return None
    cut = max((b.end() for b in _COORD.finditer(text, lo, q.open_pos)), default=lo)
    ordered = [v for v in verbs if v.start() >= cut] + [v for v in verbs if v.start() < cut]
    for v in ordered:
        word = v.group()
        head = text[max(lo, v.start() - 12) : v.start()]
        if (word.endswith("ing") and _rx(r",\s*(?:and\s+|while\s+|before\s+)?$").search(head)) or _rx(
            r"(?:,\s*|\s)(?:but|and)\s+(?:also\s+)?$"
        ).search(head):
            who = list(_rx(r",\s+who\b").finditer(text[lo : v.start()]))
            if who:  # "Scholz, who did not go as far, but insisted": the one the relative clause is about
                a = lo + who[-1].start()
                people = doc.people_in(max(lo, a - 60), a)
                got = (people[-1][1], "") if people else resolve_subject(doc, max(lo, a - 60), a)
            else:
                got = _main_subject(
                    doc, sent, v.start()
                )  # "..., noting that" / "declined to say, but noted": the subject
            if got and got[0]:
                return Attribution(*got, word, "before_quote")
            continue
        whose = _rx(r",\s*whose\s+\w+\s*$").search(text[lo : v.start()])
        if whose:  # "the State Department, whose spokesman said": the body named before
            ms = doc.mentions_in(max(lo, lo + whose.start() - 80), lo + whose.start())
            if ms:
                mention = ms[-1]
                return Attribution(
                    speaks_for(actor_of(mention, doc.matcher), doc.by_name)
                    if mention.actor_type != "person"
                    else mention.actor,
                    mention.actor if mention.actor_type == "organization" else "",
                    word,
                    "before_quote",
                )
        subj = _subject_region(doc, max(lo, cut if v.start() >= cut else lo), v.start())
        if subj is None:
            continue
        got = resolve_subject(doc, *subj)
        if got is not None:
            if not got[0] and v is not ordered[-1]:
                continue
            return Attribution(*got, word, "before_quote")
    return None


def rule_as_reported(doc: Walk, k: int) -> Attribution | None:
    """'"...," as Reuters reported, "..."' / 'as the minister put it, "..."': the subject of an "as" clause
    written right before or right after the quote."""
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    verbs = verb_alternation()
    before = _as_clause_rx(verbs, "before").search(text, max(sent.start, q.open_pos - 120), q.open_pos)
    after = _as_clause_rx(verbs, "after").match(text, q.close_pos, min(sent.end, q.close_pos + 120) + 1)
    for m in (after, before):
        if m:
            got = resolve_subject(doc, m.start("who"), m.end("who"), prefer="first")
            if got and got[0]:
                return Attribution(*got, m.group("verb"), "as_reported")
    return None


@lru_cache(maxsize=2)
def _as_clause_rx(verbs: str, where: str) -> re.Pattern:
    clause = rf"\bas\s+(?P<who>[^,;:.\"“”]{{2,60}}?)\s+(?P<verb>\b(?:{verbs}|put it)\b)"
    if where == "before":
        return re.compile(clause + r"[^.;\"“”]{0,30}[,:]?\s*$")
    return re.compile(r"\W?\s*,?\s*" + clause + r"[^\"“”]{0,30}?(?=[,.;]|$)")


def rule_colon(doc: Walk, k: int) -> Attribution | None:
    """'Zelensky was defiant: "We will not leave."': a quote after a colon goes to the subject before it."""
    q, sent, lo = _quote_clause(doc, k)
    if not doc.text[max(lo, q.open_pos - 4) : q.open_pos].rstrip().endswith(":"):
        return None
    got = _main_subject(doc, Span(lo, sent.end), q.open_pos)
    return Attribution(*got, "", "colon") if got and got[0] else None


_COORD = re.compile(r";\s*|,\s+(?:but|while|whereas|although|though|yet)\s+|\s--\s|\s[—–]\s")


def rule_according_to(doc: Walk, k: int) -> Attribution | None:
    """'According to X, ... "..."' anywhere in the sentence."""
    q, sent, lo = _quote_clause(doc, k)
    for a, end in doc.according_to(
        max(sent.start, q.open_pos - BACK), min(sent.end, q.close_pos + AHEAD), sent.end
    ):
        got = resolve_subject(doc, a, end, prefer="first")
        if got and got[0]:
            return Attribution(*got, "according to", "according_to")
    return None


def rule_same_sentence(doc: Walk, k: int) -> Attribution | None:
    """An earlier quote in the same sentence has a speaker: 'X called it "a" and "b"'."""
    q = doc.quotes[k]
    sent = doc.sentence_at(q.open_pos)
    for j in range(k - 1, max(-1, k - 4), -1):
        if doc.q_open[j] < max(sent.start, q.open_pos - BACK):
            break
        if doc.done[j].speaker:
            return Attribution(doc.done[j].speaker, doc.done[j].detail, doc.done[j].verb, "same_sentence")
    return None


def rule_sentence_subject(doc: Walk, k: int) -> Attribution | None:
    """A partial quote in a sentence with a reporting verb: the sentence's subject ("Blinken expressed concern at "...")."""
    q, sent, lo = _quote_clause(doc, k)
    if quote_kind(doc, q, sent) == "full" and _blank(doc.text, sent.start, q.open_pos):
        return None
    lo_s, hi_s = max(sent.start, q.open_pos - BACK), min(sent.end, q.close_pos + AHEAD)
    if not doc.first_verb(lo_s, hi_s) and not doc.expressive_in(lo_s, q.open_pos):
        return None
    got = _main_subject(doc, sent, q.open_pos)
    if got and got[0]:
        v = doc.first_verb(lo_s, q.open_pos)
        return Attribution(*got, v.group() if v else "", "sentence_subject")
    return None


def rule_continues(doc: Walk, k: int) -> Attribution | None:
    """A quote that opens its sentence right after the previous quote's sentence (or paragraph left open): same speaker."""
    if k == 0:
        return None
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    j = k - 1
    if j > 0 and doc.done[j].rule == "not_speech" and doc.done[j - 1].speaker:
        j -= 1  # a show title between two quotes ('Cotton told ABC "This Week" on Sunday. "..."') is nobody's
    prev_q, prev = doc.quotes[j], doc.done[j]
    if not prev.speaker:
        return None
    if prev_q.continues and prev_q.para == q.para - 1 and _blank(text, doc.paras[q.para].start, q.open_pos):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")
    if not _blank(text, sent.start, q.open_pos, " :—–-") and not (
        _rx(r"\s*(?:[A-Za-z]+,?\s+){1,2}").fullmatch(text[sent.start : q.open_pos])
        and q.open_pos - sent.start < 30
        and not doc.mentions_in(sent.start, q.open_pos)
        and not doc.people_in(sent.start, q.open_pos)
    ):
        return None  # the quote does not open its sentence ("Now, "..." still does)
    ps = doc.sentence_index(q.open_pos) - 1
    prev_sent = doc.sentence_index(prev_q.open_pos)

    def others() -> list[str]:  # the other people named between the two quotes (read only when needed)
        return [n for _, n in doc.people_in(doc.q_close[j], q.open_pos) if n != prev.speaker]

    if prev_sent == ps + 1:
        return Attribution(
            prev.speaker, prev.detail, prev.verb, "continues"
        )  # an earlier quote opens this sentence
    if prev_sent == ps and (
        prev.rule in ("after_quote", "before_quote", "continues", "trailing", "missing_marks") or not others()
    ):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")  # '"...," X said. "..."'
    if (
        ps >= 0
        and prev_sent == ps - 1
        and q.open_pos - doc.q_close[j] < 300
        and not others()
        and not [
            mention
            for mention in doc.mentions_in(doc.q_close[j], q.open_pos)
            if mention.actor != prev.speaker
        ]
    ):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")
    return None


def rule_next_quote(doc: Walk, k: int) -> Attribution | None:
    """An unattributed full quote opening a paragraph, followed by one opening the next: the next one's speaker."""
    q = doc.quotes[k]
    text = doc.text
    if k + 1 >= len(doc.quotes) or doc.done[k + 1].speaker == "":
        return None
    nq = doc.quotes[k + 1]
    if (
        nq.para == q.para + 1
        and _blank(text, doc.paras[nq.para].start, nq.open_pos)
        and _blank(text, doc.paras[q.para].start, q.open_pos)
    ):
        return Attribution(
            doc.done[k + 1].speaker, doc.done[k + 1].detail, doc.done[k + 1].verb, "next_quote"
        )
    return None


def rule_between_same(doc: Walk, k: int) -> Attribution | None:
    """An unattributed quote between two quotes of the same speaker, close on both sides: that speaker."""
    if k == 0 or k + 1 >= len(doc.quotes):
        return None
    before, after = doc.done[k - 1], doc.done[k + 1]
    q = doc.quotes[k]
    if (
        before.speaker
        and before.speaker == after.speaker
        and q.open_pos - doc.q_close[k - 1] < 300
        and doc.q_open[k + 1] - q.close_pos < 300
        and all(n == before.speaker for _, n in doc.people_in(doc.q_close[k - 1], q.open_pos))
    ):
        return Attribution(before.speaker, before.detail, before.verb, "between_same")
    return None


def rule_previous_sentence(doc: Walk, k: int) -> Attribution | None:
    """'X was blunt. "We see no pullback."': a full quote opening its sentence goes to the previous sentence's subject."""
    q, sent, lo = _quote_clause(doc, k)
    text = doc.text
    if not _blank(text, sent.start, q.open_pos, " :—–-") or q.marks != "present":
        return None
    i = doc.sentence_index(q.open_pos) - 1
    if i < 0:
        return None
    ps = doc.sentences[i]
    first = bisect.bisect_left(doc.q_open, ps.start)
    if (
        q.open_pos - ps.end > 5
        or (first < len(doc.q_open) and doc.q_open[first] < ps.end)
        or ps.end - ps.start > 2 * BACK
    ):
        return None
    got = _main_subject(doc, ps, ps.end)
    if got and got[0] and doc.is_person(got[0]):
        return Attribution(*got, "", "previous_sentence")
    return None


Rule = Callable[[Walk, int], "Attribution | None"]
RULES: tuple[Rule, ...] = (
    rule_dense,
    rule_not_speech,
    rule_missing_marks,
    rule_after_quote,
    rule_passive_by,
    rule_trailing,
    rule_as_reported,
    rule_before_quote,
    rule_colon,
    rule_according_to,
    rule_same_sentence,
    rule_sentence_subject,
    rule_continues,
)
LATE_RULES: tuple[Rule, ...] = (
    rule_next_quote,
    rule_between_same,
    rule_previous_sentence,
)  # once every quote had its first pass


def rule_name(rule: Rule) -> str:
    return rule.__name__.removeprefix("rule_")


def quote_kind(doc: Walk, q: QuoteSpan, sent: Span) -> str:
    """full when the marks hold a clause said as such (opening the sentence, or after a colon or 'said,')."""
    key = q.open_pos
    if key in doc.kinds:
        return doc.kinds[key]
    text = doc.text
    if q.marks == "missing":
        kind = "full"
    else:
        before = text[
            max(
                sent.start, text.rfind("\n", max(0, q.open_pos - BACK), q.open_pos) + 1, q.open_pos - BACK
            ) : q.open_pos
        ]
        tail = before.rstrip()
        kind = "partial"
        if not tail or tail.endswith((":", ",")):
            kind = "full"
        else:
            verb_before = _rx(r"(\w+),\s*(?:but|and)$").search(tail[-40:])
            if verb_before and verb_before.group(1) in reporting_verbs():
                kind = "full"
    doc.kinds[key] = kind
    return kind


def _is_name_or_title(quote: str) -> bool:
    words = quote.strip(" ,.").split()
    return (
        0 < len(words) <= 5
        and words[0][:1].isupper()
        and all(
            w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "in", "for", "a")
            for w in words
        )
    )


@dataclass(frozen=True)
class Attributed:
    """What the walk over one article's quotes decided, and what it learned on the way."""

    quotes: tuple[QuoteSpan, ...]  # in order of their opening marks
    attributions: tuple[Attribution, ...]  # one per quote, same order
    kinds: tuple[str, ...]  # full | partial, same order
    new_people: Mapping[str, Actor]  # people off the actor list the walk met, in the order met
    last_official: str  # the body an unnamed official last spoke for


def _first_decision(walk: Walk, k: int, rules: Sequence[Rule]) -> Attribution | None:
    """The first of ``rules`` that decides quote ``k``; only its learning is kept in the walk's state."""
    for rule in rules:
        walk.begin()
        got = rule(walk, k)
        if got is not None:
            walk.commit()
            return got
    walk.begin()
    return None


def attribute(doc: ArticleDoc) -> Attributed:
    """One Attribution per quote of ``doc``: the first rule that decides, in a first pass over the quotes in order,
    then the late rules for those no rule decided."""
    walk = Walk(doc)
    done = walk.done
    for k in range(len(walk.quotes)):
        done.append(_first_decision(walk, k, RULES) or Attribution())
    for k in range(len(walk.quotes)):
        if not done[k].rule:
            got = _first_decision(walk, k, LATE_RULES)
            if got:
                done[k] = got
    return Attributed(
        quotes=tuple(walk.quotes),
        attributions=tuple(done),
        kinds=tuple(quote_kind(walk, q, walk.sentence_at(q.start)) for q in walk.quotes),
        new_people=MappingProxyType(dict(walk.new_people)),
        last_official=walk.last_official,
    )
