"""Conflicts between sources of one story: where they give different values for the same thing.

Owns :func:`find_conflicts`. Given the verified facts of ONE story (several sources), it reports

* ``count`` -- different numbers for the same counted thing and outcome ("33 missiles launched" vs "10 missiles
  launched"); what is counted is compared by head noun and synonym class, modifiers (nationality...) and the outcome
  verb ("launched", "struck", "injured", "killed", "added"...); qualifiers are intervals, so "at least 4" vs "8" and
  "at least one" vs "several" are compatible; counts (and rates) are compared only within one scope -- the same
  period, place and subject (:mod:`summarizer.story.comparable`): "13 killed outside one church" is not the total,
  October's jobs are not November's;
* ``rate`` -- different levels of the same named rate ("the unemployment rate rose to 4.2 percent" vs "the jobless
  rate climbed to 4.4 percent"), not its change ("rose 0.4 percent") nor an earlier level ("from 4.1 percent");
* ``date`` / ``time`` -- different resolved dates or clock times of the event itself;
* ``responsibility`` -- "X claimed responsibility" vs "no group claimed responsibility" (or vs "Y claimed it");
* ``perpetrator`` -- two sources naming different, unrelated perpetrators.

Conservative by design: false conflicts are worse than missed ones. Background facts (``FactKind.CONTEXT``),
cumulative figures ("since October", "so far"), partial counts ("more", "other") and figures without an outcome verb
are not compared; a source that contradicts itself is left out of that comparison; only positions held by different
sources make a conflict, and agreeing sources share one position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from summarizer.models import (
    CheckStatus,
    Citation,
    Conflict,
    Fact,
    FactKind,
    Figure,
    Flag,
    Position,
    Qualifier,
    When,
)
from summarizer.story.comparable import (
    Frame,
    Scope,
    comparable_groups,
    count_scope,
    frame_label,
    frames_of,
    reporting_date,
)
from summarizer.story.notes import with_standing
from summarizer.text.months import MONTH_NAMES, WEEKDAY_NAMES
from summarizer.text.names import same_name
from summarizer.text.numbers import same_quantity, singular
from summarizer.text.regex import lazy_compile

__all__ = ["MAX_DATE_GAP_DAYS", "MIN_TIME_GAP_MINUTES", "find_conflicts"]

MAX_DATE_GAP_DAYS = 3
"""Dates further apart than this are different incidents (grouping's business), not a disagreement about one."""
MIN_TIME_GAP_MINUTES = 60
"""Clock times closer than this are rounding ("around 6:30") and are not reported."""


# --------------------------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """One source's statement of a value, with the fact and spans that carry it."""

    source: str
    value: str  # comparable value
    label: str  # how the value is shown
    fact: Fact
    spans: tuple[Citation, ...]
    who: str | None  # the speaker the source attributes it to


_CUMULATIVE = lazy_compile(
    r"\b(?:since|so\s+far|in\s+total|altogether|to\s+date|cumulative|over\s+the\s+(?:past|last)|in\s+recent\s+"
    r"(?:days|weeks|months|years)|this\s+year|last\s+year|previous(?:ly)?|earlier\s+(?:this|that|in)|these\s+attacks|"
    r"those\s+attacks|a\s+series\s+of|each\s+year|per\s+year|annually|a\s+year|every|in\s+the\s+(?:past|last)|"
    r"toll|tally|running\s+total|nationwide|worldwide)\b",
    re.IGNORECASE,
    first="aceilnoprstw",
)
_HEDGE = lazy_compile(r"\b(?:may|might|could|possibly|perhaps|expected\s+to|feared|likely)\b", re.IGNORECASE)


def _speaker(fact: Fact) -> str | None:
    return fact.attribution.speaker if fact.attribution is not None else None


def _who_text(claims: Sequence[_Claim], names: Mapping[str, str]) -> str:
    """Who holds a position: 'S1 citing Iraq's military; S3' (outlet names instead of ids when known)."""
    out: list[str] = []
    for src in dict.fromkeys(c.source for c in claims):
        base = names.get(src) or src
        speakers = [c.who for c in claims if c.source == src and c.who and c.who != base]
        out.append(f"{base} citing {speakers[0]}" if speakers else base)
    return "; ".join(out)


def _positions(
    groups: Mapping[str, Sequence[_Claim]],
    names: Mapping[str, str],
    weights: Mapping[str, float],
    text: Callable[[str, Sequence[_Claim]], str],
) -> list[Position]:
    """One position per value, heaviest (by summed source weight) first."""
    out: list[tuple[float, Position]] = []
    for value, claims in groups.items():
        cites: list[Citation] = []
        for c in claims:
            for sp in c.spans:
                if sp not in cites:
                    cites.append(sp)
        sources = list(dict.fromkeys(c.source for c in claims))
        weight = sum(weights.get(s, 1.0) for s in sources)
        out.append((weight, Position(text=text(value, claims), citations=cites, sources=sources, value=value)))
    out.sort(key=lambda x: (-x[0], x[1].value or ""))
    return [p for _, p in out]


def _distinct_sources(groups: Mapping[str, Sequence[_Claim]]) -> bool:
    """Positions are held by different sources (a source holding two positions never makes a conflict alone)."""
    holders = [{c.source for c in claims} for claims in groups.values()]
    return len(holders) >= 2 and len(set().union(*holders)) >= 2


# --------------------------------------------------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------------------------------------------------

_PERSON_CLASSES: dict[str, str] = {
    **dict.fromkeys(
        [
            "troop",
            "soldier",
            "service member",
            "servicemember",
            "serviceman",
            "servicemen",
            "personnel",
            "military personnel",
            "service personnel",
            "marine",
            "sailor",
            "airman",
            "airmen",
            "guardsman",
            "servicewoman",
        ],
        "military personnel",
    ),
    **dict.fromkeys(["person", "people", "individual", "resident"], "people"),
    **dict.fromkeys(["civilian", "bystander", "passer-by", "passerby"], "civilians"),
    **dict.fromkeys(["police officer", "policeman", "policemen", "officer", "police"], "police officers"),
    **dict.fromkeys(["child", "children", "minor", "kid"], "children"),
    **dict.fromkeys(["fighter", "militant", "gunman", "gunmen", "insurgent", "combatant"], "fighters"),
    **dict.fromkeys(["worker", "employee", "staff", "staffer"], "workers"),
    **dict.fromkeys(["contractor"], "contractors"),
    **dict.fromkeys(["passenger"], "passengers"),
    **dict.fromkeys(["student"], "students"),
    **dict.fromkeys(["migrant", "refugee"], "migrants"),
}
_OUTCOME_NOUNS = {
    "injury": "injured",
    "injured": "injured",
    "wounded": "injured",
    "death": "killed",
    "dead": "killed",
    "fatality": "killed",
    "casualty": "casualties",
    "victim": "casualties",
}
_PREDICATES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, lazy_compile(rx, re.IGNORECASE))
    for name, rx in (
        ("evaluated", r"\b(?:evaluat\w*|assess\w*|examined|screened|treated\s+for|checked\s+for|tested)\b"),
        ("intercepted", r"\b(?:intercept\w*|shot\s+down|downed|shoot\s+down)\b"),
        ("launched", r"\b(?:launch\w*|fired|firing|fire|lobbed)\b"),
        ("struck", r"\b(?:struck|hit|hits|impact\w*|landed|slammed\s+into)\b"),
        ("injured", r"\b(?:injur\w*|wound\w*|hurt|hospitali[sz]ed)\b"),
        ("killed", r"\b(?:kill\w*|dead|died|die|deaths?|fatalit\w*|lost\s+their\s+lives|death\s+toll)\b"),
        ("missing", r"\b(?:missing|unaccounted)\b"),
        ("arrested", r"\b(?:arrest\w*|detain\w*|taken\s+into\s+custody)\b"),
        ("evacuated", r"\b(?:evacuat\w*|displaced|fled)\b"),
        ("rescued", r"\b(?:rescu\w*)\b"),
        ("damaged", r"\b(?:damag\w*|destroy\w*)\b"),
        ("deployed", r"\b(?:deploy\w*|stationed|based)\b"),
        ("added", r"\b(?:add|adds|added|adding|creat(?:e|es|ed|ing)|gain(?:s|ed)?)\b"),
        ("cut", r"\b(?:cut|cuts|cutting|shed|sheds|shedding|slash\w*|eliminat\w*|laid\s+off|lay\s+off)\b"),
    )
)
_SCOPE = lazy_compile(
    r"\b(?:including|excluding|not\s+counting|in\s+addition\s+to|besides|plus)\b.{0,40}?\b(?:attackers?|"
    r"assailants?|gunm[ae]n|shooters?|bombers?|suspects?|perpetrators?|hijackers?|militants?|fighters?)\b",
    re.IGNORECASE,
)
_PART_OF = lazy_compile(
    r"\b(?:outside|at|in|inside|near|on)\s+(?:one|a\s+single|the\s+(?:first|second|third|other)|another|each)\b|"
    r"\bof\s+(?:them|those|the\s+(?:\d[\d,]*|dead|victims|wounded|injured|killed))\b|\bamong\s+(?:them|the)\b",
    re.IGNORECASE,
)
"""A count of one place, one group or one part ("13 killed outside one church", "10 of the 37"): not the total."""
_PARTIAL = frozenset("more other another additional further new remaining extra total some".split())
_US = frozenset({"u.s.", "us", "u.s", "american", "americans", "united states", "usa"})
_CLAUSE_END = lazy_compile(r"[;:.!?]|,\s+(?:while|but|and\s+(?:the|a|an)|as|which|who|according)\b|\s[—–]\s")


