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
from summarizer.text.regex import lazy_compile

__all__ = ["not_reporting"]

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "first-person editorial voice",
        # case-sensitive: "US" is the United States; a lone "I" may be a numeral ("World War I")
        lazy_compile(
            r"\b(?:[Ww]e|[Ww]e['’](?:re|ve|ll)|[Oo]ur|[Oo]urs|us|I['’](?:m|ve|d|ll)|I\s+(?:think|believe|feel)|[Mm]y)\b"
        ),
    ),
    (
        "call to action or reader boilerplate",
        lazy_compile(
            r"^\W*(?:please\s+)?(?:submit|sign\s+up|subscribe|click|tap|read\s+more|download|register|donate)\b|"
            r"\b(?:letter\s+to\s+the\s+editor|via\s+this\s+form|sign\s+up\s+for|subscribe\s+to\s+(?:our|the)\s+"
            r"newsletter|terms\s+of\s+(?:use|service)|privacy\s+policy|all\s+rights\s+reserved)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "unattributed evaluation",
        lazy_compile(
            r"^\W*(?:finally|thankfully|sadly|fortunately|unfortunately|clearly|obviously|of\s+course|mercifully|"
            r"happily|alas)\b,?|\b(?:could|might)\s+have\s+been\s+(?:far\s+|much\s+|a\s+lot\s+)?(?:worse|better)\b|"
            r"\bit\s+is\s+(?:high\s+)?time\s+(?:to|for)\b|\b(?:is|was)\s+an?\s+(?:disgrace|outrage|travesty|triumph)\b",
            re.IGNORECASE,
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
    ),
    (
        "forward-looking-statement disclaimer",
        lazy_compile(r"\bforward[- ]looking\s+statements?\b", re.IGNORECASE),
    ),
)


def _unquoted(sentence: str) -> str:
    """The sentence with quoted passages blanked (their words are someone else's)."""
    chars = list(sentence)
    for start, end in quoted_regions(sentence):
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def not_reporting(sentence: str, *, attributed: bool) -> str | None:
    """Why ``sentence`` (stated in the source's own voice unless ``attributed``) is not reporting, or None."""
    if attributed:
        return None
    text = _unquoted(sentence)
    for reason, rx in _RULES:
        if rx.search(text):
            return reason
    return None
