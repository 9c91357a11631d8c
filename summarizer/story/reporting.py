"""Is a sentence reporting? Opinion, calls to action, reader boilerplate and promotion are not stated as facts.

Owns :func:`not_reporting`: for a sentence the source states *in its own voice* (no attribution), the reason it is
not reporting, or None. Recognised, outside quotation marks: first-person editorial voice ("We are thrilled",
"our view"), calls to action and reader boilerplate ("Submit your letter to the editor via this form", "Sign up
for ..."), unattributed evaluation ("It could have been far worse.", "Finally, borrowers will receive relief."),
promotional claims ("Acme is the global leader in ...") and forward-looking-statement disclaimers. An attributed
sentence ("the company says it is the global leader") is reporting what someone said and is never refused here.
"""

from __future__ import annotations

import re

from summarizer.text.entities import quoted_regions
from summarizer.text.normalize import caseless
from summarizer.text.regex import lazy_compile

__all__ = ["not_reporting"]

# (reason, pattern, needles): ``needles`` are lower-case words of which every match of the pattern contains at least
# one, whatever its case (a text whose caseless() copy holds none of them is not searched); empty: always searched.
_RULES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "first-person editorial voice",
        # case-sensitive: "US" is the United States; a lone "I" may be a numeral ("World War I")
        lazy_compile(
            r"\b(?:[Ww]e|[Ww]e['’](?:re|ve|ll)|[Oo]ur|[Oo]urs|us|I['’](?:m|ve|d|ll)|I\s+(?:think|believe|feel)|[Mm]y)\b",
            first="WwOouIMm",
        ),
        (),  # case-sensitive: searched in every sentence
    ),
    (
        "call to action or reader boilerplate",
        lazy_compile(
            r"^\W*(?:please\s+)?(?:submit|sign\s+up|subscribe|click|tap|read\s+more|download|register|donate)\b|"
            r"\b(?:letter\s+to\s+the\s+editor|via\s+this\s+form|sign\s+up\s+for|subscribe\s+to\s+(?:our|the)\s+"
            r"newsletter|terms\s+of\s+(?:use|service)|privacy\s+policy|all\s+rights\s+reserved)\b",
            re.IGNORECASE,
        ),
        tuple("submit sign subscribe click tap read download register donate letter via terms privacy rights".split()),
    ),
    (
        "unattributed evaluation",
        lazy_compile(
            r"^\W*(?:finally|thankfully|sadly|fortunately|unfortunately|clearly|obviously|of\s+course|mercifully|"
            r"happily|alas)\b,?|\b(?:could|might)\s+have\s+been\s+(?:far\s+|much\s+|a\s+lot\s+)?(?:worse|better)\b|"
            r"\bit\s+is\s+(?:high\s+)?time\s+(?:to|for)\b|\b(?:is|was)\s+an?\s+(?:disgrace|outrage|travesty|triumph)\b",
            re.IGNORECASE,
        ),
        tuple(
            "finally thankfully sadly fortunately clearly obviously course mercifully happily alas worse better "
            "time disgrace outrage travesty triumph".split()
        ),
    ),
    (
        "promotional claim",
        lazy_compile(
            r"\b(?:is|are)\s+(?:the|a)\s+(?:global|world|worldwide|industry|market|leading)\s+"
            r"(?:leader|leaders|provider)\b|\bworld-class\b|\bbest-in-class\b|\bindustry-leading\b|"
            r"\b(?:thrilled|delighted|excited|proud)\s+to\s+(?:announce|partner|welcome|introduce)\b",
            re.IGNORECASE,
        ),
        tuple("leader provider world-class best-in-class industry-leading thrilled delighted excited proud".split()),
    ),
    (
        "forward-looking-statement disclaimer",
        lazy_compile(r"\bforward[- ]looking\s+statements?\b", re.IGNORECASE),
        ("forward",),
    ),
)


def _unquoted(sentence: str) -> str:
    """The sentence with quoted passages blanked (their words are someone else's)."""
    regions = quoted_regions(sentence)
    if not regions:
        return sentence
    chars = list(sentence)
    for start, end in regions:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def not_reporting(sentence: str, *, attributed: bool) -> str | None:
    """Why ``sentence`` (stated in the source's own voice unless ``attributed``) is not reporting, or None."""
    if attributed:
        return None
    text = _unquoted(sentence)
    folded = caseless(text)
    for reason, rx, needles in _RULES:
        if needles and not any(n in folded for n in needles):
            continue  # no match can be there
        if rx.search(text):
            return reason
    return None
