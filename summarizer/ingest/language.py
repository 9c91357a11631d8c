"""What language and script an article is written in, and why nothing could be said about it.

The local engine reads English; its extraction and checks lean on English words, capitals and punctuation. This
module owns the cheap, dependency-free detection that lets the pipeline say so instead of returning a silent empty
brief:

* :func:`detect_language` -- the dominant script of the letters (Latin, Han, Kana, Hangul, Arabic, Cyrillic...) and,
  for Latin script, the language whose common function words cover the text best (en, fr, de, es, it, pt, nl).
  Returns a :class:`LanguageGuess` (code, script, share of letters in that script, and whether it was a guess).
* :func:`nothing_said_reason` -- why an article yielded no statement: a language or script the engine cannot read,
  a headline without article text, or no complete sentence.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from summarizer.text.regex import lazy_compile

__all__ = ["LanguageGuess", "detect_language", "nothing_said_reason"]

_SAMPLE = 20000

# Script (first word of the Unicode character name) -> (language code when the script settles it, script label).
_SCRIPTS: dict[str, tuple[str | None, str]] = {
    "LATIN": (None, "Latin"),
    "CJK": ("zh", "Han"),
    "HIRAGANA": ("ja", "Japanese kana"),
    "KATAKANA": ("ja", "Japanese kana"),
    "HANGUL": ("ko", "Hangul"),
    "ARABIC": ("ar", "Arabic"),
    "HEBREW": ("he", "Hebrew"),
    "CYRILLIC": ("ru", "Cyrillic"),
    "GREEK": ("el", "Greek"),
    "DEVANAGARI": ("hi", "Devanagari"),
    "THAI": ("th", "Thai"),
    "BENGALI": ("bn", "Bengali"),
    "TAMIL": ("ta", "Tamil"),
    "GEORGIAN": ("ka", "Georgian"),
    "ARMENIAN": ("hy", "Armenian"),
    "ETHIOPIC": ("am", "Ethiopic"),
}
_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "he": "Hebrew",
    "ru": "a Cyrillic-script language",
    "el": "Greek",
    "hi": "Hindi",
    "th": "Thai",
    "bn": "Bengali",
    "ta": "Tamil",
    "ka": "Georgian",
    "hy": "Armenian",
    "am": "Amharic",
}
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that for was on with as by at from it said were has have are be".split()),
    "fr": frozenset("le la les des et est un une du en que qui dans pour sur pas au par avec ont été".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für im dem wurde".split()),
    "es": frozenset("el la los las de y que en un una es por con para del se al como fue han".split()),
    "it": frozenset("il la di che e è un una per non con del della sono nel alla gli le ha".split()),
    "pt": frozenset("o a os as de que e do da em um uma para com não por foi dos das ao".split()),
    "nl": frozenset("de het een en van is dat op te in niet met zijn voor werd door aan ook".split()),
}
# Each function word -> the languages whose list holds it (in the order of _FUNCTION_WORDS), to score a text's words
# in one pass over those of them that are function words.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _LANGUAGES_OF[_w] = (*_LANGUAGES_OF.get(_w, ()), _lang)
_ANY_FUNCTION_WORD = frozenset(_LANGUAGES_OF)
_WORD = lazy_compile(r"[^\W\d_]+")
_ASCII_WORD = lazy_compile(r"[a-z]+")  # what _WORD finds in a lower-case ASCII text, found faster
_NOT_ASCII_LETTER_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_ASCII_LETTER = lazy_compile(r"[A-Za-z]")
_NON_ASCII = lazy_compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class LanguageGuess:
    """``code`` is an ISO 639-1 code or None when unknown; ``share`` the fraction of letters in ``script``."""

    code: str | None
    script: str
    share: float
    name: str

    @property
    def english(self) -> bool:
        return self.code == "en"

    @property
    def latin(self) -> bool:
        return self.script == "Latin"


def detect_language(text: str) -> LanguageGuess:
    """The dominant script of ``text``'s letters and, for Latin script, the most likely language."""
    sample = text[:_SAMPLE]
    counts = _script_counts(sample)
    letters = sum(counts.values())
    if not letters:
        return LanguageGuess(None, "none", 0.0, "no letters")
    top, n = max(counts.items(), key=lambda kv: kv[1])
    share = n / letters
    if top == "OTHER":
        return LanguageGuess(None, "unknown", share, "an unrecognised script")
    code, script = _SCRIPTS[top]
    if top in ("HIRAGANA", "KATAKANA") or (top == "CJK" and counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)):
        code, script = "ja", "Japanese"
    if code is None:
        code = _latin_language(sample)
    return LanguageGuess(code, script, round(share, 3), _NAMES.get(code or "", "an unidentified language"))


def _script_counts(sample: str) -> dict[str, int]:
    """Letters of ``sample`` per script key (the first word of the character's Unicode name, "OTHER" for scripts not
    in :data:`_SCRIPTS`), keyed in the order the scripts first occur (which breaks a tie between two scripts).

    ASCII letters (all Latin) are counted in one pass; the other characters are looked up once per distinct
    character."""
    # the ASCII letters, counted in the UTF-8 bytes (every other character's bytes are outside A-Z and a-z)
    ascii_letters = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTER_BYTES))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    if ascii_letters:
        counts["LATIN"] = ascii_letters
        first["LATIN"] = _ASCII_LETTER.search(sample).start()  # type: ignore[union-attr]
    if sample.isascii():
        return counts
    for ch, n in Counter(_NON_ASCII.findall(sample)).items():
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        key = name.split(" ", 1)[0] if name else "OTHER"
        if key not in _SCRIPTS:
            key = "OTHER"
        counts[key] = counts.get(key, 0) + n
        first[key] = min(first.get(key, len(sample)), sample.index(ch))
    return {key: counts[key] for key in sorted(counts, key=first.__getitem__)}


def _latin_language(sample: str) -> str | None:
    # lower-casing first finds the same words, lower-cased, except around "İ" (whose lower case is two characters)
    if sample.isascii():  # an ASCII letter is the only letter, and lower-casing keeps it one
        found = _ASCII_WORD.findall(sample.lower())
    elif "\u0130" not in sample:
        found = _WORD.findall(sample.lower())
    else:
        found = list(map(str.lower, _WORD.findall(sample)))
    words = Counter(found)
    n_words = words.total()
    if n_words < 5:
        return None
    # each language's count of its function words, summed over the text's function words
    scores = dict.fromkeys(_FUNCTION_WORDS, 0)
    for w in _ANY_FUNCTION_WORD.intersection(words):
        n = words[w]
        for lang in _LANGUAGES_OF[w]:
            scores[lang] += n
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < max(2, n_words // 50):
        return None
    return best


def nothing_said_reason(text: str, sentences: int) -> str:
    """Why an article of ``sentences`` sentences yielded no statement, in words for the brief's warnings."""
    guess = detect_language(text)
    if guess.script not in ("Latin", "none") and guess.share >= 0.5:
        return (
            f"it is written in {guess.name} ({guess.script} script), which the local engine cannot read; "
            "use the LLM engine (--model) for it"
        )
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) <= 1 and sentences <= 1:
        return "it holds only a headline or a single line, no article text"
    if sentences == 0:
        return "no complete sentence was found in it"
    if guess.code not in (None, "en"):
        return f"it appears to be in {guess.name}; the local engine reads English"
    return "none of its sentences states a checkable fact (who did what, when, how many)"
