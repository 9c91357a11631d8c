"""Attribution: who a sentence says its statement comes from. The one attribution detector of the package.

Owns :func:`find_attribution` (used by extraction, verification, the loaded-terms lint and ``attribute()``),
:class:`AttributionMatch` and the reporting verbs. Deterministic patterns of news writing, all outside quotation
marks:

* ``according-to`` -- "according to two US officials", "as reported by Reuters";
* ``subject`` -- "Centcom said ...", "..., U.S. Central Command said.", "Marine Gen. Michael E. Langley, commander of
  US Central Command, said ...", "Pashinyan praised Biden, saying ...";
* ``inverted`` -- '"...," said Maj. Gen. Pat Ryder.'

One speaker per sentence: the one whose reporting verb governs the main clause. "According to X" governs wherever
it stands. Otherwise a reporting clause that closes the sentence (", a spokesman said.", ", NBC News reported
Tuesday, citing officials.") governs what comes before it, and an attribution inside that content is the reported
claim's own (:attr:`AttributionMatch.inner`): in "The group, which ..., claimed the strike, a spokesman said" the
sentence is the spokesman's and the claim is the group's. Without a closing clause the first reporting clause
governs ("Centcom said the base, which officials said was hit, ..."). A reporting clause inside a subordinate
clause ("While Israel has confirmed its role, it has not commented") attributes nothing.

All offsets are relative to the sentence string passed in; callers add the sentence's start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from summarizer.models import EntityKind
from summarizer.text.entities import COMMON_CAPS, DEMONYM_RE, classify, find_entities, quoted_regions
from summarizer.text.months import WEEKDAY_PATTERN
from summarizer.text.regex import lazy_compile

__all__ = ["REPORTING_VERBS", "AttributionMatch", "Style", "find_attribution", "is_pronoun_speaker"]

Style = Literal["according-to", "subject", "inverted"]


@dataclass(frozen=True, slots=True)
class AttributionMatch:
    """Who a sentence attributes its statement to: the speaker's offsets in the sentence, the speaker as written,
    the reporting verb, the ``style`` of the attribution and whether the speaker is unnamed ("a U.S. official",
    "sources"). ``inner`` is the attribution of the claim the speaker reports, when the sentence has one ("The group
    claimed the strike, a spokesman said": speaker "a spokesman", inner "The group" / "claimed")."""

    start: int
    end: int
    speaker: str
    verb: str
    style: Style
    anonymous: bool
    inner: AttributionMatch | None = None


# --------------------------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------------------------

REPORTING_VERBS = (
    "said|says|say|told|tells|added|adds|stated|announced|announces|reported|reports|confirmed|confirms|noted|"
    "notes|warned|warns|wrote|writes|tweeted|posted|explained|insisted|insists|acknowledged|alleged|alleges|argued|"
    "argues|asserted|claimed|claims|declared|denied|denies|disclosed|estimated|estimates|indicated|indicates|"
    "maintained|revealed|predicted|urged|vowed|testified|cautioned|stressed|emphasized|emphasised|believes|believe|"
    "described|accused|accuses|suggested|suggests|calls|called|branded|labeled|labelled|termed|dubbed"
)
"""Verbs that report speech or a claim, lower case, as written after the speaker or before an inverted one."""

_PARTICIPLES = ("saying", "writing")


def _by_first_letter(alternation: str) -> str:
    """``alternation`` ("said|says|say|told") with its words grouped by their first letter, each group in the
    words' order: "(?:s(?:aid|ays|ay)|t(?:old))". It matches what the plain alternation matches, in the same order of
    preference (words with another first letter never match where a word does), but where a word starts the regex
    engine compares one letter per group instead of trying every word; the engine does not factor it itself."""
    groups: dict[str, list[str]] = {}
    for word in alternation.split("|"):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


_VERB_WORDS = _by_first_letter(REPORTING_VERBS)  # REPORTING_VERBS in a pattern
_VERB = lazy_compile(rf"\b{_VERB_WORDS}\b")
_EXCLUDED_USE = lazy_compile(
    r"(?:claim(?:ed|s)?)\s+(?:responsibility|credit)\b|call(?:ed|s)?\s+(?:for|on|off|up|in|back|out)\b|"
    r"add(?:ed|s)\s+(?:[\d$£€]|(?:a|an|another|the|more|some|nearly|about|almost|over|up|its|their|his|her|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|millions)\b)"
)
"""'claimed responsibility' is an act, not a report; 'called for talks', 'called off' are not speech about something;
'added 175,000 jobs', 'added a third' count, they do not speak."""

_ACCORDING = lazy_compile(
    r"\b(?P<verb>[Aa]ccording\s+to|[Aa]s\s+reported\s+by)\s+"
    r"(?P<speaker>(?:[^,.;:!?()“”\"—–]|\.(?=[A-Za-z])|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.)+)"
)
_HARD_BOUNDARY = lazy_compile(r"(?:[,;:—–()“”\"]|--|\s-\s)\s*")
_SUBORDINATORS = frozenset("while although though because if when after before since as amid".split())
"""A reporting clause opened by one of these is subordinate: it does not attribute the sentence ("Trump erred when
he said ...")."""
_SOFT_BOUNDARY = lazy_compile(r"\b(?:that|and)\s+", first="at")
_AUXILIARIES = lazy_compile(
    r"(?:\s+(?:has|have|had|would|will|could|can|might|must|also|now|later|earlier|just|then|again|once|reportedly|"
    r"allegedly|repeatedly|previously|"
    r"publicly|privately|recently|initially|separately|quickly|simply|flatly))*\s*$"
)
_NOUN_LIKE = frozenset("claims reports calls notes estimates states believe".split())
"""Verb forms that are as often plural nouns ("bizarre claims spread", "jobless claims now"): they report speech only
after a name, a pronoun or a speaker noun ("Trump calls", "DNA Info reports", "police believe")."""
_APPOSITIVE = lazy_compile(
    rf"(?:^|[,;:—–(”\"’]\s*)([A-Z][^,;:—–()“”\"]{{1,60}}?),\s*[^,;:“”\"]{{2,80}}?,\s*(?P<verb>{_VERB_WORDS})\b"
)
_INVERTED = lazy_compile(
    rf"[,”\"’]\s*(?P<verb>{_VERB_WORDS})\s+(?P<speaker>(?:the\s+|a\s+|an\s+)?[A-Z]"
    r"(?:[^,.;:!?()“”\"]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.)*)"
)
_CLAUSE_WORD = lazy_compile(
    r"\b(?:which|that|who|what|and|but|while|as|after|because|when|where|since|though|although|if|amid)\s+",
    re.I,
    first="abistw",
)
_SPEAKER_STOP = lazy_compile(
    r"\s+(?:who|which|that|because|speaking|on\s+condition|in\s+a\s+(?:statement|post|message|briefing)|"
    rf"(?:on|late|early)\s+{WEEKDAY_PATTERN}|on\s+{WEEKDAY_PATTERN}|adding|while)\b.*$"
)
_LEADING_JUNK = lazy_compile(
    r"^(?:(?:and|but|while|as|so|yet|then|also|which|that|who|however|meanwhile|in a (?:statement|post|message|"
    r"briefing)\b[^,]*?)\s+)+",
    re.IGNORECASE,
)
_TRAILING_TIME = lazy_compile(rf"\s+(?:on\s+|late\s+|early\s+)?(?:{WEEKDAY_PATTERN}|yesterday|today|tonight)$")
_FINITE = lazy_compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|should|did|does|do|not|but|which|who)\b")
_NOT_SPEAKER = lazy_compile(
    r"^(?:it|this|that|which|there)\b.*\b(?:is|was|be|been)\b|\bresponsibility\b", re.IGNORECASE
)
_DETERMINERS = frozenset("the a an this that these those its their his her our some any no".split())
_NOT_LAST = _DETERMINERS | frozenset("to of for with by from in on at as than into about over".split())
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})
_ANAPHORS = frozenset({"it", "he", "she", "they", "the group", "the statement", "the spokesman", "the spokesperson"})
_ANON = lazy_compile(
    r"\b(?:officials?|sources?|people familiar|person familiar|diplomats?|insiders?|aides?|analysts?|residents?|"
    r"witnesses?|someone|a spokesperson|authorities)\b",
    re.IGNORECASE,
    first="adioprsw",
)
_SPOKESPEOPLE = lazy_compile(
    r"\b(?:spokesperson|spokesman|spokeswoman|officers?|staffers?)\b", re.IGNORECASE, first="os"
)
_SPEAKER_NOUNS = frozenset(
    "police experts prosecutors investigators researchers scientists critics lawyers judges doctors".split()
)
_ANON_CUE = lazy_compile(
    r"condition of anonymity|not authori[sz]ed to (?:speak|discuss|comment)|declined to be (?:named|identified)|"
    r"asked not to be (?:named|identified)|speaking anonymously",
    re.IGNORECASE,
    first="acdns",
)
_OPENING = " \t'\"‘’“”«»("
_CLOSING_REST = lazy_compile(
    r"^\s*(?:(?!(?:is|are|was|were|has|have|had|will|would|could|that|the|a|an)\b)[^\s,;:—–()“”\"]+\s*){0,4}"
    r"(?:(?:,\s*(?:[a-z]+ing|according|as|in|on|after|before|while|when|who|which|a|an)\b|[;—–(]|\s-\s).*)?$"
)
"""What may follow a reporting clause that closes a sentence: a few words without a verb or an object ("Tuesday",
"in a statement"), then only a participle or an aside (", citing officials", "— the latest attack")."""


