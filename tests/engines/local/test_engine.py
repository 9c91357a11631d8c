from __future__ import annotations

import datetime as dt

from builders import article

from summarizer.engines.local.engine import LocalEngine
from summarizer.engines.local.extract import extract_facts
from summarizer.models import StoryPlan
from summarizer.story.neutral import loaded_terms

DAY = dt.date(2024, 3, 10)
TEXT = (
    "Critics slammed the council after the Elm Street bridge in Halden was closed on Tuesday, the city said. "
    "Inspectors found a crack in the main span of the bridge on Monday, the council said in a statement."
)


def test_composed_drafts_carry_the_loaded_terms_the_engine_found_while_scoring_them() -> None:
    facts = extract_facts(article(TEXT, "S1", published=DAY)).facts
    composed = LocalEngine().compose(StoryPlan(id="story-1", facts=facts, max_sentences=3))
    assert composed.sentences
    for draft in composed.sentences:
        assert draft.loaded_terms == [t.term for t in loaded_terms(draft.text)]
    assert any(d.loaded_terms and "slammed" in d.loaded_terms for d in composed.sentences)
