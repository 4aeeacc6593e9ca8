"""The per-article analysis every engine runs: mentions, troop figures and quotes of one article.

``Settings`` is everything the analysis depends on besides the text (the lexicon, the metonym switch,
read limits, the per-article time budget). It is an explicit, read-only argument: no worker keeps a
module-level lexicon, so two analyses with different actor lists in one process never mix.
"""

from __future__ import annotations

import ctypes
import math
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import actors as actors_mod
from .document import build as build_doc
from .io import ReadOptions
from .quotes import extract_quotes
from .schemas import Article, Mention, Quote, TroopFigure
from .sentiment import score_quotes
from .troops import troop_figures

BUDGET_S = 60.0  # per article; an article over it is kept without metrics and listed in rejects


@dataclass(frozen=True)
class Settings:
    lexicon: tuple[actors_mod.Actor, ...]
    metonyms: bool = True
    read: ReadOptions = field(default_factory=ReadOptions)
    budget_s: float = BUDGET_S  # 0: no budget

    def __post_init__(self) -> None:
        check_budget(self.budget_s)


def check_budget(seconds: float) -> float:
    """``seconds`` if it is a per-article budget (a finite number of seconds, 0 for none).

    Raises:
        ValueError: negative, NaN or infinite (each would drop every article's metrics, or never stop one).
    """
    if not (isinstance(seconds, int | float) and math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"the budget must be a number of seconds, 0 or more (0: none), not {seconds!r}")
    return seconds


def analyse_article(
    article: Article,
    lexicon: Sequence[actors_mod.Actor] | None = None,
    metonyms: bool = True,
    matcher: actors_mod.Matcher | None = None,
) -> tuple[list[Mention], list[TroopFigure], list[Quote]]:
    """Mentions, troop figures and quotes of one article (``matcher``: the lexicon's, when the caller has it).

    The article's document (paragraphs, sentences, quotations, mentions) is built once and handed to each
    extractor; the sentiment stage scores the quotes last."""
    if matcher is None:
        matcher = actors_mod.matcher(lexicon, metonyms)
    doc = build_doc(article, matcher)
    quotes, new_people = extract_quotes(doc)
    mentions = list(doc.mentions)
    if new_people:
        mentions = actors_mod.with_extra(article.text, article.article_id, mentions, new_people)
    people = actors_mod.discover_people(article.text, mentions, matcher)  # everyone else named in the body
    if people:
        mentions = actors_mod.with_extra(article.text, article.article_id, mentions, people)
    troops = troop_figures(doc.with_mentions(mentions), quotes)
    return mentions, troops, score_quotes(quotes)


class OverBudget(Exception):
    pass


def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in another thread at its next step (None: withdraw one not raised yet)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


def _alarm(signum, frame):
    raise OverBudget


class Budget:
    """A per-article time limit, in any thread: in a process's main thread by SIGALRM; in another thread (a
    Streamlit session analysing an upload, a Dask worker's task thread) by a timer that raises ``OverBudget``
    in the analysing thread (``PyThreadState_SetAsyncExc``). Either interrupts Python code between two steps
    (not inside one long call into C); the extractors are near-linear, the budget is the backstop."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.main = threading.current_thread() is threading.main_thread()
        self.active = bool(seconds) and (not self.main or hasattr(signal, "setitimer"))
        self._old = None
        self._lock = threading.Lock()
        self._armed = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Budget:
        if self.active and self.main:
            self._old = signal.signal(signal.SIGALRM, _alarm)
        return self

    def __exit__(self, *exc) -> None:
        if self.active and self.main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)

    def _arm(self) -> None:
        if not self.active:
            return
        if self.main:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            return
        thread = threading.get_ident()

        def interrupt() -> None:
            with self._lock:
                if self._armed:
                    _raise_in(thread, OverBudget)

        with self._lock:
            self._armed = True
        self._timer = threading.Timer(self.seconds, interrupt)
        self._timer.daemon = True
        self._timer.start()

    def _disarm(self) -> None:
        if not self.active:
            return
        if self.main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        with self._lock:
            self._armed = False
            _raise_in(threading.get_ident(), None)  # an interruption not yet delivered is withdrawn
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def run(self, article: Article, settings: Settings, matcher: actors_mod.Matcher | None = None):
        """(mentions, troops, quotes, error): an extractor's failure or overrun is reported, never fatal.

        ``matcher`` is the settings' matcher, built once per part by the caller (finding it in the matcher cache
        hashes the whole lexicon)."""
        try:
            self._arm()
            try:
                mentions, troops, quotes = analyse_article(
                    article, settings.lexicon, settings.metonyms, matcher=matcher
                )
            finally:
                self._disarm()
            return mentions, troops, quotes, None
        except OverBudget:
            return (
                [],
                [],
                [],
                (
                    f"analysis took longer than the {self.seconds:g} s budget per article; "
                    "the article is kept without metrics"
                ),
            )
        except Exception as e:  # a bug in one extractor must not lose the corpus
            return (
                [],
                [],
                [],
                f"analysis failed ({type(e).__name__}: {e}); the article is kept without metrics",
            )
