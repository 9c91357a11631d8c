"""Names of people, places and organisations: normalise, compare and find them, tolerant of spelling variants.

Owns :func:`name_key` (a comparable form: case, diacritics, hyphens, Arabic articles "al-"/"el-" and titles
folded away), :func:`name_similarity` (0..1), :func:`same_name` and :func:`find_name` (occurrences of a name or its
variants in a text, with offsets into the text as given).

Two names are the same when every distinctive word of the shorter one matches a word of the longer one (allowing
transliteration variants: "Asad"/"Assad", "Suleimani"/"Soleimani") and the shorter one keeps the longer one's head
word (the surname, or a place's proper name): "Ryder" is "Maj. Gen. Pat Ryder", "Al-Asad air base" is "Ain al-Asad",
but "Ain Zalah" is not "Ain al-Asad". Common news acronyms ("U.S.", "Centcom", "IRGC") come from a small alias table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from summarizer.text.regex import lazy_compile
from summarizer.text.segment import tokens

__all__ = [
    "ALIASES",
    "AnalysedName",
    "alias_phrases",
    "analyse_name",
    "analysed_same_name",
    "find_name",
    "name_key",
    "name_similarity",
    "same_name",
    "spelling_keys",
]

# Each group lists spellings of one name; the first is the canonical form. Keep it general: common news acronyms.
ALIASES: tuple[tuple[str, ...], ...] = (
    ("united states", "us", "u.s.", "usa", "u.s.a.", "america", "united states of america"),
    ("united kingdom", "uk", "u.k.", "britain", "great britain"),
    ("united nations", "un", "u.n."),
    ("european union", "eu", "e.u."),
    ("central command", "centcom", "us central command", "u.s. central command", "united states central command"),
    (
        "islamic revolutionary guard corps",
        "irgc",
        "revolutionary guards",
        "revolutionary guard corps",
        "revolutionary guards corps",
        "islamic revolutionary guards corps",
    ),
    ("islamic state", "isis", "isil", "is", "daesh", "islamic state group", "islamic state of iraq and syria"),
    ("department of defense", "pentagon", "defense department", "dod", "us department of defense"),
    ("department of state", "state department"),
    ("north atlantic treaty organization", "nato"),
    ("israel defense forces", "idf", "israeli military", "israeli army", "israel defence forces"),
    ("federal bureau of investigation", "fbi"),
    ("central intelligence agency", "cia"),
    ("world health organization", "who"),
    ("united arab emirates", "uae"),
    ("associated press", "ap"),
    ("agence france-presse", "afp", "agence france presse"),
    ("british broadcasting corporation", "bbc"),
    ("european central bank", "ecb"),
    ("international monetary fund", "imf"),
    ("new york police department", "nypd"),
    ("democratic republic of the congo", "drc", "dr congo"),
    ("people's republic of china", "prc", "china"),
    ("democratic people's republic of korea", "dprk", "north korea"),
    ("white house", "the white house"),
    ("hezbollah", "hizbollah", "hizballah", "hizbullah"),
    ("kata'ib hezbollah", "kataib hezbollah", "kh"),  # "KH" is the usual abbreviation in wire copy
)

_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady gen general maj major col colonel lt lieutenant capt captain sgt
    sergeant adm admiral cmdr commander brig brigadier marine president vice prime minister secretary gov governor
    sen senator rep representative rev reverend sheikh sheik ayatollah imam king queen prince princess pope judge
    justice chief spokesman spokeswoman spokesperson press foreign defense defence interior state army air force
    the former late deputy acting
    """.split()
)
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ath", "adh", "ul", "l"})
_GENERIC = frozenset(
    """
    base airbase airfield airport camp city town village province governorate district region neighborhood
    neighbourhood area county
    """.split()
)
_CONNECTORS = frozenset({"al", "el", "ad", "bin", "ibn", "bint", "abu", "of", "de", "la", "du", "van", "von", "der",
                         "da", "di", "and", "the"})  # fmt: skip

_WORD_RE = lazy_compile(r"[A-Za-z\u00C0-\u024F0-9][A-Za-z\u00C0-\u024F0-9'’.]*(?:-[A-Za-z\u00C0-\u024F0-9'’.]+)*")


_ACRONYM = lazy_compile(r"\b((?:[a-z]\.){2,})")
_NON_WORD = lazy_compile(r"[^a-z0-9']+")
_DOUBLED = lazy_compile(r"(.)\1+")
_VOWEL = lazy_compile(r"[aeiou]")
_DOTTED = lazy_compile(r"(?:[A-Za-z]\.){2,}")
_POSSESSIVE = lazy_compile(r"['’]s$")


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose, no curly apostrophe
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("’", "'")


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in ALIASES:
        for spelling in group:
            index[_plain(spelling)] = group[0]
    return index