# --------------------------------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------------------------------


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The speaker phrase in ``sentence[start:end]`` without the clause around it: leading "and"/"Meanwhile"/"In a
    statement", trailing "who spoke ...", "on Monday"."""
    text = sentence[start:end]
    stop = _SPEAKER_STOP.search(text)
    if stop:
        text = text[: stop.start()]
    lead = len(text) - len(text.lstrip(_OPENING))
    text = text.strip(_OPENING)
    junk = _LEADING_JUNK.match(text)
    if junk:
        lead += junk.end()
        text = text[junk.end() :]
    text = _TRAILING_TIME.sub("", text.rstrip(" \t-–—"))
    return start + lead, start + lead + len(text)


def _speaker_ok(speaker: str, max_words: int = 10) -> bool:
    """A speaker is a short noun phrase: no finite verb of its own, not ending in a determiner or a preposition, and
    a single word is not a function word ("This reported casualty", "That said" are not attributions)."""
    words = speaker.split()
    if not words or len(words) > max_words or not re.search(r"[A-Za-z]", speaker):
        return False
    if _NOT_SPEAKER.search(speaker) or _FINITE.search(speaker):
        return False
    if words[-1].lower() in _NOT_LAST:
        return False
    low = words[0].lower().rstrip(".")
    if len(words) == 1 and DEMONYM_RE.match(words[0]) and classify(words[0], "") is None:
        return False  # "amid Democratic calls to resign": an adjective, not who speaks
    return len(words) > 1 or low in _PRONOUNS or low not in COMMON_CAPS


