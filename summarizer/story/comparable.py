"""When two counts are comparable: the same scope (place, who) and the same time frame.

Owns :func:`count_scope` and its result :class:`Scope`, which :mod:`summarizer.story.conflicts` reads before it
compares two sources' figures for the same counted thing. A figure's scope has three parts, each None when the
sentence does not state it:

* ``frame`` -- the period the figure is about: the resolved date nearest to the figure in its sentence, as the one
  date resolver (:mod:`summarizer.text.dates`, through the fact's ``when``) gives it, with its precision: a day
  ("on Tuesday"), a week ("this week", "last week"), a month ("in October", "last month") or a year. A date in a
  clause that only reports the statement ("the department said on Friday", "according to a report released
  Friday") is when it was said, not what it counts, and is left out;
* ``place`` -- the place a count is of ("in Carver County", "at St. Mark's Church"): ``("named", key)`` for a named
  place, ``("site", key)`` for one building or site (a church, a hotel, a school...), which is always a part of an
  event's total;
* ``subject`` -- who adds or cuts what is counted ("health care providers added 52,000 jobs"): the head of the
  subject, with the whole economy ("employers", "the economy", "U.S. payrolls") as one class.

Two counts are compared only when each part is equal; an unknown part takes the value the other sources state only
when they all state the same one and none of them states both (:func:`comparable_groups`), otherwise counts of unknown
scope are compared only with each other; a count without a place never stands against a count of one site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from summarizer.models import Fact, Figure, Span, When
from summarizer.text.months import MONTH_NAMES, WEEKDAY_NAMES
from summarizer.text.numbers import singular
from summarizer.text.regex import lazy_compile

__all__ = ["Frame", "Scope", "comparable_groups", "count_scope", "frame_label", "frames_of", "reporting_date"]

Frame = tuple[str, dt.date | str]
"""(precision, date): ("day", 2025-03-11), ("week", its Monday), ("month", its 1st); an expression the resolver
cannot date (no publication date) is its own words: ("as written", "september")."""
Place = tuple[str, str]  # ("named", "carver county") or ("site", "st. mark's church")


@dataclass(frozen=True)
class Scope:
    """What a figure counts beyond its noun: the period, the place and the subject (None: not stated)."""

    frame: Frame | None = None
    place: Place | None = None
    subject: str | None = None


_REPORTING = lazy_compile(
    r"\b(?:said|says|told|tells|announced|announces|reported|reports|stated|confirmed|released|published|"
    r"according\s+to|in\s+a\s+statement)\b",
    re.IGNORECASE,
)
_DATELINE = lazy_compile(r"\s*[A-Z][A-Z .'’-]{1,40}(?:\([^()]{1,30}\))?,\s*$")
_CLAUSE_SEP = lazy_compile(r"[,;:]|\s[—–-]\s")
_SITE_NOUNS = frozenset(
    "church cathedral chapel mosque temple synagogue shrine hotel school university college hospital clinic market "
    "mall store shop restaurant cafe café bar club nightclub stadium station airport terminal building warehouse "
    "factory plant depot mine prison jail camp checkpoint embassy office bridge house home village".split()
)
_NOT_PLACES = frozenset(
    {n.lower() for n in (*MONTH_NAMES, *WEEKDAY_NAMES)}
    | {"easter", "christmas", "ramadan", "the", "a", "an", "one", "its", "their", "his", "her"}
)
_PLACE_PREP = lazy_compile(r"\b(?:in|at|outside|inside|near)\s+", re.IGNORECASE)
_MONTH_OR_DAY = frozenset(n.lower() for n in (*MONTH_NAMES, *WEEKDAY_NAMES))
_FRAME_FILLER = frozenset({"on", "in", "of", "the", "late", "early"})
_LEADING = frozenset({"the", "a", "an", "one", "single"})
_WHOLE_ECONOMY = frozenset(
    "employer economy nation country payroll business u.s. us america american private-sector".split()
)
_SUBJECT_SKIP = frozenset(
    "have has had also would will could to plans plan planned expects expected reportedly".split()
)
_PARTICLES = frozenset("back up out about some nearly roughly more than at least over around almost".split())
_ECONOMIC = frozenset({"added", "cut"})


def _positions(fact: Fact, text_of: str, evidence: Sequence[Span]) -> int:
    """Where ``text_of`` starts in ``fact.text``: from its span when the fact is its sentence's quote, else the first
    occurrence (-1 when absent)."""
    if evidence and fact.evidence:
        ev, sp = fact.evidence[0], evidence[0]
        if ev.source == sp.source and ev.start <= sp.start and sp.end <= ev.end and fact.text == ev.quote:
            return sp.start - ev.start
    return fact.text.find(text_of)


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_SEP.finditer(text, 0, pos)]
    after = _CLAUSE_SEP.search(text, pos)
    return (starts[-1] if starts else 0), (after.start() if after else len(text))


def reporting_date(fact: Fact, when: When) -> bool:
    """``when`` only dates the statement: it is the date of a dateline ("PORT AVERY, Oct 10 (Reuters) -"), or it sits
    in a clause that reports it ("..., the league said on Thursday", "according to a report released on Friday")
    and that reports nothing else (no figure)."""
    pos = _positions(fact, when.text, when.evidence)
    if pos < 0:
        return False
    if _DATELINE.match(fact.text[:pos]):
        return True  # "PORT AVERY, Oct 10 (National Press) -": the day the story was filed
    lo, hi = _clause_bounds(fact.text, pos)
    clause = fact.text[lo:hi]
    return bool(_REPORTING.search(clause)) and not re.search(r"\d", clause.replace(when.text, ""))


def _frame_of(when: When) -> Frame | None:
    if when.date is None:
        words = [w for w in re.findall(r"[a-z0-9]+", when.text.lower()) if w not in _FRAME_FILLER]
        return ("as written", " ".join(words)) if words and when.time is None else None
    precision = "day" if when.precision == "time" else when.precision
    if precision not in ("day", "week", "month", "year"):
        return None
    return precision, when.date


def _frame(fact: Fact, fig_pos: int) -> Frame | None:
    """The frame of the nearest date to the figure that is not a reporting date; a date of the figure's own clause
    wins over a nearer one of another clause; several periods in the figure's clause are a span (None)."""
    lo, _ = _clause_bounds(fact.text, fig_pos)
    best: tuple[int, int, Frame] | None = None
    own: set[Frame] = set()
    for w in fact.when:
        frame = _frame_of(w)
        if frame is None:
            continue
        pos = _positions(fact, w.text, w.evidence)
        if pos < 0:
            continue
        c_lo, c_hi = _clause_bounds(fact.text, pos)
        same_clause = c_lo == lo
        if not same_clause and _REPORTING.search(fact.text[c_lo:c_hi]):
            continue  # "..., the Labor Department said on Friday": when it was said
        if same_clause and _REPORTING.search(fact.text[max(c_lo, pos - 25) : pos]):
            continue  # "released on Friday" in the figure's own clause
        rank = (0 if same_clause else 1, abs(pos - fig_pos))
        if same_clause:
            own.add(frame)
        if best is None or rank < best[:2]:
            best = (*rank, frame)
    if best is None or (best[0] == 0 and len(own) > 1):
        return None  # "on Wednesday and Thursday": a span, not one period
    return best[2]


