"""The extractive composer picks central, corroborated, attributed sentences and cites every one of them."""

from __future__ import annotations

import datetime as dt
import time

from builders import article

from summarizer.engines.local.compose import compose_extractive
from summarizer.engines.local.extract import extract_facts
from summarizer.models import StoryPlan

DAY = dt.date(2024, 3, 10)
A = (
    "Floods swept through the river town of Lindenau on Saturday, forcing 300 residents from their homes, "
    "the regional fire service said. Rescue crews used boats to reach stranded families in the old town. "
    "It was a terrible night for everyone involved in the rescue. "
    "A bakery on the main square reopened its doors later that week to serve soup."
)
B = (
    "About 300 residents of Lindenau were forced from their homes when floods swept through the river town on "
    "Saturday, the fire service said. Heavy rain overnight pushed the river two metres above its normal level."
)


def _plan(max_sentences: int = 3, weights: dict[str, float] | None = None) -> StoryPlan:
    facts = [
        f for a in (article(A, "S1", published=DAY), article(B, "S2", published=DAY)) for f in extract_facts(a).facts
    ]
    return StoryPlan(id="story-1", facts=facts, max_sentences=max_sentences, source_weights=weights or {})


def test_every_sentence_cites_its_own_span() -> None:
    composed = compose_extractive(_plan())
    assert composed.sentences
    for s in composed.sentences:
        assert s.citations
        assert s.citations[0].quote == s.text


def test_corroborated_sentence_leads_and_cites_the_other_source() -> None:
    composed = compose_extractive(_plan())
    lead = composed.sentences[0]
    assert lead.kind == "lead"
    assert {c.source for c in lead.citations} == {"S1", "S2"}


def test_near_duplicate_of_a_chosen_sentence_is_not_repeated() -> None:
    composed = compose_extractive(_plan(max_sentences=5))
    texts = [s.text for s in composed.sentences]
    both = [t for t in texts if "300 residents" in t]
    assert len(both) == 1


def test_sentence_needing_context_ranks_below_self_contained_ones() -> None:
    composed = compose_extractive(_plan(max_sentences=3))
    assert all(not s.text.startswith("It was") for s in composed.sentences)


def test_low_source_weight_demotes_but_does_not_delete() -> None:
    plan = _plan(max_sentences=10, weights={"S1": 0.1})
    composed = compose_extractive(plan)
    assert composed.sentences[0].citations[0].source == "S2"
    assert any(c.source == "S1" for s in composed.sentences for c in s.citations)


def test_headline_comes_from_a_title_when_there_is_one() -> None:
    composed = compose_extractive(_plan(), {"S1": "Floods force 300 from homes in Lindenau", "S2": ""})
    assert composed.headline == "Floods force 300 from homes in Lindenau"


def test_headline_falls_back_to_the_lead_sentence() -> None:
    composed = compose_extractive(_plan(), {})
    assert composed.headline.split()[:3] == composed.sentences[0].text.split()[:3]


def test_a_similar_sentence_with_a_different_figure_or_a_negation_does_not_corroborate() -> None:
    from summarizer.engines.local.compose import corroborates

    base = "Militants fired 12 rockets at the Selvan naval base on Tuesday, the navy said."
    assert corroborates(base, "Militants fired 12 rockets at the naval base in Selvan on Tuesday, officials said.")
    assert not corroborates(base, "Militants fired 20 rockets at the Selvan naval base on Tuesday, the navy said.")
    claimed = "The Northern Front claimed responsibility for the attack on the base."
    assert not corroborates(claimed, "No group claimed responsibility for the attack on the base.")


def test_conflicting_sources_are_not_cited_as_support() -> None:
    a = article(
        "Militants fired 12 rockets at the Selvan naval base on Tuesday, injuring one sailor, the navy said.",
        "S1",
        published=DAY,
    )
    b = article(
        "Militants fired twenty rockets at the Selvan naval base on Tuesday, injuring eight sailors, officials said.",
        "S2",
        published=DAY,
    )
    facts = [*extract_facts(a).facts, *extract_facts(b).facts]
    composed = compose_extractive(StoryPlan(id="story-1", facts=facts, max_sentences=2))
    for s in composed.sentences:
        assert len({c.source for c in s.citations}) == 1