def _modifiers_and_head(counts: str) -> tuple[frozenset[str], str] | None:
    words = re.findall(r"[A-Za-z][A-Za-z.'’-]*", counts)
    if not words:
        return None
    mods: set[str] = set()
    lower: list[str] = []
    for i, w in enumerate(words):
        lw = w.lower().rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", w) else w.lower()
        if lw in _PARTIAL:
            return None  # "more missiles", "other victims": a partial count, not the total
        is_last = i == len(words) - 1
        if not is_last and (w[0].isupper() or lw in _US):
            mods.add("us" if lw in _US else lw)
        elif not is_last:
            lower.append(lw)
        else:
            lower.append(lw)
    head = singular(lower[-1])
    if len(lower) >= 2:
        pair = f"{lower[-2]} {head}"
        if pair in _PERSON_CLASSES or pair in {"rocket launcher", "service member"}:
            return frozenset(mods), _PERSON_CLASSES.get(pair, pair)
        mods |= {w for w in lower[:-1] if w not in {"the", "of", "its", "their"}}
    return frozenset(mods), _PERSON_CLASSES.get(head, head)


def _figure_window(fact: Fact, figure: Figure) -> tuple[str, str, str] | None:
    """(text before, text after, rest of the sentence) around the figure in the fact's sentence; before and after
    are cut at clause boundaries."""
    text = fact.text
    pos = -1
    if figure.evidence and fact.evidence:
        ev, fe = fact.evidence[0], figure.evidence[0]
        if ev.source == fe.source and ev.start <= fe.start and fe.end <= ev.end and fact.text == ev.quote:
            pos = fe.start - ev.start
    if pos < 0:
        pos = text.find(figure.text)
    if pos < 0:
        return None
    rest = text[pos + len(figure.text) :]
    cut = _CLAUSE_END.search(rest)
    after = rest[: cut.start()] if cut else rest
    before = text[:pos]
    b = list(re.finditer(r"[;:.!?]|,", before))
    before = before[b[-1].end() :] if b else before
    return before[-40:], after[:90], rest