def _is_name(word: str) -> bool:
    return (word[:1].isupper() or bool(re.search(r"-[A-Z]", word))) and word.lower().strip(".") not in _NOT_PLACES


def _place_in(text: str) -> Place | None:
    """The first place phrase of ``text``: "in Carver County" (named), "outside one church", "at St. Mark's Church"
    (one site). Plural sites ("at three churches") are no single site and are skipped."""
    for m in _PLACE_PREP.finditer(text):
        words = re.findall(r"[\w'’.&-]+", text[m.end() : m.end() + 60])[:6]
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        names = []
        for w in words:
            if not _is_name(w):
                break
            names.append(w.lower().rstrip(".") if w.endswith(".") and len(w) > 3 else w.lower())
        following = words[len(names)].lower().rstrip(".") if len(words) > len(names) else ""
        if names:
            if following in _SITE_NOUNS:
                return ("site", " ".join([*names, following]))
            return ("site" if names[-1] in _SITE_NOUNS else "named", " ".join(names))
        if following in _SITE_NOUNS:  # "outside the church", "at a hotel"
            return ("site", following)
    return None


def _place(fact: Fact, fig_pos: int, fig_end: int) -> Place | None:
    lo, hi = _clause_bounds(fact.text, fig_pos)
    after = fact.text[fig_end:hi]
    return _place_in(after) or _place_in(fact.text[lo:fig_pos])


