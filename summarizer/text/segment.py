"""Sentence segmentation, the one word tokeniser, the one stemmer and the stopword list.

Owns :func:`split_sentences` / :func:`iter_sentences`, :func:`tokens` (lower-case words; :func:`content_words` and
:func:`content_stems` drop stopwords), :func:`match_tokens` (the stemmed, contraction-expanded view the support
checker compares: "didn't" -> "did", "not"), :func:`stem` and :data:`STOPWORDS`. Other stages read these through
the per-sentence annotations of :mod:`summarizer.text.annotate` rather than re-tokenising.

Everything here works on the text exactly as stored: :func:`split_sentences` returns ``(start, end)`` pairs such that
``text[start:end]`` is a sentence with surrounding whitespace trimmed. Lines (paragraphs) are hard boundaries; inside
a line, a boundary is sentence punctuation (optionally followed by closing quotes/brackets) and whitespace, unless the
word before it is a known abbreviation or an initial; CJK, Devanagari and Arabic terminators (。！？ । ؟ ۔) end a
sentence wherever more text follows. The scan is a single regex pass: linear in the text length.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from summarizer.text.months import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS
from summarizer.text.regex import lazy_compile

# Words that end with a period but do not end a sentence (lower-case, without the final period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cpt sgt cmdr adm gov sen rep rev hon pres supt insp det
    no nos vol pp fig approx est dept univ corp inc ltd co bros assn ave blvd rd vs etc al e.g i.e a.m p.m u.s u.k
    u.n e.u d.c ph.d u.s.a n.y l.a calif fla wash mass penn ariz colo conn ill ind kan ky la md mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wis wyo
    """.split()
).union(MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS)

# A sentence that starts with one of these after "U.S." (or another abbreviation that can end a sentence) starts anew.
_SENTENCE_STARTERS = frozenset(
    "the a an it he she they we i in on at this that these those but and however meanwhile there his her their "
    "its our after before when while officials".split()
)
_ABBREV_CAN_END = frozenset({"us", "uk", "un", "eu", "dc", "am", "pm", "etc", "inc", "ltd", "co", "corp"})

_BOUNDARY = lazy_compile(
    r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])"""
    # Terminators of scripts without spaces or capitals (CJK 。！？, Devanagari danda, Arabic/Urdu question mark
    # and full stop): a boundary wherever more text follows, with or without a space.
    r"""|[。！？｡।॥؟۔]+["'”’»)\]」』）〉》]*(?=\s*\S)""",
    first=".!?…。！？｡।॥؟۔",
)
# The word before a period: the run of ASCII letters and periods that ends at it, from its first letter (what
# ``([A-Za-z][A-Za-z.]*)\.*$`` finds, whose search tried that pattern, with backtracking, at each letter before).
_LETTERS_AND_DOTS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
_NEXT_WORD = lazy_compile(r"\s+[\"'“‘«(\[]?([A-Za-z]+)")
_LINE = lazy_compile(r"[^\n\r]+")
_DOTTED = lazy_compile(r"(?:[a-z]\.)+[a-z]?")

_TOKEN = lazy_compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'’.][A-Za-z0-9\u00C0-\u024F]+)*", first="A-Za-z0-9\u00c0-\u024f")

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves said says say told
    according s t mr mrs ms one two also would could may might must shall
    """.split()
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``text[dot]`` belongs to an abbreviation or an initial."""
    window = text[max(0, dot - 40) : dot + 1]  # ends with the period
    word = window[len(window.rstrip(_LETTERS_AND_DOTS)) :].lstrip(".")
    if not word:
        return False
    word = word.lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        # An initial ("John F. Kennedy") - unless the sentence ends with a one-letter word like "I" or "a".
        return word not in {"i", "a"}
    if word.replace(".", "") in _ABBREV_CAN_END:
        # "U.S." ends the sentence when the next word is a typical sentence opener ("... in the U.S. The army ...").
        nxt = _NEXT_WORD.match(text, dot + 1)
        return not (nxt and nxt.group(1).lower() in _SENTENCE_STARTERS)
    if word in ABBREVIATIONS:
        return True
    # Dotted acronyms such as "U.S.A." or "N.Y.".
    return bool(_DOTTED.fullmatch(word))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def iter_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence of ``text[start:end]`` (absolute offsets, whitespace trimmed)."""
    stop = len(text) if end is None else end
    for line in _LINE.finditer(text, start, stop):
        s = line.start()
        for b in _BOUNDARY.finditer(text, line.start(), line.end()):
            dot = b.start()
            if text[dot] == "." and _is_abbreviation(text, dot):
                continue
            a, z = _trim(text, s, b.end())
            if z > a:
                yield a, z
            s = b.end()
        a, z = _trim(text, s, line.end())
        if z > a:
            yield a, z


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute ``(start, end)`` offsets; nothing is skipped or altered."""
    return list(iter_sentences(text, start, end))