def _predicate(fact: Fact, figure: Figure, head: str) -> str | None:
    noun = _OUTCOME_NOUNS.get(head)
    if noun:
        return noun
    window = _figure_window(fact, figure)
    if window is None:
        return None
    before, after, _ = window
    # "fired 12 rockets", "injuring four soldiers": a verb right before the figure decides
    m = re.search(r"\b(\w+)\s+(?:at\s+least\s+|more\s+than\s+|about\s+|nearly\s+|some\s+)?$", before, re.IGNORECASE)
    if m:
        for name, rx in _PREDICATES:
            if rx.fullmatch(m.group(1)):
                return name
    # "33 missiles were launched", "four sailors sustained injuries": the first outcome verb of the same clause
    after = after.split(",", 1)[0]
    best: tuple[int, str] | None = None
    for name, rx in _PREDICATES:
        found = rx.search(after)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), name)
    return best[1] if best is not None else None


def _value_label(figure: Figure) -> tuple[str, str]:
    if figure.value is None:
        return "vague:" + figure.text.lower(), "an unspecified number"
    num = f"{figure.value:g}" if figure.value != int(figure.value) else f"{int(figure.value):,}"
    words = {
        Qualifier.EXACT: "",
        Qualifier.AT_LEAST: "at least ",
        Qualifier.MORE_THAN: "more than ",
        Qualifier.AT_MOST: "at most ",
        Qualifier.FEWER_THAN: "fewer than ",
        Qualifier.ABOUT: "about ",
        Qualifier.UP_TO: "up to ",
        Qualifier.SEVERAL: "",
    }
    return f"{figure.qualifier.value}:{figure.value:g}", f"{words[figure.qualifier]}{num}"


def _bare(figure: Figure) -> Figure:
    return Figure(text=figure.text, value=figure.value, qualifier=figure.qualifier)


def _contradict(a: Figure, b: Figure) -> bool:
    return same_quantity(_bare(a), _bare(b)) == CheckStatus.CONTRADICTED and (
        same_quantity(_bare(b), _bare(a)) == CheckStatus.CONTRADICTED
    )


def _shown(figure: Figure) -> str:
    t = " ".join(figure.text.split())
    first = t.split(" ", 1)[0]
    if first.lower() in {
        "at",
        "more",
        "about",
        "some",
        "several",
        "a",
        "an",
        "nearly",
        "around",
        "roughly",
        "over",
        "up",
        "fewer",
        "less",
        "almost",
        "dozens",
        "hundreds",
        "thousands",
        "multiple",
    } or (
        first[:1].isupper()
        and first[1:].islower()
        and not first.lower().endswith(("ian", "ish", "ese"))
        and first.lower() not in {"u.s.", "us"}
    ):
        t = t[:1].lower() + t[1:]
    return t


def _differently_scoped(window: tuple[str, str, str]) -> bool:
    """ "four people dead, including the assailant", "13 killed outside one church", "10 of the 37 dead": counts of
    another scope than the event's total."""
    before, after, rest = window
    return bool(_SCOPE.search(rest) or _PART_OF.search(after) or _PART_OF.search(before[-25:]))


_FORECAST = lazy_compile(
    r"\b(?:expect\w*|forecast\w*|predict\w*|projected|estimat\w*|anticipat\w*|consensus|would|could|may|might|"
    r"plans?\s+to|planned|aims?\s+to|target\w*|hopes?\s+to)\b",
    re.IGNORECASE,
)
"""A figure stated as a forecast or a hedge ("economists had expected employers to add 140,000 jobs", "may have
killed 12"): not a count of what happened."""


_EARLIER_PERIOD = lazy_compile(
    r"^\s*(?:a|one|the)\s+(?:week|month|quarter|year)\s+(?:earlier|before|ago)\b|^\s*(?:in|for)\s+the\s+(?:previous|prior)\b",
    re.IGNORECASE,
)
"""A figure of the period before ("4.1 percent a month earlier"): not the figure of the story's period."""


def _forecast(window: tuple[str, str, str] | None) -> bool:
    """The figure is a forecast or hedge, or the figure of an earlier period."""
    return window is not None and bool(_FORECAST.search(window[0]) or _EARLIER_PERIOD.match(window[1]))


_CountKey = tuple[frozenset[str], str, str]


def _count_claims(facts: Sequence[Fact]) -> dict[_CountKey, list[tuple[tuple[_Claim, Figure], Scope]]]:
    """Every comparable count of the story, indexed by what it counts (modifiers, head noun, outcome verb): only
    counts of one key are ever compared, so the comparison grows with the counts of each thing, not with all pairs
    of facts."""
    by_key: dict[_CountKey, list[tuple[tuple[_Claim, Figure], Scope]]] = defaultdict(list)
    for fact in facts:
        if not any(f.counts and not f.unit for f in fact.figures) or _CUMULATIVE.search(fact.text):
            continue
        for fig in fact.figures:
            if not fig.counts or fig.unit:
                continue
            parsed = _modifiers_and_head(fig.counts)
            if parsed is None:
                continue
            mods, head = parsed
            pred = _predicate(fact, fig, head)
            if pred is None or pred in {"evaluated", "deployed"}:
                continue
            window = _figure_window(fact, fig)
            if window and (_differently_scoped(window) or _forecast(window)):
                continue
            if head in _OUTCOME_NOUNS:
                head = "people"
            value, label = _value_label(fig)
            spans = tuple(fig.evidence or fact.evidence)
            claim = _Claim(fact.source, value, label, fact, spans, _speaker(fact))
            by_key[(mods, head, pred)].append(((claim, fig), count_scope(fact, fig, pred)))
    return by_key


