"""Story headlines: site furniture and label prefixes removed, loaded titles refused, the headline cited."""

from __future__ import annotations

import pytest
from builders import article

from summarizer.models import BriefSentence
from summarizer.story.headline import clean_title, ground_headline


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        pytest.param(
            "Iran protests: Thousands rally in Tehran | DW | 19.01.2020",
            "Iran protests: Thousands rally in Tehran",
            id="site-and-date-suffix",
        ),
        pytest.param(
            "U.S. judge blocks Trump crackdown on asylum seekers - Reuters",
            "U.S. judge blocks Trump crackdown on asylum seekers",
            id="outlet-suffix",
        ),
        pytest.param(
            "Good News: A Unanimous Supreme Court Rules for Property Rights",
            "A Unanimous Supreme Court Rules for Property Rights",
            id="label-prefix",
        ),
        pytest.param(
            "Why tech companies failed - and what comes next",
            "Why tech companies failed - and what comes next",
            id="dash-inside-the-story-kept",
        ),
    ],
)
def test_clean_title_drops_site_furniture_only(title: str, clean: str) -> None:
    assert clean_title(title) == clean


def test_headline_found_in_a_title_is_cited_to_it() -> None:
    text = "Judge blocks asylum detentions | DW | 19.01.2020\n\nA federal judge on Monday blocked the detentions."
    a = article(text, "S1", title="Judge blocks asylum detentions | DW | 19.01.2020")
    headline, cites = ground_headline(a.title or "", [a], None)
    assert headline == "Judge blocks asylum detentions"
    assert [(c.source, c.quote) for c in cites] == [("S1", "Judge blocks asylum detentions")]
    assert a.text[cites[0].start : cites[0].end] == cites[0].quote


def test_loaded_headline_falls_back_to_the_cited_lead() -> None:
    text = "Disastrous ruling slams migrants\n\nA federal judge on Monday blocked the detention of asylum seekers."
    a = article(text, "S1")
    start = text.index("A federal")
    lead = BriefSentence(text=text[start:], citations=[a.span(start, len(text))])
    headline, cites = ground_headline("Disastrous ruling slams migrants", [a], lead)
    assert headline.startswith("A federal judge on Monday blocked")
    assert cites and cites[0].source == "S1" and a.text[cites[0].start : cites[0].end] == cites[0].quote
