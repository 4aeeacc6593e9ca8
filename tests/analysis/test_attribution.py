"""Each attribution rule with its own (text, quote, expected speaker) table: the rule must be the one that decides.

The texts are written for these tests in the style of wire copy; none comes from the dev or sample articles.
"""

import dataclasses

import pytest

from analysis.actors import matcher
from analysis.document import build
from analysis.quotes import LATE_RULES, RULES, Attribution, QuoteSpan, extract_quotes, rule_name
from analysis.schemas import Article


def attributed(text):
    art = Article("a", "s", "", None, "none", "", "", text, len(text.split()))
    qs, _ = extract_quotes(build(art, matcher()))
    return qs


def decided(text, quote):
    """(speaker, rule) of the quote whose text starts with ``quote``."""
    hits = [q for q in attributed(text) if q.text.startswith(quote)]
    assert hits, f"no quote starting {quote!r} in {[q.text for q in attributed(text)]}"
    return hits[0].speaker, hits[0].speaker_rule


RULE_CASES = {
    "dense": [
        ('"a" ' * 150, "a", ""),
        ("List: " + '"x1", ' * 120, "x1", ""),
    ],
    "not_speech": [
        (
            'Hundreds joined a rally called "Hands Off Our Town!" outside the council.',
            "Hands Off Our Town!",
            "",
        ),
        ('Lavrov appeared on "Meet the Press" on Sunday.', "Meet the Press", ""),
        ('Fighting resumed near the so-called "contact line" overnight.', "contact line", ""),
    ],
    "missing_marks": [
        (
            "Annalena Baerbock arrived in Kyiv on Monday.\n"
            "We are ready for talks, because our security is at stake, she said.",
            "We are ready",
            "Annalena Baerbock",
        ),
        (
            "We will defend every inch of our land, Zelensky said in a statement.",
            "We will defend",
            "Volodymyr Zelensky",
        ),
    ],
    "after_quote": [
        ('"We want peace," Lavrov said.', "We want peace", "Sergei Lavrov"),
        (
            '"The border is calm," said Olena Marchenko, a spokeswoman for the border guard.',
            "The border",
            "Olena Marchenko",
        ),
        ('"Sanctions will follow," according to Antony Blinken.', "Sanctions", "Antony Blinken"),
        (
            '"We are watching closely," a senior State Department official said.',
            "We are watching",
            "United States",
        ),
        ('"Putin wants peace," Jane Roe, a Moscow analyst, told reporters.', "Putin wants", "Jane Roe"),
    ],
    "passive_by": [
        (
            'The demands were called "a non-starter" by U.S. officials on Friday.',
            "a non-starter",
            "United States",
        ),
        ('The plan has been described as "reckless" by the Kremlin.', "reckless", "Russia"),
    ],
    "trailing": [
        (
            'Joining the bloc would be a "grave mistake" for Kyiv, Russian Deputy Foreign Minister Ivan Sidorov retorted.',
            "grave mistake",
            "Ivan Sidorov",
        ),
        (
            'The troops are in "a state of readiness" near the border, NATO said on Tuesday.',
            "a state of",
            "NATO",
        ),
    ],
    "before_quote": [
        ('Blinken called the proposal "a farce."', "a farce", "Antony Blinken"),
        ('Lavrov accused the West of "lying."', "lying", "Sergei Lavrov"),
        ('Kuleba told reporters that the talks were "useful but hard."', "useful", "Dmytro Kuleba"),
        (
            'It came after what Peskov described as "a provocation" at the border.',
            "a provocation",
            "Dmitry Peskov",
        ),
        ('Zelensky was quoted as saying: "We are not afraid of anyone."', "We are not", "Volodymyr Zelensky"),
        (
            'In a letter, Senators Tom Reed and Ann Lowe wrote: "We urge you to act now."',
            "We urge",
            "Tom Reed and Ann Lowe",
        ),
        (
            'Peskov went further, saying the West was "playing with fire."',
            "playing with fire",
            "Dmitry Peskov",
        ),
        (
            'Analysts say the talks stalled, but the Kremlin dismissed the reports as "hysteria."',
            "hysteria",
            "Russia",
        ),
        (
            'The plan was praised by the State Department, whose spokesman said, "We are encouraged by it."',
            "We are encouraged",
            "United States",
        ),
        (
            "Vice President Kamala Harris arrived in Riga. The vice president would not give details, but said that "
            'allies were in "close contact."',
            "close contact",
            "Kamala Harris",
        ),
        (
            "Ukraine's Defence Ministry reported shelling on Monday. On Tuesday, the Defence Ministry said the attacks were "
            '"a clear escalation."',
            "a clear escalation",
            "Ukraine",
        ),
        (
            'The Biden administration said it was "deeply concerned" by the build-up.',
            "deeply concerned",
            "United States",
        ),
        (
            '"We made progress," Psaki said after her call with Lavrov. Later he said the call was "frank."',
            "frank",
            "Sergei Lavrov",
        ),
    ],
    "colon": [
        ('Zelensky was defiant: "We will not leave our capital."', "We will not", "Volodymyr Zelensky"),
    ],
    "according_to": [
        (
            'According to the Pentagon, the units are "ready to move within days."',
            "ready to move",
            "United States",
        ),
        (
            'The units are, according to Jens Stoltenberg, "on high alert."',
            "on high alert",
            "Jens Stoltenberg",
        ),
    ],
    "same_sentence": [
        ('Psaki called the claims "baseless" and "absurd."', "absurd", "Jen Psaki"),
    ],
    "sentence_subject": [
        ('Blinken voiced worry over "signs of a rapid build-up."', "signs of", "Antony Blinken"),
        (
            'The Coast Bureau expressed concern about "minor disruption" to ferry links.',
            "minor disruption",
            "Coast Bureau",
        ),
    ],
    "continues": [
        (
            '"We are monitoring the region," Blinken said. "We will consult our allies."',
            "We will consult",
            "Antony Blinken",
        ),
        ('"We will not be intimidated," Kuleba said.\n"Our army is ready.', "Our army", "Dmytro Kuleba"),
        ('"Talks must go on," Guterres said. Now, "every hour counts."', "every hour", "Antonio Guterres"),
    ],
    "next_quote": [
        (
            "“We will never surrender.”\n“Our people are strong,” Zelensky said.",
            "We will never",
            "Volodymyr Zelensky",
        ),
    ],
    "as_reported": [
        (
            'He raised a flag, "igniting," as Reuters reported, "fears of an attack in the city."',
            "fears of an attack",
            "Reuters",
        ),
        ('The deal was, as the Kremlin put it, "a disaster for everyone."', "a disaster", "Russia"),
    ],
    "between_same": [
        (
            '"We are ready," Stoltenberg said. Allies have trained soldiers who are "now at the front." '
            '"The alliance stands united," he said.',
            "now at the front",
            "Jens Stoltenberg",
        ),
    ],
    "previous_sentence": [
        ('Kuleba was blunt. "We see no pullback of any kind."', "We see no", "Dmytro Kuleba"),
    ],
}


