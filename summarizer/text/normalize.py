"""Normalised copies of a text with an offset map back to it: the one normaliser that alignment and quote checks use.

Owns :class:`NormalizedText`: whitespace runs folded to one space, curly quotation marks to straight ones and, when
asked, dashes to "-", "…" to "...", zero-width characters dropped and case folded. ``index[i]`` is the offset in the
original text of normalised character ``i``, so a match found in the normalised copy maps back to a span of the text
exactly as stored (:meth:`NormalizedText.original`).
"""

from __future__ import annotations

from dataclasses import dataclass

QUOTE_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
"""Curly and typographic quotation marks -> straight ones."""

PRIME_FOLD = {"\u2032": "'", "\u2033": '"'}
DASH_FOLD = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
_ZERO_WIDTH = frozenset("\u00ad\u200b\u200c\u200d\ufeff")  # soft hyphen and zero-width characters

# The characters that a case-insensitive regex matches to an ASCII letter but whose lower case is not that letter:
# "İ" (lower case "i̇"), the dotless "ı", the long "ſ" and the Kelvin sign (checked over all of Unicode).
_IGNORECASE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
IGNORECASE_ODD = ("\u0130", "\u0131", "\u017f", "\u212a")


def caseless(text: str) -> str:
    """``text`` lower-cased for substring tests that stand in for a case-insensitive regex: a lower-case ASCII word
    that an ``re.IGNORECASE`` pattern matches somewhere in ``text`` is a substring of ``caseless(text)``. Used to skip
    a pattern scan when a word every match contains is absent. Not an offset-preserving normalisation."""
    if text.isascii() or not any(ch in text for ch in IGNORECASE_ODD):
        return text.lower()  # the same string, without translate's per-character table lookups
    return text.translate(_IGNORECASE_FOLD).lower()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of a text and, for each of its characters, the offset of the original character."""

    text: str
    index: list[int]

    @classmethod
    def of(cls, text: str, *, full: bool = True) -> NormalizedText:
        """Normalise ``text``. ``full`` (alignment): also dashes, primes, ellipses, zero-width characters and case,
        leading/trailing whitespace dropped. ``full=False`` (verbatim quote checks): whitespace and quotation marks
        only, every whitespace run kept as one space."""
        fold = {**QUOTE_FOLD, **PRIME_FOLD, **DASH_FOLD} if full else QUOTE_FOLD
        out: list[str] = []
        index: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if not in_space and (out or not full):
                    out.append(" ")
                    index.append(i)
                in_space = True
                continue
            in_space = False
            if full:
                if ch == "\u2026":  # ellipsis -> "..." (three normalised chars, one original)
                    out.extend("...")
                    index.extend((i, i, i))
                    continue
                if ch in _ZERO_WIDTH:
                    continue
                ch = fold.get(ch, ch)
                low = ch.lower()
                out.append(low if len(low) == 1 else ch)
            else:
                out.append(fold.get(ch, ch))
            index.append(i)
        if full and out and out[-1] == " ":
            out.pop()
            index.pop()
        return cls("".join(out), index)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)`` (``end > start``)."""
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str) -> str:
    """The full normalised form of ``text`` (whitespace, quote marks, dashes, case folded)."""
    return NormalizedText.of(text).text