JOBS = (
    "The U.S. economy added 266,000 jobs in November, the Labor Department said on Friday. "
    "Unemployment fell to 3.5%, a half-century low. ",
    "Employers added 266K jobs last month, government figures showed on Friday. "
    "The jobless rate dipped to 3.5 percent, the lowest since 1969. ",
    "Payrolls rose by 266,000 in November, well above forecasts, the Labor Department reported on Friday. "
    "Wages grew 3.1% from a year earlier. ",
)


def _jobs_plan() -> StoryPlan:
    day = dt.date(2019, 12, 6)
    facts = [f for k, text in enumerate(JOBS) for f in extract_facts(article(text, f"S{k + 1}", published=day)).facts]
    return StoryPlan(id="story-1", facts=facts, max_sentences=4)


def test_the_same_figure_told_in_different_words_is_one_sentence_cited_to_every_outlet() -> None:
    composed = compose_extractive(_jobs_plan())
    jobs = [s for s in composed.sentences if "266" in s.text]
    assert len(jobs) == 1, [s.text for s in composed.sentences]  # restatements merged, not repeated
    cited = {c.source for c in jobs[0].citations}
    assert cited == {"S1", "S2", "S3"}
    # each outlet is cited with its own span, the one stating the figure
    assert all("266" in c.quote for c in jobs[0].citations)


def test_unemployment_rate_stated_by_two_outlets_cites_both_but_not_the_wages_figure() -> None:
    composed = compose_extractive(_jobs_plan())
    rate = next(s for s in composed.sentences if "3.5" in s.text)
    assert {c.source for c in rate.citations} == {"S1", "S2"}


def _copies(n: int) -> StoryPlan:
    """A story told by ``n`` outlets running one wire report, lightly edited (one of three versions each)."""
    lines = [
        "Militants fired 12 rockets at the Selvan naval base on Tuesday, injuring one sailor, the navy said.",
        "The attack came hours after talks between the two governments broke down in Geneva.",
        "Oil prices rose 4 percent in Asian trading after news of the strike spread.",
        "The navy said the base's air defences intercepted most of the rockets before they hit.",
        "Residents of the nearby port town reported hearing loud explosions for about 20 minutes.",
        "The government of the neighbouring state denied any role in the attack on Wednesday.",
        "Shipping companies said they would reroute tankers away from the strait for a week.",
    ]
    versions = []
    for v in range(3):
        text = " ".join(
            line if (v + m) % 3 else line.replace(" the ", " the nearby ", 1) for m, line in enumerate(lines)
        )
        versions.append(extract_facts(article(text, "S1", published=DAY)).facts)
    facts = []
    for k in range(n):
        sid = f"S{k + 1}"
        for f in versions[k % 3]:
            evidence = [e.model_copy(update={"source": sid}) for e in f.evidence]
            facts.append(
                f.model_copy(update={"source": sid, "id": f"{sid}.{f.id.split('.')[-1]}", "evidence": evidence})
            )
    return StoryPlan(id="story-1", facts=facts, max_sentences=6)


def test_a_story_of_two_hundred_near_identical_copies_is_composed_in_bounded_time_citing_every_copy() -> None:
    small, large = _copies(20), _copies(200)
    t0 = time.process_time()
    compose_extractive(small)
    t_small = time.process_time() - t0
    t0 = time.process_time()
    composed = compose_extractive(large)
    t_large = time.process_time() - t0
    assert t_large < 30 * max(t_small, 0.05)  # 10x the copies: roughly linear, not quadratic (100x)
    assert len(composed.sentences) == 6
    texts = [s.text.replace(" nearby", "") for s in composed.sentences]
    assert len(set(texts)) == len(texts)  # the copies' restatements are merged, not repeated
    for s in composed.sentences:
        sources = [c.source for c in s.citations]
        assert len(sources) == len(set(sources)) >= 150, s.text  # every copy stating it, each with one span
