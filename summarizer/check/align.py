"""The ``align`` stage: map a quoted piece of evidence to character offsets in a source text.

Three passes, first hit wins:

1. **exact** -- the quote occurs verbatim (the occurrence nearest to ``hint`` when there are several);
2. **normalized** -- equal after folding whitespace runs, curly quotes, dashes, ellipses and case. The search runs on
   a normalised copy with an index map back to the original (:mod:`summarizer.text.normalize`), so the span returned
   always indexes the text as stored;
3. **fuzzy** -- rapidfuzz's best partial alignment on the normalised copy, accepted above ``min_score`` and widened to
   whole words.

The result is data (:class:`~summarizer.models.Alignment`): status, span and score. Both engines use this stage.
"""

from __future__ import annotations

import bisect

from rapidfuzz import fuzz

from summarizer.models import Alignment, AlignmentStatus, Span
from summarizer.text.normalize import NormalizedText, normalize

__all__ = ["DEFAULT_MIN_SCORE", "Aligner", "NormalizedText", "align", "normalize"]

DEFAULT_MIN_SCORE = 85.0


def _nearest(positions: list[int], hint: int | None) -> int:
    if hint is None or len(positions) == 1:
        return positions[0]
    return min(positions, key=lambda p: abs(p - hint))


def _find_all(haystack: str, needle: str, limit: int = 64) -> list[int]:
    out: list[int] = []
    i = haystack.find(needle)
    while i != -1 and len(out) < limit:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


class Aligner:
    """Aligns many quotes against one source text (the normalised copy is built once)."""

    def __init__(self, text: str, source_id: str, *, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.text = text
        self.source_id = source_id
        self.min_score = min_score
        self._norm: NormalizedText | None = None

    @property
    def norm(self) -> NormalizedText:
        if self._norm is None:
            self._norm = NormalizedText.of(self.text)
        return self._norm

    def _span(self, start: int, end: int) -> Span:
        return Span(source=self.source_id, start=start, end=end, quote=self.text[start:end])

    def align(self, quote: str, *, hint: int | None = None, fuzzy: bool = True) -> Alignment:
        """Locate ``quote``; ``hint`` is an offset near which to prefer an occurrence."""
        stripped = quote.strip()
        if not stripped:
            return Alignment(query=quote, status=AlignmentStatus.NOT_FOUND, reason="empty quote")
        hits = _find_all(self.text, stripped)
        if hits:
            start = _nearest(hits, hint)
            return Alignment(
                query=quote,
                status=AlignmentStatus.EXACT,
                span=self._span(start, start + len(stripped)),
                score=100.0,
            )
        nq = normalize(stripped)
        if not nq:
            return Alignment(query=quote, status=AlignmentStatus.NOT_FOUND, reason="quote has no text")
        norm = self.norm
        hits = _find_all(norm.text, nq)
        if hits:
            nhint = None if hint is None else self._norm_offset(hint)
            ns = _nearest(hits, nhint)
            start, end = norm.original(ns, ns + len(nq))
            return Alignment(query=quote, status=AlignmentStatus.NORMALIZED, span=self._span(start, end), score=100.0)
        if fuzzy and norm.text:
            return self._fuzzy(quote, nq)
        return Alignment(query=quote, status=AlignmentStatus.NOT_FOUND, reason="not found verbatim or normalised")

    def _norm_offset(self, original: int) -> int:
        return bisect.bisect_left(self.norm.index, original)

    def _fuzzy(self, quote: str, nq: str) -> Alignment:
        norm = self.norm
        res = fuzz.partial_ratio_alignment(nq, norm.text, score_cutoff=self.min_score)
        if res is None or res.dest_end <= res.dest_start:
            best = fuzz.partial_ratio(nq, norm.text)
            return Alignment(
                query=quote,
                status=AlignmentStatus.NOT_FOUND,
                score=float(best),
                reason=f"best fuzzy match scored {best:.0f} < {self.min_score:.0f}",
            )
        ns, ne = res.dest_start, res.dest_end
        # Widen to whole words so that the span never starts or ends inside a word.
        t = norm.text
        while ns > 0 and t[ns - 1].isalnum() and t[ns].isalnum():
            ns -= 1
        while ne < len(t) and t[ne - 1].isalnum() and t[ne].isalnum():
            ne += 1
        while ns < ne and t[ns] == " ":
            ns += 1
        while ne > ns and t[ne - 1] == " ":
            ne -= 1
        start, end = norm.original(ns, ne)
        return Alignment(query=quote, status=AlignmentStatus.FUZZY, span=self._span(start, end), score=float(res.score))


def align(
    quote: str,
    text: str,
    source_id: str,
    *,
    hint: int | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    fuzzy: bool = True,
) -> Alignment:
    """Locate ``quote`` in ``text`` (exact, then normalised, then fuzzy). Never raises for a missing quote.

    Returns:
        An :class:`Alignment`; ``alignment.span`` satisfies ``text[span.start:span.end] == span.quote``.
    """
    return Aligner(text, source_id, min_score=min_score).align(quote, hint=hint, fuzzy=fuzzy)