def _names_a_speaker(speaker: str) -> bool:
    last = speaker.split()[-1]
    low = last.lower()
    if last[:1].isupper() or low in _PRONOUNS | _SPEAKER_NOUNS:
        return True
    return bool(_ANON.search(low) or _SPOKESPEOPLE.search(low))


def _anonymous(sentence: str, speaker: str) -> bool:
    """Unnamed officials, sources, witnesses ...; a spokesperson or officer only without the body they speak for ("a
    spokesman" is anonymous, "A Bayer spokesman" and "the county's health officer" are not)."""
    if any(e.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION) for e in find_entities(speaker)):
        return False
    if _ANON_CUE.search(sentence) or _ANON.search(speaker):
        return True
    qualified = any(w[:1].isupper() for w in speaker.split()[1:]) or "’s " in speaker or "'s " in speaker
    return bool(_SPOKESPEOPLE.search(speaker)) and not qualified


def _make(sentence: str, start: int, end: int, verb: str, style: Style) -> AttributionMatch | None:
    start, end = _trim(sentence, start, end)
    speaker = sentence[start:end]
    if not _speaker_ok(speaker, 16 if style == "according-to" else 10):
        return None
    return AttributionMatch(start, end, speaker, verb, style, _anonymous(sentence, speaker))


