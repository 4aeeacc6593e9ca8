"""Direct quotes and their speakers (the quotations themselves are found by quote_marks.py).

Speakers, in order: an attribution next to the quote ("...," X said / said X /
X said: "..."), a trailing ", X said" in the sentence, "according to X", the subject
of a reporting verb before the quote, the subject of the sentence (partial quotes in
a sentence with a reporting verb), the quote before it in the paragraph, the previous
paragraph's quote. Pronouns go to the most recent person of matching gender (quote
speakers first, then sentence subjects, people off the list included), "it"/"they"
to the most recent organisation or country that spoke. Role nouns ("a senior State
Department official", "the Ukrainian official") go to the person the article named
with that affiliation or to the body they speak for. An attribution that is written
but cannot be resolved leaves the speaker empty rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .actors import _NAME, PERSON_NAME, Actor, Matcher, not_name_words, person_actor, person_name_at
from .attribution import FEMALE, MALE, PRONOUNS, actor_of, party, role_nouns, verb_regex
from .quote_marks import ATTRIBUTION_TAIL, Span_, find_quote_spans
from .schemas import Article, Mention, Quote
from .sentences import Span, paragraphs
from .sentiment import score_quote


@dataclass
class Context:
    text: str
    mentions: Sequence[Mention]
    mat: Matcher
    quotes: list[Span_] = field(default_factory=list)
    new_people: dict[str, Actor] = field(default_factory=dict)
    last_official: str = ""
    sentences: list[Span] = field(default_factory=list)
    paras: list[Span] = field(default_factory=list)

    def inside_quote(self, pos: int) -> bool:
        return any(q.open_pos <= pos < q.close_pos for q in self.quotes)

    def outside_mentions(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and not self.inside_quote(m.start)]

    def sentence_at(self, pos: int) -> Span:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return Span(pos, pos)


# ---------------------------------------------------------------- speakers


def _gender_ok(actor: Actor | None, pron: str) -> bool:
    if actor is None or actor.type != "person":
        return False
    if pron in MALE:
        return actor.gender in ("", "m")
    if pron in FEMALE:
        return actor.gender in ("", "f")
    return True


def _actor(ctx: Context, name: str) -> Actor | None:
    return ctx.mat.by_name().get(name) or ctx.new_people.get(name)


def resolve_pronoun(ctx: Context, pron: str, pos: int) -> tuple[str, str]:
    """The speaker a pronoun at ``pos`` refers to."""
    sent = ctx.sentence_at(pos)
    sidx = next((i for i, s in enumerate(ctx.sentences) if s == sent), 0)
    for back in range(0, 8):
        i = sidx - back
        if i < 0:
            break
        s = ctx.sentences[i]
        hi = pos if back == 0 else s.end
        if pron in MALE | FEMALE:
            spoke = [q for q in ctx.quotes if s.start <= q.close_pos <= s.end + 1 and q.speaker and q.close_pos <= hi
                     and _gender_ok(_actor(ctx, q.speaker), pron)]
            if spoke and back > 0:
                return spoke[-1].speaker, ""
            people = [(m.start, m.actor) for m in ctx.outside_mentions(s.start, hi) if m.actor_type == "person"
                      and _gender_ok(_actor(ctx, m.actor), pron)]
            people += _unlisted_people(ctx, s.start, hi)  # people the actor list does not know (gender unknown)
            if people:
                people.sort()
                return (people[-1] if back == 0 else people[0])[1], ""
        else:
            bodies = [m for m in ctx.outside_mentions(s.start, hi) if m.actor_type in ("organization", "country")]
            said = [m for m in bodies if verb_regex().search(ctx.text, m.end, min(m.end + 25, s.end))]
            pick = (said or bodies)
            if pick:
                m = pick[-1]
                return party(actor_of(m, ctx.mat), ctx.mat.by_name()), (m.actor if m.actor_type == "organization" else "")
    return "", ""


def _unlisted_people(ctx: Context, lo: int, hi: int) -> list[tuple[int, str]]:
    """(position, full name) of people named in text[lo:hi] outside quotes who are not on the actor list."""
    out = []
    for m in PERSON_NAME.finditer(ctx.text, lo, hi):
        if ctx.inside_quote(m.start()) or any(x.start < m.end() and m.start() < x.end for x in ctx.mentions
                                               if x.actor_type == "person"):
            continue
        name = person_name_at(m.group(), 0, len(m.group()))
        if name:
            ctx.new_people.setdefault(name, person_actor(name))
            out.append((m.start(), name))
    return out


_ROLE = re.compile(r"\b(?:" + "|".join(sorted(role_nouns(), key=len, reverse=True)) + r")\b", re.I)


def speaker_from_region(ctx: Context, a: int, b: int, prefer: str = "last") -> tuple[str, str] | None:
    """Resolve the subject written in text[a:b] to (speaker, detail), or None when there is none."""
    region = ctx.text[a:b]
    stripped = region.strip(" ,")
    if stripped.lower() in PRONOUNS:
        return resolve_pronoun(ctx, stripped.lower(), a)
    ms = [m for m in ctx.mentions if a <= m.start and m.end <= b]
    people = [m for m in ms if m.actor_type == "person"]
    if people:
        return (people[-1] if prefer == "last" else people[0]).actor, ""
    name = person_name_at(ctx.text, a, b, last=prefer == "last") or _surname_subject(ctx, region, a)
    if name:
        if name not in ctx.new_people:
            ctx.new_people[name] = person_actor(name)
        return name, ""
    role = _ROLE.search(region)
    if ms:
        m = ms[-1]
        actor = actor_of(m, ctx.mat)
        if role and actor and actor.type == "country" and m.surface != actor.name and not m.surface.startswith(actor.name):
            # "the Ukrainian official": the person the article named with that affiliation, else the country
            prev = [x for x in ctx.mentions if x.end <= a and x.actor_type == "person"
                    and (_actor(ctx, x.actor) or Actor("", "person")).affiliation == actor.name]
            if prev and re.search(r"\b(?:official|minister|diplomat|leader|president)\b", region, re.I) \
                    and not re.search(r"\b(?:a|an|senior|officials)\b", region, re.I):
                return prev[-1].actor, ""
        who = party(actor, ctx.mat.by_name())
        detail = m.actor if actor and actor.type == "organization" else ""
        if role:
            ctx.last_official = who
        return who, detail
    if role:
        if re.search(r"\b(?:the|a|an)\s+(?:\w+\s+)?(?:official|spokesman|spokeswoman|spokesperson|officials)\b", region, re.I) \
                and ctx.last_official:
            return ctx.last_official, ""
        return "", ""
    if re.search(r"\b(?:he|she|it|they)\b", region, re.I):
        p = re.search(r"\b(he|she|it|they)\b", region, re.I)
        return resolve_pronoun(ctx, p.group(1).lower(), a + p.start())
    return None


_TITLE = r"(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Col|Lt|Adm|Prof|President|Minister|Mayor|Governor|Senator|Judge)\.?"
_NOT_SURNAME = frozenset(["He", "She", "It", "They", "We", "I", "You", "This", "That", "There", "The", "A", "An", "In", "On", "But", "And", "Officials"])


def _surname_subject(ctx: Context, region: str, pos: int) -> str:
    """A subject that is one capitalised surname ("Hochul", "Mr Kvasniuk"): the full name used earlier, or itself."""
    m = re.fullmatch(rf"\s*(?:the\s+)?(?:{_TITLE}\s+)?({_NAME})\s*,?\s*", region)
    if not m or m.group(1) in _NOT_SURNAME or m.group(1) in not_name_words():
        return ""
    sur = m.group(1)
    for name in ctx.new_people:
        if name.split()[-1] == sur:
            return name
    full = ""
    for f in re.finditer(rf"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+{re.escape(sur)}\b", ctx.text[:pos]):
        full = person_name_at(f.group(), 0, len(f.group())) or full
    return full or sur


def _after_attribution(ctx: Context, q: Span_, sent: Span) -> tuple[tuple[str, str], str] | None:
    """ '...," X said' or '...," said X' right after the closing mark."""
    text = ctx.text
    nxt = [o.open_pos for o in ctx.quotes if o.open_pos >= q.close_pos]
    lim = min([sent.end, *nxt, q.close_pos + 160])
    seg = text[q.close_pos:lim]
    vr = verb_regex()
    m = re.match(r"\s*,?\s*", seg)
    inner_end = text[max(q.start, q.end - 1):q.end]
    if "," not in m.group() and inner_end not in (",", "!", "?", ".", "…", "-", "—"):
        return None  # '"serious consequences" Russia would suffer': no attribution follows
    off = q.close_pos + m.end()
    v = vr.search(text, off, lim)
    if not v or v.group() == "according to":
        return None
    between = text[off:v.start()]
    if not between.strip():  # said X (titles with a full stop, "said Dr. Jack Shonkoff", stay in)
        if re.match(r"\s*(?:that|to|on|in|of|about|it|this|the [a-z])\b", text[v.end():lim]):
            return None  # '..., adding that the infrastructure ...': a complement, not a speaker
        after_end = re.search(r"[,;:]|\.(?!\s*[A-Z][a-z]*\b(?!\.))|$", text[v.end():lim]).start() + v.end()
        got = speaker_from_region(ctx, v.end(), after_end, prefer="first")
        return (got, v.group()) if got else None
    # "X, of the James Martin Center, said" / "X, who ..., said": the subject is X
    core_end = v.start()
    app = re.match(r"([^,]{1,60}),[^,]{1,140},\s*(?:has |had |was |also )?$", between)
    if app:
        core_end = off + app.end(1)
    core = text[off:core_end]
    if len(core) > 110 or len(core.split()) > 10 or re.search(r"[.;!?](?=\s)", _ABBREV.sub("", core)):
        return None
    got = speaker_from_region(ctx, off, core_end)
    return (got, v.group()) if got else None


def _before_attribution(ctx: Context, q: Span_, sent: Span) -> tuple[tuple[str, str], str] | None:
    """'X said: "..."' / 'X said, "..."' / 'X told reporters that "..."' before the opening mark."""
    text = ctx.text
    prev = [o.close_pos for o in ctx.quotes if o.close_pos <= q.open_pos]
    lo = max([sent.start, *prev])
    verbs = list(verb_regex().finditer(text, lo, q.open_pos))
    if not verbs:
        return None
    for v in reversed(verbs):
        if v.group() == "according to" or re.search(r"\bto\s+$", text[max(lo, v.start() - 4):v.start()]):
            continue  # "to warn him": an infinitive has no subject of its own here
        subj = _subject_region(ctx, lo, v.start())
        if subj:
            got = speaker_from_region(ctx, *subj)
            if got:
                return got, v.group()
    return None


def _names_someone(ctx: Context, a: int, b: int) -> bool:
    return any(a <= m.start < b and m.actor_type == "person" for m in ctx.mentions) or bool(person_name_at(ctx.text, a, b))


def _subject_region(ctx: Context, lo: int, verb_start: int) -> tuple[int, int] | None:
    """Where the subject of the reporting verb at ``verb_start`` is written (at most 8 words back)."""
    text = ctx.text
    end = verb_start
    coord = re.search(r",?\s*\b(?:but|and)\s+$", text[lo:end])  # "Scholz, who ..., but insisted": the first clause's subject
    if coord:
        end = lo + coord.start()
    aside = re.search(r",\s*(?:who\b[^,]*|[^,]{2,80},)\s*(?:(?:has|had|have|was|is|also|then|later|again|once)\s+)*$",
                      text[lo:end])  # "Kofman, director of ..., said" / "Scholz, who did not ..."
    if aside and (aside.group().lstrip(", ").startswith("who") or not _names_someone(ctx, lo + aside.start(), end)):
        end = lo + aside.start()  # but "Another official, Yuriy Shparaga, wrote": the name stays
    end = lo + len(text[lo:end].rstrip(", "))
    clause = re.split(r"[;:()\[\]\"“”]|,\s|\b(?:that|while|but|when|after|because|and|as|if|since)\b", text[lo:end])[-1]
    if not clause.strip():
        return None
    a = end - len(clause)
    words = list(re.finditer(r"\S+", clause))
    if len(words) > 8:
        a += words[-8].start()
    return a, end


def _trailing_attribution(ctx: Context, q: Span_, sent: Span) -> tuple[tuple[str, str], str] | None:
    """A partial quote in a sentence that ends ', a senior US official said on Thursday.'"""
    text = ctx.text
    seg = text[q.close_pos:sent.end]
    m = re.search(r",\s+(?P<who>[^,]{2,90}?)\s+(?P<verb>said|says|told \w+|added|reported|warned|claimed)\b[^,]{0,40}$", seg)
    if m:
        got = speaker_from_region(ctx, q.close_pos + m.start("who"), q.close_pos + m.end("who"))
        if got:
            return got, m.group("verb").split()[0]
    acc = re.search(r"\baccording to\b", text[sent.start:sent.end])
    if acc:
        a = sent.start + acc.end()
        end = re.search(r"[,.;]|$", text[a:sent.end]).start() + a
        got = speaker_from_region(ctx, a, end, prefer="first")
        if got:
            return got, "according to"
    return None


def _sentence_subject(ctx: Context, q: Span_, sent: Span) -> tuple[tuple[str, str], str] | None:
    """The subject of the sentence a partial quote sits in (first actor or role noun before the quote)."""
    text = ctx.text
    head = text[sent.start:q.open_pos]
    dateline = re.match(r"(?:[A-Z]{2,}[A-Z ,]*(?:\([A-Z]+\))?\s*[-—–]\s*)?", head).end()  # STOCKHOLM (AFP) -
    for clause_m in re.finditer(r"[^,]+", head[dateline:]):
        a, b = sent.start + dateline + clause_m.start(), sent.start + dateline + clause_m.end()
        ms = [m for m in ctx.outside_mentions(a, b)]
        if ms or _ROLE.search(text[a:b]) or re.match(r"\s*(?:He|She|It|They)\b", text[a:b]):
            if re.match(r"\s*(?:In|On|At|During|Earlier|Later|After|Before|Speaking|Hours|Last|Not long|While|As)\b", text[a:b]) \
                    and not verb_regex().search(text, b, q.open_pos):
                continue
            got = speaker_from_region(ctx, a, _noun_phrase_end(text, a, b))
            if got and got[0]:
                v = verb_regex().search(text, a, q.open_pos)
                return got, v.group() if v else ""
    return None


_ABBREV = re.compile(r"\b(?:[A-Z][a-z]{0,3}|(?:[A-Z]\.)+[A-Z])\.")  # Dr. Sen. Gen. U.S. before a sentence test
_NP_WORDS = frozenset(["of", "the", "and", "for", "de", "von", "der", "senior", "top", "former", "deputy", "chief", "foreign", "state", "press"])


def _noun_phrase_end(text: str, a: int, b: int) -> int:
    """End of the noun phrase opening text[a:b]: capitalised words, titles and role nouns."""
    end = a
    for w in re.finditer(r"\S+", text[a:b]):
        tok = w.group().strip(",.’'s")
        if tok[:1].isupper() or tok.lower() in _NP_WORDS or tok.lower() in role_nouns() or tok.lower() in ("a", "an"):
            end = a + w.end()
        else:
            break
    return end


def _kind(ctx: Context, q: Span_, sent: Span) -> str:
    text = ctx.text
    if q.marks == "missing":
        return "full"
    before = text[max(sent.start, ctx.text.rfind("\n", 0, q.open_pos) + 1):q.open_pos]
    if not before.strip():
        return "full"
    if re.search(r"(?:[:,]|" + verb_regex().pattern + r",\s*(?:but|and))\s*$", before):
        return "full"
    return "partial"


def _is_name_or_title(quote: str) -> bool:
    words = quote.strip(" ,.").split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "in", "for", "a")
                                       for w in words)


def attribute(ctx: Context) -> None:
    """Give every quote span a speaker, verb and kind (in place)."""
    text = ctx.text
    for i, q in enumerate(ctx.quotes):
        sent = ctx.sentence_at(q.start)
        q.kind = _kind(ctx, q, sent)
        before_text = text[sent.start:q.open_pos]
        if q.kind == "partial" and _is_name_or_title(text[q.start:q.end]) and not _after_attribution(ctx, q, sent):
            q.no_speaker = True
            continue
        if q.kind == "partial" and re.search(r"\bso-called\s*$|\bdubbed\s*$|\bknown as\s*$|\btitled\s*$", before_text):
            q.no_speaker = True
            continue
        if q.marks == "missing":
            line_end = text.find("\n", q.end)
            m = ATTRIBUTION_TAIL.search(text, q.end, line_end if line_end >= 0 else len(text))
            if m:
                q.attributed = True
                who_a, who_b = m.start("who"), m.end("who")
                app = re.match(r"([^,]+),", text[who_a:who_b])
                got = speaker_from_region(ctx, who_a, who_a + app.end(1) if app else who_b)
                if got:
                    q.speaker, q.detail = got
                    q.verb = m.group("verb").split()[0]
            continue
        for finder in (_after_attribution, _trailing_attribution, _before_attribution):
            if q.kind == "full" and finder is _trailing_attribution:
                continue
            found = finder(ctx, q, sent)
            if found:  # an attribution that cannot be resolved ends the search: no guessing
                (q.speaker, q.detail), q.verb = found
                q.attributed = True
                break
        if q.speaker or q.attributed:
            continue
        same_para = [o for o in ctx.quotes[:i] if o.para == q.para and o.speaker]
        if same_para:
            q.speaker, q.detail, q.verb = same_para[-1].speaker, same_para[-1].detail, same_para[-1].verb
            continue
        if q.kind == "partial" and verb_regex().search(text, sent.start, sent.end):  # a scare quote in narration has no speaker
            found = _sentence_subject(ctx, q, sent)
            if found:
                (q.speaker, q.detail), q.verb = found
                continue
        prev_para = [o for o in ctx.quotes[:i] if o.para == q.para - 1 and o.speaker]
        if prev_para and (prev_para[-1].continues or text[ctx_para_start(ctx, q.para):q.open_pos].strip() == ""):
            q.speaker, q.detail, q.verb = prev_para[-1].speaker, prev_para[-1].detail, prev_para[-1].verb
            continue
    # unattributed quote paragraphs: the next paragraph's speaker when it opens with a quote, else the last person named
    for i, q in enumerate(ctx.quotes):
        if q.speaker or q.no_speaker or q.attributed:
            continue
        nxt = [o for o in ctx.quotes[i + 1:] if o.para == q.para + 1 and o.speaker]
        if q.kind == "full" and nxt and text[ctx_para_start(ctx, nxt[0].para):nxt[0].open_pos].strip() == "":
            q.speaker, q.detail, q.verb = nxt[0].speaker, nxt[0].detail, nxt[0].verb
            continue
        if q.kind == "full":  # a bare quote paragraph: the person named in the sentence before it
            sent = ctx.sentence_at(q.open_pos)
            prior = [s for s in ctx.sentences if s.end <= sent.start]
            lo = prior[-1].start if prior else 0
            people = [m for m in ctx.outside_mentions(lo, q.open_pos) if m.actor_type == "person"]
            if people:
                q.speaker = people[-1].actor


def ctx_para_start(ctx: Context, para: int) -> int:
    return ctx.paras[para].start if para < len(ctx.paras) else 0


def extract_quotes(article: Article, mentions: Sequence[Mention], mat: Matcher) -> tuple[list[Quote], list[Actor]]:
    """Quotes of an article with speakers and sentiment, and the quoted people not on the actor list."""
    text = article.text
    spans, sentences = find_quote_spans(text)
    if not spans:
        return [], []
    ctx = Context(text, mentions, mat, spans, sentences=sentences, paras=list(paragraphs(text)))
    attribute(ctx)
    out = []
    for n, q in enumerate(sorted(spans, key=lambda s: s.start)):
        qtext = text[q.start:q.end]
        s = score_quote(qtext)
        out.append(Quote(
            article_id=article.article_id, quote_id=f"{article.article_id}-{n:03d}", text=qtext,
            speaker=q.speaker, verb=q.verb, kind=q.kind, quote_marks=q.marks, start=q.start, end=q.end,
            polarity=s.polarity, subjectivity=s.subjectivity, published=article.published,
            vader_compound=s.vader, sentiment_words=s.words, lenses_disagree=s.disagree, speaker_detail=q.detail,
        ))
    used = {q.speaker for q in spans}
    return out, [a for name, a in ctx.new_people.items() if name in used]