def test_every_rule_has_its_table():
    assert {rule_name(r) for r in (*RULES, *LATE_RULES)} == set(RULE_CASES)


@pytest.mark.parametrize(
    "rule, text, quote, speaker",
    [(r, *case) for r, cases in RULE_CASES.items() for case in cases],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_rule_decides(rule, text, quote, speaker):
    assert decided(text, quote) == (speaker, rule)


# Patterns the issue names, whichever rule decides them.
SPEAKER_CASES = [
    # pronouns after someone else's speech go to the person the pronoun fits
    (
        'Psaki met Lavrov on Monday. "We made progress," she said. "It was useful," he said.',
        "It was useful",
        "Sergei Lavrov",
    ),
    # joint speakers and "they"
    (
        'Senators Tom Reed and Ann Lowe sent a letter on Friday. "We urge action," they wrote.',
        "We urge",
        "Tom Reed and Ann Lowe",
    ),
    (
        'Senators Tom Reed and Ann Lowe sent a letter. "We urge action," they wrote. The senators also asked for "more aid."',
        "more aid",
        "Tom Reed and Ann Lowe",
    ),
    # no speaker from inside another quote
    ('"Putin told me he wants peace," Jane Roe said.', "Putin told", "Jane Roe"),
    # unnamed officials to their country; a bare "the official" to the one before
    (
        '"We are watching," a senior Pentagon official said. "Nothing has changed," the official said.',
        "Nothing",
        "United States",
    ),
    # an organisation off the actor list
    ('"Radio links may fail," the Harbour Safety Authority said.', "Radio links", "Harbour Safety Authority"),
    # a surname that is also a common word; an embassy's country, not its host city; a body with "of" in its name
    ('The price of gas rose. "We will not confirm that report," Price said.', "We will not", "Price"),
    (
        'The Russian Embassy in Washington rejected the reports, calling them "unfounded attempts to smear us."',
        "unfounded",
        "Russia",
    ),
    (
        'The Institute for the Study of War said the troops "may be able to advance."',
        "may be able",
        "Institute for the Study of War",
    ),
    # an attribution that names no one: nobody is guessed, not the woman named before
    ('Tatiana Roman spoke first. "It was dark," said the woman, in Spanish.', "It was dark", ""),
    # a noun that looks like a verb is no speaker's verb
    ('Startling claims have been made about an "unfriendly" country.', "unfriendly", ""),
    # a title given after the name; an acronym with small letters
    (
        'Serhiy Haidai, the governor of Luhansk, spoke on Monday. "We are holding on," the governor said.',
        "We are",
        "Serhiy Haidai",
    ),
    ('The MoD said today: "The battle goes on."', "The battle", "MoD"),
    # a group with no country keeps its description
    ('One European diplomat described the build-up as "a big worry."', "a big worry", "European diplomat"),
]


@pytest.mark.parametrize("text, quote, speaker", SPEAKER_CASES)
def test_speaker(text, quote, speaker):
    assert decided(text, quote)[0] == speaker


def test_records_are_frozen():
    q = QuoteSpan(1, 5, "present", 0, 0, 6)
    a = Attribution("Sergei Lavrov", "", "said", "after_quote")
    for rec, name in ((q, "start"), (a, "speaker")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(rec, name, None)


def test_every_quote_names_the_rule_that_decided():
    text = (
        '"We want peace," Lavrov said. "We are ready," he added.\n'
        'Crowds gathered near the "Little Moscow" market.'
    )
    rules = {rule_name(r) for r in (*RULES, *LATE_RULES)} | {""}
    qs = attributed(text)
    assert [q.speaker_rule for q in qs] == ["after_quote", "after_quote", "not_speech"]
    assert all(q.speaker_rule in rules for q in qs)


def _walk(text):
    from analysis.attribution.discourse import Walk

    return Walk(build(Article("a", "s", "", None, "none", "", "", text, len(text.split())), matcher()))


def _learns_and_declines(walk, k):
    walk.remember_role(0, "the envoy", "Xland")
    walk.last_official = "Xland"
    walk.people_in(0, len(walk.text))  # meets Jo Dalby
    return None


def _reads_state(walk, k):
    return Attribution(walk.last_official or "nobody", rule="reads")


def test_a_declining_rule_leaves_no_trace_in_the_discourse_state():
    from analysis.attribution.speakers import _first_decision

    walk = _walk('Jo Dalby spoke. "Yes," the envoy said.')
    assert _first_decision(walk, 0, [_learns_and_declines, _reads_state]).speaker == "nobody"
    assert (walk.roles, walk.last_official, walk.new_people) == ([], "", {})


def test_a_deciding_rule_keeps_what_it_learned():
    from analysis.attribution.speakers import _first_decision

    walk = _walk('Jo Dalby spoke. "Yes," the envoy said.')

    def learns_and_decides(w, k):
        _learns_and_declines(w, k)
        return Attribution("Xland", rule="decides")

    assert _first_decision(walk, 0, [learns_and_decides]).speaker == "Xland"
    assert walk.last_official == "Xland" and list(walk.new_people) == ["Jo Dalby"]
    assert _first_decision(walk, 0, [_learns_and_declines, _reads_state]).speaker == "Xland"