def _closed_quotations(sentence: str) -> list[tuple[int, int]]:
    """The quotations of ``sentence`` that close in it. A mark left open may be the end of a quotation that began in
    an earlier sentence ('We know," she said.'), so it hides nothing."""
    return [(s, e) for s, e in quoted_regions(sentence) if e - s >= 2 and sentence[e - 1] in "”»“\"'’"]


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in regions)


def _excluded(sentence: str, verb_start: int) -> bool:
    return bool(_EXCLUDED_USE.match(sentence, verb_start))


def _according(sentence: str, quotes: list[tuple[int, int]]) -> AttributionMatch | None:
    for m in _ACCORDING.finditer(sentence):
        if _inside(quotes, m.start()):
            continue
        verb = " ".join(m.group("verb").lower().split())
        found = _make(sentence, m.start("speaker"), m.end("speaker"), verb, "according-to")
        if found is not None:
            return found
    return None


def _appositives(sentence: str, quotes: list[tuple[int, int]]) -> list[tuple[int, AttributionMatch]]:
    """ "Marine Gen. Michael E. Langley, commander of US Central Command, said": the name before the appositive."""
    out = []
    for m in _APPOSITIVE.finditer(sentence):
        if _inside(quotes, m.start("verb")) or _excluded(sentence, m.start("verb")):
            continue
        found = _make(sentence, m.start(1), m.end(1), m.group("verb"), "subject")
        if found is not None:
            out.append((m.start("verb"), found))
    return out


def _last_clause(text: str) -> tuple[str, str]:
    """What follows the last clause word ("which", "that", "and" ...) of ``text``, and that word ("" if none); an
    "and" between two capitalised words joins a name ("Coastal Power and Light", "Barnes and Noble")."""
    start, word = 0, ""
    for m in _CLAUSE_WORD.finditer(text):
        joins_name = m.group(0).strip().lower() == "and" and text[m.end() : m.end() + 1].isupper()
        before = text[: m.start()].split()
        if joins_name and before and before[-1][:1].isupper():
            continue
        start, word = m.end(), m.group(0).strip().lower()
    return text[start:], word


def _subjects(sentence: str, quotes: list[tuple[int, int]]) -> list[tuple[int, AttributionMatch]]:
    """ "X said": the last noun phrase before the verb, after the clause boundary before it ("The rise which the
    territory's Health Ministry said" -> "the territory's Health Ministry")."""
    out = []
    for m in _VERB.finditer(sentence):
        if _inside(quotes, m.start()) or _excluded(sentence, m.start()):
            continue
        before = sentence[: m.start()]
        cut = max((b.end() for b in _HARD_BOUNDARY.finditer(before)), default=0)
        if m.start() - cut > 80:  # a long clause: only what follows its last "that"/"and" can be the speaker
            cut = max((b.end() for b in _SOFT_BOUNDARY.finditer(before, m.start() - 80)), default=m.start())
        piece, clause_word = _last_clause(before[cut:])
        if clause_word in _SUBORDINATORS:
            continue  # "While Israel has confirmed ..., it has not commented": the main clause is not reported
        start = m.start() - len(piece)
        end = start + len(_AUXILIARIES.sub("", piece))
        found = _make(sentence, start, end, m.group(0), "subject")
        if found is not None and (m.group(0) not in _NOUN_LIKE or _names_a_speaker(found.speaker)):
            out.append((m.start(), found))
    return out