def _count_conflicts(facts: Sequence[Fact], names: Mapping[str, str], weights: Mapping[str, float]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    frames: dict[str, set[Frame]] | None = None  # read only when something is stated by two sources
    for (mods, head, pred), scoped in _count_claims(facts).items():
        if len({c.source for (c, _), _ in scoped}) < 2:
            continue
        frames = frames if frames is not None else frames_of(facts)
        for scope, items in comparable_groups(scoped, lambda item: item[0].source, frames):
            conflict = _count_conflict(items, mods, head, pred, scope, names, weights)
            if conflict is not None:
                conflicts.append(conflict)
    return conflicts


def _clashing_groups(
    items: Sequence[tuple[_Claim, Figure]],
) -> tuple[dict[str, list[_Claim]], dict[str, Figure]] | None:
    """The positions (value -> claims) of comparable figures whose values clash, with each value's figure; None when
    the sources agree. A source that contradicts itself is left out; sources stating one value share a position."""
    per_source: dict[str, list[tuple[_Claim, Figure]]] = defaultdict(list)
    for claim, fig in items:
        per_source[claim.source].append((claim, fig))
    chosen: dict[str, tuple[_Claim, Figure]] = {}
    for src, lst in per_source.items():
        stated = list({c.value: f for c, f in lst}.values())
        if any(_contradict(x, y) for i, x in enumerate(stated) for y in stated[i + 1 :]):
            continue
        exact = [x for x in lst if x[1].qualifier == Qualifier.EXACT and x[1].value is not None]
        chosen[src] = (exact or [x for x in lst if x[1].value is not None] or lst)[0]
    # sources that state the same value agree: compare distinct values, not every pair of sources
    by_value: dict[str, list[str]] = defaultdict(list)
    for src in sorted(chosen):
        by_value[chosen[src][0].value].append(src)
    values = sorted(by_value)
    figure_of = {v: chosen[by_value[v][0]][1] for v in values}
    clashing: set[str] = set()
    for i, v in enumerate(values):
        for w in values[i + 1 :]:
            if _contradict(figure_of[v], figure_of[w]):
                clashing |= {v, w}
    if len(clashing) < 2:
        return None
    groups: dict[str, list[_Claim]] = {v: [chosen[src][0] for src in by_value[v]] for v in values if v in clashing}
    if not _distinct_sources(groups):
        return None
    return groups, figure_of


def _count_conflict(
    items: Sequence[tuple[_Claim, Figure]],
    mods: frozenset[str],
    head: str,
    pred: str,
    scope: Scope,
    names: Mapping[str, str],
    weights: Mapping[str, float],
) -> Conflict | None:
    """The conflict among comparable counts of one thing (one scope), or None when the sources agree."""
    clash = _clashing_groups(items)
    if clash is None:
        return None
    groups, figure_of = clash
    thing = _thing(mods, head, next(iter(figure_of.values())))

    def describe(value: str, claims: Sequence[_Claim]) -> str:
        shown = _shown(figure_of[value])
        outcome = singular(shown.split()[-1]) in _OUTCOME_NOUNS
        return f"{_who_text(claims, names)}: {shown}" + ("" if outcome else f" {pred}")

    return Conflict(
        about=f"number of {thing} {pred}",
        kind="count",
        positions=_positions(groups, names, weights, describe),
        scope=frame_label(scope),
    )


# --------------------------------------------------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------------------------------------------------

_RATE_BEFORE = lazy_compile(
    r"\b(?P<what>(?:[A-Za-z][\w'’-]*\s+){1,2}rate)\s+(?:has\s+|had\s+|was\s+|is\s+)?(?:(?:rose|fell|climbed|dropped|"
    r"declined|increased|decreased|jumped|slipped|eased|edged|ticked|stood|stayed|remained|held|hit|reached|"
    r"came\s+in|was|is|up|down|steady|unchanged)\s+){0,2}(?:to|at|of)?\s*$",
    re.IGNORECASE,
)
"""The level a named rate is at ("the unemployment rate rose to 4.2 percent", "the jobless rate stood at"): not a
change ("rose 0.4 percent") and not the earlier level ("from 4.1 percent", which ends in "from")."""
_RATE_SYNONYMS = {"jobless": "unemployment"}
_RATE_DROP = frozenset("the a an its their this that country's nation's state's overall official headline".split())


def _rate_of(fact: Fact, figure: Figure) -> str | None:
    """What rate ``figure`` is the level of ("unemployment rate"), or None."""
    if figure.unit not in ("percent", "%") or figure.value is None:
        return None
    window = _figure_window(fact, figure)
    if window is None or _forecast(window):
        return None
    m = _RATE_BEFORE.search(window[0])
    if m is None:
        return None
    words = [_RATE_SYNONYMS.get(w, w) for w in m.group("what").lower().split()]
    words = [w for w in words if w not in _RATE_DROP and not w.endswith(("’s", "'s"))]
    return " ".join(words) if len(words) >= 2 else None


def _rate_conflicts(facts: Sequence[Fact], names: Mapping[str, str], weights: Mapping[str, float]) -> list[Conflict]:
    """Different levels of the same named rate ("unemployment rate: 4.2 percent vs 4.4 percent") for one period."""
    by_rate: dict[str, list[tuple[tuple[_Claim, Figure], Scope]]] = defaultdict(list)
    for fact in facts:
        if not any(f.unit in ("percent", "%") for f in fact.figures) or _CUMULATIVE.search(fact.text):
            continue
        for fig in fact.figures:
            rate = _rate_of(fact, fig)
            if rate is None:
                continue
            value, label = _value_label(fig)
            claim = _Claim(fact.source, value, label, fact, tuple(fig.evidence or fact.evidence), _speaker(fact))
            by_rate[rate].append(((claim, fig), count_scope(fact, fig, "rate")))
    conflicts: list[Conflict] = []
    frames: dict[str, set[Frame]] | None = None  # read only when something is stated by two sources
    for rate, scoped in by_rate.items():
        if len({c.source for (c, _), _ in scoped}) < 2:
            continue
        frames = frames if frames is not None else frames_of(facts)
        for scope, items in comparable_groups(scoped, lambda item: item[0].source, frames):
            clash = _clashing_groups(items)
            if clash is None:
                continue
            groups, figure_of = clash

            def describe(value: str, claims: Sequence[_Claim], figure_of: Mapping[str, Figure] = figure_of) -> str:
                return f"{_who_text(claims, names)}: {_shown(figure_of[value])}"

            conflicts.append(
                Conflict(
                    about=rate,
                    kind="rate",
                    positions=_positions(groups, names, weights, describe),
                    scope=frame_label(scope),
                )
            )
    return conflicts


def _thing(mods: frozenset[str], head: str, fig: Figure) -> str:
    if head == "people" and fig.counts and singular(fig.counts.split()[-1]) in _OUTCOME_NOUNS:
        return "people"
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'’-]*", fig.counts or head)]
    shown = [w if (w[0].isupper() and (w.lower() in mods or w.lower() in _US)) else w.lower() for w in words]
    return " ".join(shown) if shown else head


# --------------------------------------------------------------------------------------------------------------------
# Dates and times of the event
# --------------------------------------------------------------------------------------------------------------------

_EVENT_PREFIXES = tuple(
    "attack launch explo bomb kill injur wound target shoot crash collid erupt flood raid clash protest ambush assault "
    "collaps derail sink seiz captur shell".split()
)
_EVENT_EXACT = frozenset(
    "strike strikes struck hit fired blast shot collision earthquake quake storm fire blaze incident sank missile "
    "missiles rocket rockets drone drones happened occurred".split()
)
_WORD = lazy_compile(r"[^\W_]+")


def _reports_event(text: str) -> bool:
    """The text uses an event word ("attacked", "struck", "explosion", "took place"...): one pass over its words with
    set and prefix look-ups (an alternation of some fifty words, searched at every position, cost ten times more)."""
    lower = text.lower()
    words = set(_WORD.findall(lower))
    if not _EVENT_EXACT.isdisjoint(words) or any(w.startswith(_EVENT_PREFIXES) for w in words):
        return True
    return "took" in words and "place" in words and bool(re.search(r"\btook\s+place\b", lower))


_EVENT_NOUNS = (
    "attack",
    "strike",
    "explosion",
    "blast",
    "bombing",
    "shooting",
    "crash",
    "collision",
    "earthquake",
    "fire",
    "raid",
    "clash",
    "protest",
    "storm",
    "flood",
    "ambush",
    "assault",
    "derailment",
    "incident",
)
_BACKGROUND_WHEN = lazy_compile(r"\b(?:last|earlier|previous|since|ago|past|before|prior|until)\b", re.IGNORECASE)
_MON3 = "(?:" + "|".join(name[:3] for name in MONTH_NAMES) + ")"
_EXPLICIT_DATE = lazy_compile(
    rf"\b{_MON3}[a-z]*\.?\s+\d|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON3}|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b",
    re.IGNORECASE,
)
_ZONE = lazy_compile(
    r"\b(?P<local>local\s+time|[A-Z][a-z]+\s+time)\b|\b(?P<zone>ET|EST|EDT|GMT|UTC|BST|CET|CEST|PT|PST|PDT|CT|CST|"
    r"CDT|MT|MST|IST|JST|AEST|Zulu)\b"
)


def _event_whens(fact: Fact, *, clock: bool = False) -> list[When]:
    """Dates (or, with ``clock``, clock times) of the event a fact reports (the caller passes only facts that report
    an event: :func:`_reports_event`); background dates are left out."""
    if not fact.when:
        return []
    if clock:
        return [w for w in fact.when if w.time is not None and not _BACKGROUND_WHEN.search(w.text)]
    return [
        w
        for w in fact.when
        if w.date is not None
        and w.precision in ("day", "time")
        and not _BACKGROUND_WHEN.search(w.text)
        and not reporting_date(fact, w)
    ]


_EVENT_NOUN = lazy_compile(r"\b(" + "|".join(_EVENT_NOUNS) + r")\b", re.IGNORECASE)


def _event_noun(facts: Sequence[Fact]) -> str:
    """The event noun most facts use (each fact counted once per noun; on a tie, the first one met)."""
    counts: Counter[str] = Counter()
    for f in facts:
        found = {m.lower() for m in _EVENT_NOUN.findall(f.text)}
        counts.update(n for n in _EVENT_NOUNS if n in found)
    return counts.most_common(1)[0][0] if counts else "event"


def _when_spans(fact: Fact, whens: Sequence[When]) -> tuple[Citation, ...]:
    spans = [sp for w in whens for sp in w.evidence]
    return tuple(spans or fact.evidence)


_WEEKDAYS = [name.lower() for name in WEEKDAY_NAMES]
_WEEKDAY = lazy_compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE, first="fmstw")
_SINCE_BEFORE = lazy_compile(r"\b(?:since|until|till|after|before|from|by|as\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


def _source_dates(items: Sequence[tuple[Fact, When]]) -> list[tuple[Fact, When, dt.date, float]]:
    """Candidate event dates of one source, weighted (explicit dates 1.5, weekdays 1). A weekday resolved against
    the publication date is re-anchored on an explicit date of the same weekday in the same source ("Sunday,
    January 21st" ... "on Sunday"), because a late publication date resolves it to the wrong week."""
    explicit = [w.date for _, w in items if w.date is not None and _EXPLICIT_DATE.search(w.text)]
    out: list[tuple[Fact, When, dt.date, float]] = []
    for fact, w in items:
        if w.date is None:
            continue
        pos = fact.text.find(w.text)
        if pos >= 0 and _SINCE_BEFORE.search(fact.text[max(0, pos - 20) : pos]):
            continue  # "since Oct. 17", "until Monday": a bound, not the event's date
        if _EXPLICIT_DATE.search(w.text):
            out.append((fact, w, w.date, 1.5))
            continue
        date = w.date
        wd = _WEEKDAY.search(w.text)
        if wd:
            same = [d for d in explicit if _WEEKDAYS[d.weekday()] == wd.group(1).lower()]
            if same:
                date = min(same, key=lambda d: abs((d - w.date).days) if w.date else 0)
        out.append((fact, w, date, 1.0))
    return out


_SourceDates = dict[str, tuple[dt.date, list[tuple[Fact, When]]]]


def _event_dates(facts: Sequence[Fact]) -> _SourceDates:
    """Each source's date of the event (the clear winner of its candidate dates), with the facts that state it."""
    per_source: dict[str, list[tuple[Fact, When]]] = defaultdict(list)
    for fact in facts:
        for w in _event_whens(fact):
            per_source[fact.source].append((fact, w))
    chosen: _SourceDates = {}
    for src, items in per_source.items():
        cands = _source_dates(items)
        tally: dict[dt.date, float] = defaultdict(float)
        for _, _, d, wt in cands:
            tally[d] += wt
        ranked = sorted(tally.items(), key=lambda x: -x[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            continue  # no date, or a tie: this source does not pin the date down
        date = ranked[0][0]
        chosen[src] = (date, [(f, w) for f, w, d, _ in cands if d == date])
    return chosen


def _date_conflicts(
    chosen: _SourceDates, names: Mapping[str, str], weights: Mapping[str, float], noun: str
) -> list[Conflict]:
    dates = sorted({d for d, _ in chosen.values()})
    if len(dates) < 2 or (dates[-1] - dates[0]).days > MAX_DATE_GAP_DAYS:
        return []
    groups: dict[str, list[_Claim]] = defaultdict(list)
    for src, (date, items) in sorted(chosen.items()):
        f = items[0][0]
        spans = tuple(dict.fromkeys(sp for f2, w2 in items for sp in _when_spans(f2, [w2])))
        groups[date.isoformat()].append(_Claim(src, date.isoformat(), _date_label(date), f, spans, _speaker(f)))
    if not _distinct_sources(groups):
        return []

    def describe(value: str, claims: Sequence[_Claim]) -> str:
        return f"{_who_text(claims, names)}: {_date_label(dt.date.fromisoformat(value))}"

    return [Conflict(about=f"date of the {noun}", kind="date", positions=_positions(groups, names, weights, describe))]


def _date_label(d: dt.date) -> str:
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def _minutes(hhmm: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", hhmm)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def _zone(fact: Fact, when: When) -> str | None:
    m = _ZONE.search(when.text) or _ZONE.search(fact.text)
    if not m:
        return None
    return "local" if m.group("local") else m.group("zone")


def _time_conflicts(
    facts: Sequence[Fact],
    dates: _SourceDates,
    names: Mapping[str, str],
    weights: Mapping[str, float],
    noun: str,
) -> list[Conflict]:
    """Clock times of the event that differ by :data:`MIN_TIME_GAP_MINUTES` or more, between sources whose event
    dates (when known) are within :data:`MAX_DATE_GAP_DAYS` of each other."""
    per_source: dict[str, list[tuple[Fact, When, int]]] = defaultdict(list)
    zones: set[str] = set()
    for fact in facts:
        for w in _event_whens(fact, clock=True):
            mins = _minutes(w.time) if w.time else None
            if mins is None:
                continue
            zone = _zone(fact, w)
            if zone and zone != "local":
                zones.add(zone)
            per_source[fact.source].append((fact, w, mins))
    if len(per_source) < 2 or zones:
        return []  # a time stated in another zone (ET, GMT...) cannot be compared with local times safely
    windows = {s: (min(m for *_, m in xs), max(m for *_, m in xs)) for s, xs in per_source.items()}

    def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
        if a[1] >= b[0] and b[1] >= a[0]:
            return 0
        d = min(abs(a[0] - b[1]), abs(b[0] - a[1]))
        return min(d, 1440 - d)

    def comparable(a: str, b: str) -> bool:
        if a in dates and b in dates:
            return abs((dates[a][0] - dates[b][0]).days) <= MAX_DATE_GAP_DAYS
        return True

    srcs = sorted(windows)
    involved = {
        x
        for i, s in enumerate(srcs)
        for t in srcs[i + 1 :]
        if comparable(s, t) and gap(windows[s], windows[t]) >= MIN_TIME_GAP_MINUTES
        for x in (s, t)
    }
    if len(involved) < 2:
        return []
    groups: dict[str, list[_Claim]] = defaultdict(list)
    for s in sorted(involved):
        items = per_source[s]
        label = " to ".join(dict.fromkeys(_clock(m) for m in (windows[s][0], windows[s][1])))
        spans = tuple(sp for f, w, _ in items for sp in _when_spans(f, [w]))
        groups[label].append(_Claim(s, label, label, items[0][0], spans, _speaker(items[0][0])))
    if not _distinct_sources(groups) or len(groups) < 2:
        return []

    def describe(value: str, claims: Sequence[_Claim]) -> str:
        return f"{_who_text(claims, names)}: {value}"

    return [Conflict(about=f"time of the {noun}", kind="time", positions=_positions(groups, names, weights, describe))]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------------------------------------------------
# Claims of responsibility and perpetrators
# --------------------------------------------------------------------------------------------------------------------

# needed by every pattern below
_RESPONSIBILITY_CUE = lazy_compile(r"claim|responsib|credit|\bno\s", re.IGNORECASE, first="cnr")
_NO_CLAIM = lazy_compile(
    r"\bno\s+(?:\w+\s+){0,2}?(?:group|one|organi[sz]ation|faction|party|militia)\s+(?:\w+\s+){0,2}?"
    r"(?:has\s+|had\s+|have\s+)?(?:yet\s+|immediately\s+|publicly\s+)*(?:claimed|claims|taken|took)\b"
    r"|\bno\s+(?:immediate\s+|official\s+)?claims?\s+of\s+responsibility\b"
    r"|\b(?:has|have|had)\s+not\s+(?:yet\s+|immediately\s+)?(?:been\s+)?claimed\b"
    r"|\bnobody\s+(?:has\s+|had\s+)?(?:yet\s+|immediately\s+)?claimed\b"
    r"|\bdid\s+not\s+(?:immediately\s+)?claim\s+responsibility\b|\bunclaimed\b",
    re.IGNORECASE,
)
_CLAIM = lazy_compile(
    r"\b(?:has\s+|have\s+|had\s+)?(?:later\s+|quickly\s+|swiftly\s+|also\s+|publicly\s+)?"
    r"(?:claimed|claims|claiming|took|takes|assumed)\s+(?:full\s+)?responsibility\b",
    re.IGNORECASE,
    first="achlpqst",
)
_CLAIMED_BY = lazy_compile(
    r"\b(?:responsibility|attack|it)\s+(?:was|has\s+been)\s+claimed\s+by\s+(?P<who>[^,.;:]+)", re.IGNORECASE
)
_DENIAL = lazy_compile(
    r"\b(?:denied|denies|rejected|rejects)\s+(?:any\s+)?(?:responsibility|involvement|role)\b", re.IGNORECASE
)
_PERPETRATOR = lazy_compile(
    r"\b(?:carried\s+out|conducted|perpetrated|staged|committed)\s+by\s+(?P<by>[^,.;:]+)"
    r"|(?P<subj>[^,.;:]+?)\s+(?:was|were)\s+(?:responsible\s+for|behind)\s+the\s+(?:attack|strike|bombing|blast|"
    r"explosion|shooting|raid|assault)",
    re.IGNORECASE,
)
# A cheap test that _PERPETRATOR can match at all (its subject alternative is slow on long sentences).
_PERPETRATOR_CUE = lazy_compile(
    r"\b(?:carried\s+out|conducted|perpetrated|staged|committed)\s+by\b|\b(?:was|were)\s+(?:responsible\s+for|behind)\s+the\b",
    re.IGNORECASE,
    first="cpsw",
)
_APPOSITIVE = lazy_compile(r",[\"”’]?\s+(?:a|an|the|which|who|whose)\b[^,]*,\s*$", re.IGNORECASE)
_QUOTED_APPOSITIVE = lazy_compile(r"^(.*?),[\"”’]\s+(?:a|an|the|which|who|whose)\b[^,]*$", re.IGNORECASE)
_LEAD_IN = lazy_compile(r"^(?:the|and|but|while|meanwhile|later|however|in\s+a\s+statement)\s+", re.IGNORECASE)


def _subject_before(text: str, end: int) -> str | None:
    """The subject noun phrase that ends at ``end`` ("The Islamic Resistance in Iraq, a coalition of ..., claimed"
    -> "Islamic Resistance in Iraq"), or None when it is too long to be a name."""
    before = text[:end].rstrip()
    for sep in ("; ", ": ", ". "):
        if sep in before:
            before = before.rsplit(sep, 1)[1]
    between = _APPOSITIVE.search(before)  # "X, a coalition of ..., claimed"
    quoted = _QUOTED_APPOSITIVE.match(before)  # '"X," a loose alliance of ... claimed'
    if between:
        before = before[: between.start()]
    elif quoted:
        before = quoted.group(1)
    if "," in before:
        before = before.rsplit(",", 1)[1]
    who = before.strip().strip("\"“”'’,").strip()
    who = _LEAD_IN.sub("", who).strip().strip("\"“”'’,").strip()
    if not who or len(who.split()) > 10:
        return None
    return who


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``: from the previous to the next comma/semicolon."""
    left = max(text.rfind(",", 0, start), text.rfind(";", 0, start)) + 1
    right = [i for i in (text.find(",", end), text.find(";", end)) if i >= 0]
    return text[left : min(right) if right else len(text)]


def _proper(name: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    return bool(words) and words[-1][0].isupper() and not re.search(r"-(?:backed|linked|aligned)$", words[-1])


def _cluster_names(claims: Sequence[_Claim]) -> dict[str, list[_Claim]]:
    groups: dict[str, list[_Claim]] = {}
    for c in claims:
        key = next((k for k in groups if same_name(k, c.value)), c.value)
        groups.setdefault(key, []).append(c)
    return groups


def _responsibility_conflicts(
    facts: Sequence[Fact], names: Mapping[str, str], weights: Mapping[str, float]
) -> list[Conflict]:
    claims: list[_Claim] = []
    nones: list[_Claim] = []
    for fact in facts:
        sentence = fact.text
        if not _RESPONSIBILITY_CUE.search(sentence):
            continue
        neg = _NO_CLAIM.search(sentence)
        if neg and not _CUMULATIVE.search(_clause(sentence, neg.start(), neg.end())):
            nones.append(_Claim(fact.source, "none", "no claim", fact, tuple(fact.evidence), _speaker(fact)))
            continue
        who: str | None = None
        by = _CLAIMED_BY.search(sentence)
        m = by or _CLAIM.search(sentence)
        if m is None or _CUMULATIVE.search(_clause(sentence, m.start(), m.end())):
            continue
        if by:
            who = by.group("who").strip()
        elif not _HEDGE.search(sentence[: m.start()]):
            who = _subject_before(sentence, m.start())
        if who and _proper(who):
            claims.append(_Claim(fact.source, who, who, fact, tuple(fact.evidence), _speaker(fact)))
    claim_sources = {c.source for c in claims}
    nones = [n for n in nones if n.source not in claim_sources]  # a source that reports a later claim is not "none"
    groups = _cluster_names(claims)
    if nones:
        groups["none"] = nones
    if len(groups) < 2 or not _distinct_sources(groups):
        return []
    # several claimants from one and the same source are not a disagreement between sources
    holders = {k: {c.source for c in v} for k, v in groups.items()}
    if all(h == next(iter(holders.values())) for h in holders.values()):
        return []

    def describe(value: str, cl: Sequence[_Claim]) -> str:
        if value == "none":
            return f"{_who_text(cl, names)}: no group had claimed responsibility"
        return f"{_who_text(cl, names)}: {value} claimed responsibility"

    return [
        Conflict(
            about="claim of responsibility",
            kind="responsibility",
            positions=_positions(groups, names, weights, describe),
        )
    ]


def _perpetrator_conflicts(
    facts: Sequence[Fact], names: Mapping[str, str], weights: Mapping[str, float]
) -> list[Conflict]:
    claims: list[_Claim] = []
    for fact in facts:
        if not _PERPETRATOR_CUE.search(fact.text) or _CUMULATIVE.search(fact.text) or _HEDGE.search(fact.text):
            continue
        for m in _PERPETRATOR.finditer(fact.text):
            who = m.group("by") or _subject_before(fact.text, m.start("subj") + len(m.group("subj") or ""))
            who = (who or "").strip()
            who = re.split(r"\s+(?:in|on|at|near|against|from|using|with)\s+(?=[a-z])", who, maxsplit=1)[0]
            if who and len(who.split()) <= 8 and _proper(who):
                claims.append(_Claim(fact.source, who, who, fact, tuple(fact.evidence), _speaker(fact)))
    groups = _cluster_names(claims)
    if len(groups) < 2 or not _distinct_sources(groups):
        return []
    # names that every source mentions anyway (an umbrella group and its member) are not a disagreement
    parts: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        parts[fact.source].append(fact.text)
    texts = {src: " ".join(p) for src, p in parts.items()}
    for key in list(groups):
        others = {s for k, v in groups.items() if k != key for s in (c.source for c in v)}
        if all(_mentions(texts[s], key) for s in others):
            del groups[key]
    if len(groups) < 2 or not _distinct_sources(groups):
        return []

    def describe(value: str, cl: Sequence[_Claim]) -> str:
        return f"{_who_text(cl, names)}: carried out by {value}"

    return [
        Conflict(
            about="who carried out the attack",
            kind="perpetrator",
            positions=_positions(groups, names, weights, describe),
        )
    ]


def _mentions(text: str, name: str) -> bool:
    return name.lower() in text.lower()


# --------------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------------


def find_conflicts(
    facts: Sequence[Fact],
    *,
    source_weights: Mapping[str, float] | None = None,
    source_names: Mapping[str, str] | None = None,
    source_flags: Mapping[str, Sequence[Flag]] | None = None,
) -> list[Conflict]:
    """Where the sources of one story give different values for the same thing.

    ``facts`` are verified facts of one story from one or more sources; background facts (``FactKind.CONTEXT``)
    are ignored. ``source_weights`` orders positions (heaviest first); ``source_names`` (source id -> outlet) names
    a position whose facts carry no attribution; ``source_flags`` (source id -> its flags) gives each position's
    sources their standing (:func:`summarizer.story.notes.with_standing`). Returns conflicts of kinds count, rate,
    date, time, responsibility and perpetrator, each with two or more positions held by different sources, agreeing
    sources grouped into one position. Returns [] when fewer than two sources are present. Never raises on fact
    text.
    """
    usable = [f for f in facts if f.kind != FactKind.CONTEXT]
    if len({f.source for f in usable}) < 2:
        return []
    weights = source_weights or {}
    names = source_names or {}
    out: list[Conflict] = []
    out += _count_conflicts(usable, names, weights)
    out += _rate_conflicts(usable, names, weights)
    events = [f for f in usable if _reports_event(f.text)]  # read once: dates and times look only at these
    noun = _event_noun(events)
    dates = _event_dates(events)
    out += _date_conflicts(dates, names, weights, noun)
    out += _time_conflicts(events, dates, names, weights, noun)
    out += _responsibility_conflicts(usable, names, weights)
    out += _perpetrator_conflicts(usable, names, weights)
    flags = source_flags or {}
    return [with_standing(c, names=names, weights=weights, flags=flags) for c in out]
