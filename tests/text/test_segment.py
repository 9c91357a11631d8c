"""Sentence segmentation keeps offsets into the unaltered text and does not split at abbreviations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.segment import content_words, split_sentences, stem, tokens


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One fact here. Another one.", ["One fact here.", "Another one."], id="plain"),
        pytest.param(
            "Maj. Gen. Pat Ryder told reporters. He left.",
            ["Maj. Gen. Pat Ryder told reporters.", "He left."],
            id="military-titles",
        ),
        pytest.param(
            "U.S. Central Command said so. The base was hit.",
            ["U.S. Central Command said so.", "The base was hit."],
            id="us-at-start",
        ),
        pytest.param(
            "Troops were sent to the U.S. The base was hit.",
            ["Troops were sent to the U.S.", "The base was hit."],
            id="us-ends-sentence",
        ),
        pytest.param(
            "It happened at 6:30 p.m. local time Saturday. Then silence.",
            ["It happened at 6:30 p.m. local time Saturday.", "Then silence."],
            id="pm-inside",
        ),
        pytest.param(
            "“We are there,” Ryder said. “We stay.” Next.",
            ["“We are there,” Ryder said.", "“We stay.”", "Next."],
            id="closing-quote-after-period",
        ),
        pytest.param(
            "Headline without stop\nBody sentence here.", ["Headline without stop", "Body sentence here."], id="lines"
        ),
        pytest.param(
            "John F. Kennedy spoke. Then 2.5 million left.",
            ["John F. Kennedy spoke.", "Then 2.5 million left."],
            id="initial-decimal",
        ),
        pytest.param(
            "Since Oct. 17 there were attacks. More followed.",
            ["Since Oct. 17 there were attacks.", "More followed."],
            id="month-abbrev",
        ),
    ],
)
def test_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n“”\"'U.S")), max_size=200))
def test_sentence_offsets_index_the_text_and_never_overlap(text: str) -> None:
    last = 0
    for a, b in split_sentences(text):
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b


_WORD_BEFORE_PERIOD = re.compile(r"([A-Za-z][A-Za-z.]*)\.*$")  # the pattern the word before a period was searched with


def _abbreviation_by_search(text: str, dot: int) -> bool:
    from summarizer.text import segment

    m = _WORD_BEFORE_PERIOD.search(text[max(0, dot - 40) : dot + 1])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return word not in {"i", "a"}
    if word.replace(".", "") in segment._ABBREV_CAN_END:
        nxt = segment._NEXT_WORD.match(text, dot + 1)
        return not (nxt and nxt.group(1).lower() in segment._SENTENCE_STARTERS)
    if word in segment.ABBREVIATIONS:
        return True
    return bool(segment._DOTTED.fullmatch(word))


_BEFORE_PERIOD = st.lists(
    st.sampled_from(["a", "I", "U.S", "u.k", "Mr", "Gen", "etc", "N.Y", ".", "..", " ", "\n", "5", "\u00e9", "\u017f",
                     "\u212a", "-", "'", "x" * 45, "The", " army"]),
    max_size=10,
).map("".join)  # fmt: skip


@given(_BEFORE_PERIOD, _BEFORE_PERIOD)
def test_abbreviation_reads_the_word_before_the_period_as_the_search_did(before: str, after: str) -> None:
    from summarizer.text import segment

    text = before + "." + after
    assert segment._is_abbreviation(text, len(before)) == _abbreviation_by_search(text, len(before))


def test_offsets_work_on_a_slice_of_the_text() -> None:
    text = "Skip me. Keep this one. And this."
    spans = split_sentences(text, start=9)
    assert [text[a:b] for a, b in spans] == ["Keep this one.", "And this."]


def test_tokens_and_content_words_drop_stopwords_and_keep_hyphenated_words() -> None:
    assert tokens("Iranian-backed militants fired 33 missiles.") == [
        "iranian-backed",
        "militants",
        "fired",
        "33",
        "missiles."[:-1],
    ]
    assert content_words("The attack on the base was over") == ["attack", "base"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("missiles", "missile", id="plural"),
        pytest.param("injuries", "injury", id="ies"),
        pytest.param("attacked", "attack", id="ed"),
    ],
)
def test_stem_joins_inflections(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_stem_is_memoised_and_gives_the_same_stem_on_every_call() -> None:
    from summarizer.text.segment import _stem

    words = ["missiles", "Injuries", "attacked", "running", "O’Brien’s", "is", ""]
    assert [stem(w) for w in words] == [_stem(w) for w in words] == [stem(w) for w in words]
    assert stem.cache_info().maxsize == 1 << 16
