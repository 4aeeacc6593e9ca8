"""The two lexicon scorers behind ``sentiment.score_quote``, giving their libraries' numbers with less work.

``FastVader`` is vaderSentiment 3.3.2's ``SentimentIntensityAnalyzer`` with ``polarity_scores`` doing what
the library does in one pass: the text is lower-cased once (the library lower-cases the whole text again
for every look-back of every lexicon word), and the emoji scan is skipped when the text has no emoji.
Every rule, its order and its arithmetic are the library's; ``_but_check`` and ``score_valence`` are the
library's own methods.

``fast_pattern`` is TextBlob's default English scorer (``textblob.en.sentiment``, the PatternAnalyzer) with
its look-ups made plain dictionary look-ups (the library's lazy dictionary calls a Python method for each
``in`` and ``[]``) and the contraction replacements of its tokenizer made plain string replacements
(``re.sub`` with a literal pattern, which they are). Its ``assessments`` and scoring code is the library's.

``tests/analysis/test_sentiment.py`` checks both against the libraries on every quote of the sample and on
hand-made texts that reach each rule (negations, boosters, capitals, idioms, "but", emoji, emoticons).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from vaderSentiment import vaderSentiment as vs

_NEGATE = frozenset(vs.NEGATE)


def _negated_word(word: str) -> bool:
    """``vs.negated([word])``: the library lower-cases the word again, then looks it up."""
    w = str(word).lower()
    return w in _NEGATE or "n't" in w


def _negation_check(valence: float, low: list[str], start_i: int, i: int) -> float:
    """``SentimentIntensityAnalyzer._negation_check`` on the lower-cased words."""
    if start_i == 0 and _negated_word(low[i - (start_i + 1)]):
        valence = valence * vs.N_SCALAR
    if start_i == 1:
        if low[i - 2] == "never" and (low[i - 1] == "so" or low[i - 1] == "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            valence = valence
        elif _negated_word(low[i - (start_i + 1)]):
            valence = valence * vs.N_SCALAR
    if start_i == 2:
        if (
            low[i - 3] == "never"
            and (low[i - 2] == "so" or low[i - 2] == "this")
            or (low[i - 1] == "so" or low[i - 1] == "this")
        ):
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            valence = valence
        elif _negated_word(low[i - (start_i + 1)]):
            valence = valence * vs.N_SCALAR
    return valence


def _special_idioms_check(valence: float, low: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on the lower-cased words."""
    onezero = f"{low[i - 1]} {low[i]}"
    twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    twoone = f"{low[i - 2]} {low[i - 1]}"
    threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    threetwo = f"{low[i - 3]} {low[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in vs.SPECIAL_CASES:
            valence = vs.SPECIAL_CASES[seq]
            break
    if len(low) - 1 > i:
        zeroone = f"{low[i]} {low[i + 1]}"
        if zeroone in vs.SPECIAL_CASES:
            valence = vs.SPECIAL_CASES[zeroone]
    if len(low) - 1 > i + 1:
        zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zeroonetwo in vs.SPECIAL_CASES:
            valence = vs.SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in vs.BOOSTER_DICT:
            valence = valence + vs.BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence: float, low: list[str], i: int, lexicon: dict) -> float:
    if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
        if low[i - 2] != "at" and low[i - 2] != "very":
            valence = valence * vs.N_SCALAR
    elif i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
        valence = valence * vs.N_SCALAR
    return valence


class FastVader(vs.SentimentIntensityAnalyzer):
    """VADER's analyser, built once per process; ``polarity_scores`` gives the library's dictionary."""

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(self.emojis)

    def _without_emoji(self, text: str) -> str:
        if self._emoji_chars.isdisjoint(text):
            return text
        out, prev_space = "", True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out += " "
                out += self.emojis[ch]
                prev_space = False
            else:
                out += ch
                prev_space = ch == " "
        return out

    def polarity_scores(self, text: str) -> dict:
        text = self._without_emoji(text).strip()
        sentitext = vs.SentiText(text)
        words = sentitext.words_and_emoticons
        low = [str(w).lower() for w in words]
        lexicon, boosters = self.lexicon, vs.BOOSTER_DICT
        cap_diff = sentitext.is_cap_diff
        n = len(words)
        sentiments: list = []
        for i, item in enumerate(words):
            item_low = low[i]
            if item_low in boosters:
                sentiments.append(0)
                continue
            if i < n - 1 and item_low == "kind" and low[i + 1] == "of":
                sentiments.append(0)
                continue
            valence = 0
            if item_low in lexicon:
                valence = lexicon[item_low]
                if item_low == "no" and i != n - 1 and low[i + 1] in lexicon:
                    valence = 0.0
                if (
                    (i > 0 and low[i - 1] == "no")
                    or (i > 1 and low[i - 2] == "no")
                    or (i > 2 and low[i - 3] == "no" and low[i - 1] in ["or", "nor"])
                ):
                    valence = lexicon[item_low] * vs.N_SCALAR
                if item.isupper() and cap_diff:
                    if valence > 0:
                        valence += vs.C_INCR
                    else:
                        valence -= vs.C_INCR
                for start_i in range(0, 3):
                    if i > start_i and low[i - (start_i + 1)] not in lexicon:
                        s = vs.scalar_inc_dec(words[i - (start_i + 1)], valence, cap_diff)
                        if start_i == 1 and s != 0:
                            s = s * 0.95
                        if start_i == 2 and s != 0:
                            s = s * 0.9
                        valence = valence + s
                        valence = _negation_check(valence, low, start_i, i)
                        if start_i == 2:
                            valence = _special_idioms_check(valence, low, i)
                valence = _least_check(valence, low, i, lexicon)
            sentiments.append(valence)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)