def _inverted(sentence: str, quotes: list[tuple[int, int]]) -> list[tuple[int, AttributionMatch]]:
    """'"...," said Maj. Gen. Pat Ryder.'"""
    out = []
    for m in _INVERTED.finditer(sentence):
        if _inside(quotes, m.start("verb")) or _excluded(sentence, m.start("verb")):
            continue
        found = _make(sentence, m.start("speaker"), m.end("speaker"), m.group("verb"), "inverted")
        if found is not None:
            out.append((m.start("verb"), found))
    return out


def _participle(sentence: str, quotes: list[tuple[int, int]]) -> AttributionMatch | None:
    """ "Prime Minister Nikol Pashinyan praised Biden, saying ...": the subject of the sentence before its verb."""
    m = re.search(r",\s+(" + "|".join(_PARTICIPLES) + r")\b", sentence)
    if m is None or _inside(quotes, m.start(1)):
        return None
    tokens = list(re.finditer(r"\S+", sentence[: m.start()]))
    for i, t in enumerate(tokens[1:9], start=1):
        w = t.group(0)
        if w[:1].islower() and re.search(r"(?:ed|s)$", w) and w.lower() not in _DETERMINERS | {"as", "is", "was"}:
            return _make(sentence, tokens[0].start(), tokens[i - 1].end(), m.group(1), "subject")
    return None


def _closes_sentence(sentence: str, verb_start: int, found: AttributionMatch) -> bool:
    """Whether the reporting clause of ``found`` ends the sentence (", a spokesman said.", ", said X.")."""
    after = found.end if found.style == "inverted" else verb_start + len(found.verb)
    preceded = re.search(r"(?:[,;—–”\"’]|\s-)\s*$", sentence[: min(found.start, verb_start)])
    return preceded is not None and bool(_CLOSING_REST.match(sentence[after:].rstrip(' .!?”"’')))


# --------------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------------


def find_attribution(sentence: str) -> AttributionMatch | None:
    """Who ``sentence`` attributes its statement to ('Centcom said', 'according to two officials'), or None when it
    states it without attribution. One speaker: the one whose reporting verb governs the main clause (see the
    module docstring); a claim it reports carries its own attribution in ``inner``. Reporting verbs inside quotation
    marks and "claimed responsibility" are not attributions. Never raises on any input string."""
    # Every attribution needs a word: "according to"/"as reported by", a reporting verb (the subject, appositive and
    # inverted patterns all end in one), or a participle ("saying"). A sentence with none is not parsed further.
    reporting = _VERB.search(sentence) is not None
    if not reporting and not any(w in sentence for w in ("ccording", "reported", *_PARTICIPLES)):
        return None
    quotes = _closed_quotations(sentence)
    according = _according(sentence, quotes)
    if according is not None:
        return according
    found: dict[int, AttributionMatch] = {}
    if reporting:
        for verb_start, match in (*_appositives(sentence, quotes), *_subjects(sentence, quotes)):
            found.setdefault(verb_start, match)
        for verb_start, match in _inverted(sentence, quotes):
            found.setdefault(verb_start, match)
    if not found:
        return _participle(sentence, quotes)
    ordered = sorted(found.items())
    first = ordered[0][1]
    last_start, last = ordered[-1]
    if len(ordered) > 1 and _closes_sentence(sentence, last_start, last) and last.start > first.start:
        return replace(last, inner=ordered[-2][1])
    return first


def is_pronoun_speaker(speaker: str) -> bool:
    """Whether ``speaker`` refers back to an earlier one ("he", "it", "the group") rather than naming it."""
    return speaker.lower() in _ANAPHORS