@lru_cache(maxsize=1)
def alias_phrases() -> dict[tuple[str, ...], str]:
    """Each spelling of the alias table as the word tokens :func:`~summarizer.text.segment.tokens` reads it
    (("u.s",), ("us",), ("united", "states"), ...) -> its group's canonical form ("united states"), so that a
    statement's words can name one participant once, however it is spelled. Spellings that are also common
    lower-case words ("us", "who", "is") are for the caller to take only where written as a name."""
    out: dict[tuple[str, ...], str] = {}
    for group in ALIASES:
        for spelling in group:
            for form in (spelling, spelling.replace(".", ""), spelling.removeprefix("the ")):
                key = tuple(tokens(form))
                if key:
                    out.setdefault(key, group[0])
    return out


def _plain(text: str) -> str:
    """Lower-case, diacritics off, dots in acronyms dropped, punctuation to spaces, spaces collapsed."""
    t = _fold(text)
    t = _ACRONYM.sub(lambda m: m.group(1).replace(".", ""), t)
    t = _NON_WORD.sub(" ", t).replace("'", "")
    return " ".join(t.split())


def _canonical(text: str) -> str:
    return _canonical_of_plain(_plain(text))


def _canonical_of_plain(plain: str) -> str:
    plain = plain[4:] if plain.startswith("the ") else plain
    return _alias_index().get(plain, plain)


_PREPOSITIONS = frozenset({"of", "in", "for", "on", "at", "to", "from", "against"})


def _parts(name: str) -> tuple[tuple[str, ...], int]:
    """The distinctive words of a name (no titles, Arabic articles, connectors or generic place words) and the index
    of its head word: the last word, or the last before a preposition ("Islamic *Resistance* in Iraq")."""
    return _parts_of(_canonical(name))


def _parts_of(canonical: str) -> tuple[tuple[str, ...], int]:
    words = [w for w in canonical.split() if w not in _ARTICLES]
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    prep = next((i for i, w in enumerate(words) if i > 0 and w in _PREPOSITIONS), None)
    core: list[str] = []
    head = -1
    for i, w in enumerate(words):
        if w in _GENERIC or w in _CONNECTORS or w in _PREPOSITIONS:
            continue
        if w == "air" and i + 1 < len(words) and words[i + 1] in _GENERIC:
            continue
        core.append(w)
        if prep is None or i < prep:
            head = len(core) - 1
    if not core:
        return tuple(words), len(words) - 1
    return tuple(core), head


def _words(name: str) -> tuple[str, ...]:
    return _parts(name)[0]


def name_key(name: str) -> str:
    """A normalised comparable form of ``name``: alias-resolved, lower-case, no diacritics, hyphens, "al-"/"el-",
    titles or generic place words ("Maj. Gen. Pat Ryder" -> "pat ryder", "Ain al-Asad Air Base" -> "ain asad")."""
    return " ".join(_words(name))


def _skeleton(word: str) -> str:
    """A transliteration-tolerant form: doubled letters collapsed, common vowel spellings folded."""
    w = word
    for a, b in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ie", "i"), ("ph", "f"), ("q", "k"),
                 ("ck", "k"), ("y", "i"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("aa", "a")):  # fmt: skip
        w = w.replace(a, b)
    return _DOUBLED.sub(_group_one, w)


def _group_one(m: re.Match[str]) -> str:
    """A match's first group: the replacement ``r"\\1"`` makes, without re.sub expanding a template each call."""
    return m[1]


_VOWELS = lazy_compile(r"[aeiou]+")


@lru_cache(maxsize=65536)
def spelling_keys(name: str) -> tuple[str, ...]:
    """Transliteration-tolerant keys of a name's distinctive words, for indexing and term vectors: the words of
    :func:`name_key` (aliases resolved, titles dropped) with spelling variants folded as in the name comparison
    (doubled letters, "ou"/"u", "q"/"k" ...) and every run of vowels written "a": "Qassem Soleimani" and "Qasem
    Suleimani" both give ``("kasam", "salamana")``, "Solomon" gives ``("salaman",)``. Words whose key is shorter
    than three letters give none."""
    keys = []
    for word in name_key(name).split():
        key = _VOWELS.sub("a", _skeleton(word))
        if len(key) >= 3:
            keys.append(key)
    return tuple(keys)