def textblob_text_module():
    """``textblob/_text.py`` (the Pattern code: standard library only), loaded without the ``textblob``
    package, whose ``__init__`` imports NLTK and SciPy (about 1 CPU second and 80 MB per process)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or spec.origin is None:
        raise ImportError("textblob is not installed")
    path = Path(spec.origin).parent / "_text.py"
    mod_spec = importlib.util.spec_from_file_location("analysis._textblob_text", path)
    module = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(module)
    return module, Path(spec.origin).parent / "en"


def fast_pattern():
    """TextBlob's English PatternAnalyzer (``textblob.en.sentiment``), built as ``textblob/en/__init__.py``
    builds it, with plain dictionary look-ups and the lexicon loaded up front."""
    text_mod, en_dir = textblob_text_module()

    class EnglishSentiment(text_mod.Sentiment):
        __contains__ = dict.__contains__
        __getitem__ = dict.__getitem__

        def load(self, path=None):  # textblob.en.Sentiment.load
            text_mod.Sentiment.load(self, path)
            if not path:  # map "terrible" to the adverb "terribly"
                for w, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        if w.endswith("y"):
                            w = w[:-1] + "i"
                        if w.endswith("le"):
                            w = w[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(w + "ly", "RB", p, s, i)

    find_tokens = find_tokens_of(text_mod)

    scorer = EnglishSentiment(
        path=str(en_dir / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=find_tokens,
        language="en",
    )
    scorer.load()
    assess = _string_assessments(scorer, text_mod)
    score_type = text_mod.Score

    def score_string(self, s, negation=True, **kwargs):
        """``Sentiment.__call__`` on a string, with ``assessments`` specialised to untagged words."""
        if type(s) is not str or not negation or kwargs:
            return text_mod.Sentiment.__call__(self, s, negation, **kwargs)
        a = assess([w.lower() for w in " ".join(self.tokenizer(s)).split()])
        return score_type(_mean([x[1] for x in a]), _mean([x[2] for x in a]), a)

    EnglishSentiment.__call__ = score_string
    return scorer


def _mean(values: list[float]) -> float:
    """Pattern's ``avg`` with weight 1: summed left to right from 0, over ``float(n or 1)``."""
    total = 0
    for v in values:
        total += v
    return total / float(len(values) or 1)