# The characters whose lower case is not one character of the same _TOKEN class (a capital outside the token letters
# whose lower case is inside, like the Kelvin sign, or one inside whose lower case is not, like "İ"; found over all
# of Unicode). A text without any is tokenised the same lower-cased, in one findall.
_LOWER_CHANGES_TOKENS = lazy_compile("[\u0130\u0181-\u0245\u1e9e\u212a\u212b\u2c7e\u2c7f]")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text``."""
    if text.isascii() or not _LOWER_CHANGES_TOKENS.search(text):
        return _TOKEN.findall(text.lower())
    return [m.group(0).lower() for m in _TOKEN.finditer(text)]


def _stem(word: str) -> str:
    """A light suffix-stripping stem so that 'missiles'/'missile' and 'injuries'/'injury' meet."""
    w = word.lower()
    if "’" in w:
        w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    n = len(w)
    if n <= 4:
        return w  # too short for any rule
    last = w[-1]  # each suffix rule is told by the last letter: "-ies"/"-sses"/"-s", "-ied"/"-ed", "-ing"
    if last == "s":
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
            w = w[:-2]
        elif not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        n = len(w)
    elif last == "d":
        if w.endswith("ied"):
            w = w[:-3] + "y"
        elif w.endswith("ed"):
            w = w[:-2]
        n = len(w)
    elif last == "g" and n > 5 and w.endswith("ing"):
        w = w[:-3]
        n -= 3
    if n > 4 and w[-1] == "e":
        w = w[:-1]
        n -= 1
    if n > 4 and w[-1] == "y":
        w = w[:-1] + "i"
    return w


stem = lru_cache(maxsize=1 << 16)(_stem)
"""A light suffix-stripping stem so that 'missiles'/'missile' and 'injuries'/'injury' meet. Memoised (one entry per
distinct word, at most 65,536): the same words recur in every sentence, and looking one up costs a fifth of stemming
it (the annotation layer stems some 100,000 tokens per 1,000 articles, its stems and match tokens)."""

_MATCH_TOKEN = lazy_compile(r"[a-z]+|[0-9]+(?:[.,][0-9]+)*")


def match_tokens(text: str) -> list[str]:
    """Stemmed tokens for comparing a claim with a source: lower case, "n't" -> "not", possessive "'s" dropped,
    words split at hyphens and apostrophes, numbers kept whole ("1,200", "3.5")."""
    t = text.lower().replace("’", "'").replace("can't", "can not").replace("won't", "will not")
    t = t.replace("n't", " not").replace("'s ", " ")
    return [_IRREGULAR.get(w) or stem(w) for w in _MATCH_TOKEN.findall(t)]


# Irregular verb forms mapped to the stem of their base form ("led" meets "leading"), for match_tokens only.
_IRREGULAR = {
    form: stem(base)
    for base, forms in {
        "lead": "led", "take": "took taken", "give": "gave given", "make": "made", "say": "said says",
        "tell": "told", "come": "came", "go": "went gone", "find": "found", "hold": "held",
        "meet": "met", "pay": "paid", "run": "ran", "send": "sent", "spend": "spent", "stand": "stood",
        "strike": "struck stricken", "bring": "brought", "buy": "bought", "begin": "began begun",
        "fall": "fell fallen",
        "win": "won", "lose": "lost", "shoot": "shot", "fight": "fought", "catch": "caught",
        "think": "thought",
        "know": "knew known", "see": "saw seen", "write": "wrote written", "rise": "rose risen",
        "drive": "drove driven",
        "choose": "chose chosen", "break": "broke broken", "speak": "spoke spoken", "keep": "kept",
        "fly": "flew flown",
        "grow": "grew grown", "throw": "threw thrown", "build": "built", "sell": "sold", "seek": "sought",
        "teach": "taught", "hear": "heard", "feel": "felt", "flee": "fled", "wear": "wore worn",
        "steal": "stole stolen",
        "hide": "hid hidden", "sink": "sank sunk", "swim": "swam", "bite": "bitten", "freeze": "froze frozen",
    }.items()
    for form in forms.split()
}  # fmt: skip


def content_words(text: str) -> list[str]:
    """Lower-case tokens of ``text`` without stopwords and one-character tokens."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def content_stems(text: str) -> list[str]:
    """Stems of :func:`content_words`."""
    return [stem(t) for t in content_words(text)]