def _word_score(a: str, b: str, sa: str, sb: str) -> float:
    """Similarity of two name words given their skeletons (:func:`_skeleton`)."""
    if a == b:
        return 1.0
    if sa == sb:
        return 0.97
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < 4:
        return 0.0
    ca, cb = _VOWEL.sub("", sa), _VOWEL.sub("", sb)
    if ca == cb and len(ca) >= 4 and sa[0] == sb[0]:
        return 0.9  # "Mohammed"/"Muhammad", "Hassan"/"Hasan"
    from rapidfuzz import fuzz  # imported here: a run served from the result cache compares no names

    score = fuzz.ratio(sa, sb) / 100.0
    if sa[0] != sb[0]:
        score -= 0.15
    return score if score >= 0.8 else 0.0


def _match(short: _Name, long: _Name) -> float:
    """How well every word of ``short`` matches a distinct word of ``long``, keeping ``long``'s head word."""
    if not short.words or not long.words:
        return 0.0
    used: set[int] = set()
    total = 0.0
    for w, sw in zip(short.words, short.skeletons, strict=True):
        best, best_i = 0.0, -1
        for i, (v, sv) in enumerate(zip(long.words, long.skeletons, strict=True)):
            if i in used:
                continue
            s = _word_score(w, v, sw, sv)
            if s > best:
                best, best_i = s, i
        if best == 0.0:
            return 0.0
        used.add(best_i)
        total += best
    if len(short.words) < len(long.words) and long.head not in used:
        return 0.0  # "Mohammed" is not "Mohammed Shia al-Sudani"; "Sudani" is
    score = total / len(short.words)
    if len(short.words) < len(long.words):
        score *= 0.95
    return score


@dataclass(frozen=True, slots=True)
class _Name:
    """A name analysed for comparison: its canonical form, distinctive words, head word and word skeletons."""

    canonical: str
    words: tuple[str, ...]
    head: int
    skeletons: tuple[str, ...]


def _analyse(name: str, skeletons: dict[str, str] | None = None) -> _Name:
    """``name`` analysed; ``skeletons`` (word -> skeleton) saves recomputing the words' skeletons within one search."""
    return _analysed(_canonical(name), skeletons)


def _analysed(canonical: str, skeletons: dict[str, str] | None = None) -> _Name:
    words, head = _parts_of(canonical)
    if skeletons is None:
        return _Name(canonical, words, head, tuple(_skeleton(w) for w in words))
    sk = []
    for w in words:
        s = skeletons.get(w)
        if s is None:
            s = skeletons[w] = _skeleton(w)
        sk.append(s)
    return _Name(canonical, words, head, tuple(sk))


def _similarity(a: _Name, b: _Name) -> float:
    if a.canonical == b.canonical or a.words == b.words:
        return 1.0
    if len(a.words) > len(b.words):
        a, b = b, a
    return round(_match(a, b), 4)


AnalysedName = _Name
"""A name analysed for comparison (:func:`analyse_name`)."""


def analyse_name(name: str) -> AnalysedName:
    """``name`` analysed once for several comparisons (:func:`analysed_same_name`): its canonical form, distinctive
    words, head word and their skeletons."""
    return _analyse(name)


def analysed_same_name(a: AnalysedName, b: AnalysedName) -> bool:
    """:func:`same_name` of two names analysed with :func:`analyse_name`."""
    return _similarity(a, b) >= SAME_NAME_THRESHOLD


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1]: 1.0 for the same name or an alias, about 0.9 for a partial name or a
    transliteration variant, 0.0 when a distinctive word differs."""
    if a == b:
        return 1.0  # what the comparison of a name with itself gives (one canonical form), without analysing it twice
    return _similarity(_analyse(a), _analyse(b))


SAME_NAME_THRESHOLD = 0.85


def same_name(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name the same person, place or organisation (see :func:`name_similarity`)."""
    return name_similarity(a, b) >= SAME_NAME_THRESHOLD


def _is_cap(word: str) -> bool:
    if word[:1].isupper():
        return True  # its first hyphen part is capitalised
    if "-" in word and any(p[:1].isupper() for p in word.split("-") if p):
        return True
    return word.lower() in {"al", "el"}