def _string_assessments(scorer, text_mod):
    """Pattern's ``Sentiment.assessments(words, negation=True)`` for the words of a string (no part-of-speech
    tags, so every look-up is the word's untagged entry), with the per-word tests made once: each known word's
    scores, label and whether it can modify the next word; the emoticons as one lower-cased dictionary (the
    first emoticon group that lists a form wins, as in the library's loop)."""
    known = {
        w: (*entry[None], any(map(entry.__contains__, scorer.modifiers)), scorer.labeler.get(w))
        for w, entry in dict.items(scorer)
        if None in entry
    }
    negations = frozenset(scorer.negations)
    modifier = scorer.modifier
    emoticons: dict[str, float] = {}
    for (_kind, p), forms in text_mod.EMOTICONS.items():
        for form in forms:
            emoticons.setdefault(form.lower(), p)
    punctuation, mood, irony = text_mod.PUNCTUATION, text_mod.MOOD, text_mod.IRONY

    def assess(words: list[str]) -> list[tuple]:
        a: list[list] = []  # [words, polarity, subjectivity, intensity, negated (-1) or 1, label]
        m = None  # preceding modifier
        n = None  # preceding negation
        for w in words:
            k = known.get(w)
            if k is not None:
                p, s, i, can_modify, label = k
                if m is None:
                    a.append([[w], p, s, i, 1, label])
                else:
                    last = a[-1]
                    last[0].append(w)
                    last[1] = max(-1.0, min(p * last[3], +1.0))
                    last[2] = max(-1.0, min(s * last[3], +1.0))
                    last[3] = i
                    last[5] = label
                if n is not None:
                    last = a[-1]
                    last[0].insert(0, n)
                    last[3] = 1.0 / last[3]
                    last[4] = -1
                m = (w, None) if can_modify else None
                n = w if w in negations else None
            else:
                if w in negations:
                    n = w
                elif n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and modifier(m[0]):
                    a[-1][0].append(n)
                    a[-1][4] = -1
                    n = None
                elif m and len(w) > 2:
                    m = None
                if w == "!" and a:
                    a[-1][0].append("!")
                    a[-1][1] = max(-1.0, min(a[-1][1] * 1.25, +1.0))
                if w == "(!)":
                    a.append([[w], 0.0, 1.0, 1.0, 1, irony])
                if w.isalpha() is False and len(w) <= 5 and w not in punctuation:
                    e = emoticons.get(w)
                    if e is not None:
                        a.append([[w], e, 1.0, 1.0, 1, mood])
        return [(w, p * -0.5 if neg < 0 else p, s, x) for w, p, s, _i, neg, x in a]

    return assess


def find_tokens_of(t):
    """Pattern's ``find_tokens`` as ``textblob.en.Parser.find_tokens`` calls it (English punctuation,
    abbreviations and contractions), the same sentences: its contraction patterns are literal strings,
    so ``re.sub`` is ``str.replace``; a token with no punctuation at either end is kept as it is."""
    punctuation = tuple(t.PUNCTUATION.replace(".", ""))
    lead, trail = frozenset(punctuation), frozenset(punctuation + (".",))
    punct_dot = punctuation + (".",)
    replace = t.replacements
    pairs = list(replace.items())
    abbreviations = t.ABBREVIATIONS
    abbr1, abbr2, abbr3 = t.RE_ABBR1.match, t.RE_ABBR2.match, t.RE_ABBR3.match
    linebreak = re.compile(r"\n{2,}")
    spaces = re.compile(r"\s+")
    eos = t.EOS
    ends = ("...", ".", "!", "?", eos)
    closers = ("'", '"', "\u201d", "\u2019", "...", ".", "!", "?", ")", eos)
    token = t.TOKEN.findall
    sarcasm, emoticons = t.RE_SARCASM.sub, t.RE_EMOTICONS.sub

    def find_tokens(string, **_kwargs):
        string = str(string)
        for a, b in pairs:
            string = string.replace(a, b)
        string = (
            string.replace("\u201c", " \u201c ")
            .replace("\u201d", " \u201d ")
            .replace("\u2018", " \u2018 ")
            .replace("\u2019", " \u2019 ")
            .replace("'", " ' ")
            .replace('"', ' " ')
        )
        string = string.replace("\r\n", "\n")
        string = linebreak.sub(f" {eos} ", string)
        string = spaces.sub(" ", string)
        tokens = []
        for tok in token(string + " "):
            if tok[0] not in lead and tok[-1] not in trail:
                tokens.append(tok)
                continue
            tail = []
            while tok.startswith(punctuation) and tok not in replace:
                tokens.append(tok[0])
                tok = tok[1:]
            while tok.endswith(punct_dot) and tok not in replace:
                if tok.endswith(punctuation):
                    tail.append(tok[-1])
                    tok = tok[:-1]
                if tok.endswith("..."):
                    tail.append("...")
                    tok = tok[:-3].rstrip(".")
                if tok.endswith("."):
                    if (
                        tok in abbreviations
                        or abbr1(tok) is not None
                        or abbr2(tok) is not None
                        or abbr3(tok) is not None
                    ):
                        break
                    tail.append(tok[-1])
                    tok = tok[:-1]
            if tok != "":
                tokens.append(tok)
            tokens.extend(reversed(tail))
        sentences, i, j = [[]], 0, 0
        while j < len(tokens):
            if tokens[j] in ends:
                while j < len(tokens) and tokens[j] in closers:
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(x for x in tokens[i:j] if x != eos)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        joined = (" ".join(x) for x in sentences if len(x) > 0)
        joined = (sarcasm("(!)", x) for x in joined)
        return [emoticons(lambda m: m.group(1).replace(" ", "") + m.group(2), x) for x in joined]

    return find_tokens