def _subject(fact: Fact, fig_pos: int, predicate: str) -> str | None:
    """The head of the subject before an economic verb ("Retailers shed 8,000 jobs" -> "retailer")."""
    if predicate not in _ECONOMIC:
        return None
    lo, _ = _clause_bounds(fact.text, fig_pos)
    words = re.findall(r"[A-Za-z][\w.'’-]*", fact.text[lo:fig_pos])
    if len(words) < 2:
        return None
    while words and words[-1].lower() in _PARTICLES:
        words = words[:-1]
    words = words[:-1]  # the verb itself
    while words and words[-1].lower() in _SUBJECT_SKIP:
        words = words[:-1]
    if not words:
        return None
    head = singular(words[-1].lower().rstrip("."))
    if head in {"it", "they", "he", "she", "we", "which", "who", "that"}:
        return None
    return "the economy" if head in _WHOLE_ECONOMY or words[-1].lower() in _WHOLE_ECONOMY else head


def count_scope(fact: Fact, figure: Figure, predicate: str) -> Scope:
    """The scope of ``figure`` in ``fact`` (counted with the outcome ``predicate``, e.g. "killed", "added")."""
    pos = _positions(fact, figure.text, figure.evidence)
    if pos < 0:
        return Scope()
    end = pos + len(figure.text)
    return Scope(frame=_frame(fact, pos), place=_place(fact, pos, end), subject=_subject(fact, pos, predicate))


T = TypeVar("T")


def _settle(
    items: list[tuple[T, Scope]],
    part: str,
    joins: Callable[[str, Hashable], bool],
    source_of: Callable[[T], str],
) -> list[tuple[T, Scope]]:
    """Give an unknown ``part`` the one value the others state, when ``joins(source, value)`` allows it for every
    unknown one and no source states both that value and an unknown one (a source that dates one figure "in March"
    and not another tells them apart); otherwise the unknown ones stay a group of their own."""
    known = {getattr(s, part) for _, s in items if getattr(s, part) is not None}
    if len(known) != 1:
        return items
    value = next(iter(known))
    with_value = {source_of(x) for x, s in items if getattr(s, part) is not None}
    without = {source_of(x) for x, s in items if getattr(s, part) is None}
    if with_value & without or not all(joins(src, value) for src in without):
        return items
    return [(x, s if getattr(s, part) is not None else replace(s, **{part: value})) for x, s in items]


def comparable_groups(
    items: Sequence[tuple[T, Scope]],
    source_of: Callable[[T], str],
    source_frames: Mapping[str, Collection[Frame]] | None = None,
) -> list[tuple[Scope, list[T]]]:
    """The items that may be compared with each other, grouped by their settled scope (see the module docstring);
    ``source_of`` gives an item's source. With ``source_frames`` (each source's periods: :func:`frames_of`), an undated
    figure takes the others' period only when its own source mentions that period somewhere (an article about
    October's report that says nothing of July is not about July)."""
    settled = list(items)
    settled = _settle(settled, "subject", lambda src, v: True, source_of)
    settled = _settle(
        settled,
        "frame",
        lambda src, v: source_frames is None or v in source_frames.get(src, ()),
        source_of,
    )
    settled = _settle(settled, "place", lambda src, v: isinstance(v, tuple) and v[0] != "site", source_of)
    groups: dict[Scope, list[T]] = {}
    for x, s in settled:
        groups.setdefault(s, []).append(x)
    return list(groups.items())


def frames_of(facts: Iterable[Fact]) -> dict[str, set[Frame]]:
    """Every period each source's facts mention (dated or as written), by source id."""
    out: dict[str, set[Frame]] = {}
    for fact in facts:
        frames = out.setdefault(fact.source, set())
        for w in fact.when:
            frame = _frame_of(w)
            if frame is not None:
                frames.add(frame)
    return out


def frame_label(scope: Scope) -> str | None:
    """How a scope is shown: 'in March 2025', 'in the week of March 10, 2025', 'on March 11, 2025', then the place."""
    parts: list[str] = []
    if scope.frame is not None:
        precision, d = scope.frame
        if isinstance(d, str):
            parts.append(" ".join(w[:1].upper() + w[1:] if w in _MONTH_OR_DAY else w for w in d.split()))
        elif precision == "day":
            parts.append(f"on {d:%B} {d.day}, {d.year}")
        elif precision == "week":
            parts.append(f"in the week of {d:%B} {d.day}, {d.year}")
        elif precision == "month":
            parts.append(f"in {d:%B %Y}")
        else:
            parts.append(f"in {d.year}")
    if scope.place is not None:
        name = " ".join(w[:1].upper() + w[1:] for w in scope.place[1].split())
        parts.append(("at " if scope.place[0] == "site" else "in ") + name)
    return " ".join(parts) or None