def _chunks(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (with name connectors inside) as lists of word spans."""
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    last_end = -1
    for m in _WORD_RE.finditer(text):
        word = m.group(0)
        # only a word ending in "s", "." or an apostrophe can lose a possessive or a trailing period
        if word[-1] in "s.'’" and not _DOTTED.fullmatch(word):
            word = _POSSESSIVE.sub("", word).rstrip(".'’")
        s, e = m.start(), m.start() + len(word)
        gap = text[last_end:s] if last_end >= 0 else " "
        if cur and (gap.strip(" \u00a0") != "" or "\n" in gap):
            runs.append(cur)
            cur, pending = [], []
        if _is_cap(word):
            cur.extend(pending)
            pending = []
            cur.append((s, e))
        elif cur and (word.lower() in _CONNECTORS or word.lower() in _PREPOSITIONS):
            pending.append((s, e))
        else:
            if cur:
                runs.append(cur)
            cur, pending = [], []
        last_end = e if word == m.group(0) else m.end()
        if word != m.group(0) and cur:  # sentence-final period or possessive closes the run
            runs.append(cur)
            cur, pending = [], []
    if cur:
        runs.append(cur)
    return runs


_GENERIC_TAIL_WORDS = ("base", "airbase", "airport", "airfield", "province", "governorate", "district")
_GENERIC_TAIL = lazy_compile(
    r"[ \u00a0](?:air[ \u00a0]base|airbase|base|airport|airfield|province|governorate|district)\b"
)


def _near(word: str, name: _Name, skeletons: dict[str, str], seen: dict[str, bool]) -> bool:
    """Whether ``word`` (a plain word) scores above 0 against a word of ``name`` (:func:`_word_score`, symmetric);
    ``skeletons`` and ``seen`` keep what one search has worked out."""
    near = seen.get(word)
    if near is None:
        sk = skeletons.get(word)
        if sk is None:
            sk = skeletons[word] = _skeleton(word)
        pairs = zip(name.words, name.skeletons, strict=True)
        near = seen[word] = any(_word_score(w, word, sw, sk) > 0 for w, sw in pairs)
    return near


_NOT_FIRST = (_CONNECTORS | _PREPOSITIONS) - {"al", "el"}  # a window of a run never starts with these words
_NOT_LAST = _CONNECTORS | _PREPOSITIONS  # nor ends with these


def find_name(name: str, text: str, *, threshold: float = SAME_NAME_THRESHOLD) -> list[tuple[int, int, float]]:
    """Occurrences of ``name`` or a variant of it in ``text`` as ``(start, end, score)``, best window per run of
    capitalised words, sorted by start. ``text[start:end]`` is the name as written there. Never raises."""
    skeletons: dict[str, str] = {}
    wanted = _analyse(name, skeletons)
    target = wanted.words
    if not target:
        return []
    out: list[tuple[int, int, float]] = []
    max_len = len(target) + 3
    near: dict[str, bool] = {}  # plain word -> whether it is near a word of the name (_word_score > 0)
    for run in _chunks(text):
        found: list[tuple[int, int, float]] = []
        lows = [text[s:e].lower() for s, e in run]
        # A run's words are separated by spaces only, so a window's plain form is its words' plain forms joined
        # (see _plain: case, diacritics and punctuation are folded word by word); each word is folded once.
        plains = [_plain(text[s:e]) for s, e in run]
        # Whether each word of the run has a plain word near one of the name's. A window none of whose words has
        # one scores 0 (the first word of the shorter name matches nothing) unless the alias table rewrites it:
        # its distinctive words are then among its plain words, so it is not analysed.
        has_near = [any(_near(w, wanted, skeletons, near) for w in p.split()) for p in plains]
        for i in range(len(run)):
            if lows[i] in _NOT_FIRST:
                continue
            for j in range(i, min(len(run), i + max_len)):
                if lows[j] in _NOT_LAST:
                    continue
                s, e = run[i][0], run[j][1]
                plain = " ".join(p for p in plains[i : j + 1] if p)
                canonical = _canonical_of_plain(plain)
                if threshold > 0 and not any(has_near[i : j + 1]) and canonical == plain.removeprefix("the "):
                    continue
                score = _similarity(wanted, _analysed(canonical, skeletons))
                if score >= threshold:
                    found.append((s, e, score))
        # the best windows of the run that do not overlap: highest score first, then the longest
        for s, e, score in sorted(found, key=lambda w: (-w[2], w[0] - w[1])):
            tail = _GENERIC_TAIL.match(text, e)
            if tail and not text[s:e].endswith(tuple(_GENERIC_TAIL_WORDS)):
                e = tail.end()
            if all(e <= a or b <= s for a, b, _ in out):
                out.append((s, e, score))
    return sorted(out)
