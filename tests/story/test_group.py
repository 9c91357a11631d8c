"""Grouping separates incidents, keeps background as context, and orders stories in time."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from builders import article

from summarizer.engines.local.extract import extract_facts
from summarizer.models import Article, Extraction
from summarizer.story.group import group_stories

FLOOD_A = (
    "Floods swept through the river town of Lindenau on Saturday, forcing 300 residents from their homes, "
    "the regional fire service said. Rescue crews used boats to reach stranded families in the old town. "
    "The river rose two metres in six hours after a night of heavy rain."
)
FLOOD_B = (
    "Rescue crews in boats evacuated about 300 residents of Lindenau after floods swept through the river town "
    "on Saturday, officials said. Heavy rain overnight pushed the river two metres above its normal level."
)
ELECTION = (
    "Voters in the province of Marrow elected a new governor on Saturday, choosing the former mayor Ilse Brandt "
    "by a narrow margin. Turnout was 61 percent, the electoral commission said. Brandt promised new schools."
)
FLOOD_MONDAY = (
    "Floods swept through the river town of Lindenau late Monday, forcing residents from their homes, the fire "
    "service said. Rescue crews used boats to reach stranded families in the old town after heavy rain."
)


def _group(*arts):  # type: ignore[no-untyped-def]
    extractions = {a.id: extract_facts(a) for a in arts}
    return group_stories(list(arts), extractions)


SUNDAY = dt.date(2024, 3, 10)


def test_articles_on_the_same_incident_form_one_story() -> None:
    stories = _group(article(FLOOD_A, "S1", published=SUNDAY), article(FLOOD_B, "S2", published=SUNDAY))
    assert [s.sources for s in stories] == [["S1", "S2"]]
    assert stories[0].date == dt.date(2024, 3, 9)


def test_unrelated_stories_on_the_same_day_never_merge() -> None:
    stories = _group(article(FLOOD_A, "S1", published=SUNDAY), article(ELECTION, "S2", published=SUNDAY))
    assert sorted(s.sources for s in stories) == [["S1"], ["S2"]]


def test_undated_article_naming_a_clashing_weekday_is_a_separate_incident() -> None:
    stories = _group(article(FLOOD_A, "S1", published=SUNDAY), article(FLOOD_MONDAY, "S2", published=None))
    assert sorted(s.sources for s in stories) == [["S1"], ["S2"]]


def test_background_fact_is_context_and_does_not_become_a_story() -> None:
    text = FLOOD_A + " The town was last flooded on March 3, 2019, when 40 homes were damaged."
    stories = _group(article(text, "S1", published=SUNDAY))
    assert len(stories) == 1
    assert any("2019" in f.text for f in stories[0].context)
    assert all("2019" not in f.text for f in stories[0].facts)


def test_stories_with_as_many_credible_sources_are_ordered_newest_first_with_undated_last() -> None:
    older = article(ELECTION, "S1", published=dt.date(2023, 5, 7))
    undated = article(FLOOD_MONDAY, "S2", published=None)
    newer = article(FLOOD_A, "S3", published=SUNDAY)
    stories = _group(older, undated, newer)
    assert [s.sources for s in stories] == [["S3"], ["S1"], ["S2"]]
    assert [s.id for s in stories] == ["story-1", "story-2", "story-3"]


def test_a_story_told_by_more_credible_sources_comes_before_a_newer_one_source_story() -> None:
    from summarizer.story.group import StoryGroup, importance

    big = StoryGroup(id="", date=dt.date(2024, 1, 1), sources=["S1", "S2", "S3"])
    small_new = StoryGroup(id="", date=dt.date(2024, 6, 1), sources=["S4"])
    weak = StoryGroup(id="", date=dt.date(2024, 6, 2), sources=["S5", "S6"])  # S6 is AI-written (low weight)
    weights = {"S6": 0.08}
    ordered = sorted([small_new, weak, big], key=lambda g: importance(g, weights))
    assert ordered == [big, weak, small_new]  # 3 credible; then 1 credible each: newer first


FRAMING_LEFT = (
    "Lawmakers in Veldt passed a sweeping climate bill on a party-line vote, handing the governor a major win on "
    "clean energy. The bill sets a target of zero emissions from power plants by 2040."
)
FRAMING_RIGHT = (
    "Veldt lawmakers rammed through a costly climate bill that critics say will raise power bills for families. "
    "The measure orders power plants to reach zero emissions by 2040, a target business groups call unrealistic."
)


def test_undated_articles_with_opposite_framings_of_one_development_form_one_story() -> None:
    stories = _group(article(FRAMING_LEFT, "S1"), article(FRAMING_RIGHT, "S2"))
    assert [s.sources for s in stories] == [["S1", "S2"]]


def test_undated_article_needs_closer_wording_to_join_a_dated_story() -> None:
    from summarizer.story.group import HALF_DATED_SIMILARITY, UNDATED_SIMILARITY, Signature, same_story

    dated = Signature("S1", dt.date(2024, 3, 9), "saturday", Counter(), None)
    undated = Signature("S2", None, None, Counter(), None)
    between = (UNDATED_SIMILARITY + HALF_DATED_SIMILARITY) / 2
    assert same_story(undated, undated, between)
    assert not same_story(dated, undated, between)


def test_one_bridging_article_does_not_chain_two_unrelated_stories() -> None:
    from summarizer.story.group import Signature, cluster

    def sig(words: str) -> Signature:
        return Signature("S", None, None, Counter(words.split()), None)

    flood = "flood river lindenau rescue boats residents evacuated"
    vote = "governor election marrow ballots turnout winner"
    signatures = [sig(flood), sig(flood + " levee"), sig(flood + " " + vote), sig(vote + " recount"), sig(vote)]
    groups = cluster(signatures)
    together = next(g for g in groups if 0 in g)
    assert 4 not in together and 3 not in together


def test_among_undated_stories_the_one_with_more_sources_comes_first() -> None:
    stories = _group(article(ELECTION, "S1"), article(FRAMING_LEFT, "S2"), article(FRAMING_RIGHT, "S3"))
    assert [s.sources for s in stories] == [["S2", "S3"], ["S1"]]


WIRE = (
    "A magnitude 6.1 earthquake struck the coastal province of Verrano early on Tuesday, collapsing {n} houses in "
    "the port of Calvi, the civil protection agency said. Rescuers from {team} searched the rubble for survivors. "
    "The quake was felt across the Ostra peninsula, and aftershocks continued through the morning."
)
OTHER_STORIES = (FLOOD_A, ELECTION, FRAMING_LEFT)


def _wire_copies(count: int) -> list:  # type: ignore[type-arg]
    """``count`` near-identical reports of one earthquake: each copy has its own count of collapsed houses (a term
    of its own) and one of two rescue teams; every other term is shared by all of them."""
    teams = ("Calvi", "the Red Cross")
    return [
        article(WIRE.format(n=100 + k, team=teams[k % 2]), f"W{k}", published=dt.date(2024, 5, 8)) for k in range(count)
    ]


def test_a_story_of_two_hundred_near_identical_articles_stays_one_story() -> None:
    others = [article(text, f"O{k}", published=SUNDAY) for k, text in enumerate(OTHER_STORIES)]
    stories = _group(*_wire_copies(200), *others)
    wire = [s for s in stories if any(src.startswith("W") for src in s.sources)]
    assert len(wire) == 1
    assert sorted(wire[0].sources) == sorted(f"W{k}" for k in range(200))
    assert all(len(s.sources) == 1 for s in stories if s is not wire[0])


def test_a_story_just_past_the_old_posting_cap_stays_one_story_like_one_just_under_it() -> None:
    # 60 copies gave one story and 61 gave 61 when a term shared by more than 60 articles proposed no pair.
    assert [len(s.sources) for s in _group(*_wire_copies(60))] == [60]
    assert [len(s.sources) for s in _group(*_wire_copies(61))] == [61]


def _signatures_of(arts) -> list:  # type: ignore[no-untyped-def,type-arg]
    from summarizer.story.group import signature

    return [signature(a, extract_facts(a).facts) for a in arts]


def test_grouping_does_not_change_with_the_candidate_window() -> None:
    from summarizer.story.group import cluster

    others = [article(text, f"O{k}", published=SUNDAY) for k, text in enumerate(OTHER_STORIES)]
    sigs = _signatures_of([*_wire_copies(120), *others])
    exhaustive = cluster(sigs, window=len(sigs))  # every pair of articles sharing a term is compared
    assert cluster(sigs) == exhaustive
    assert cluster(sigs, window=2) == exhaustive
    assert sorted(len(g) for g in exhaustive) == [1, 1, 1, 120]


def test_candidate_pairs_grow_linearly_when_every_article_shares_its_terms() -> None:
    from summarizer.story.group import TOP_TERMS, candidate_pairs

    n, window = 400, 5
    vectors = [{"common": 1.0, f"own{k}": 0.5, f"pair{k // 2}": 0.4} for k in range(n)]
    pairs = set(candidate_pairs(vectors, [(0,)] * n, window))
    assert len(pairs) <= n * TOP_TERMS * window
    assert len(pairs) < n * (n - 1) // 2 // 10
    assert all((k, k + 1) in pairs for k in range(0, n, 2))  # articles sharing a rare term are always compared


def test_candidate_pairs_are_each_proposed_once_however_many_terms_propose_them() -> None:
    from summarizer.story.group import RARE_TERM, candidate_pairs

    # 300 articles in groups of RARE_TERM, each group sharing 400 rare terms: every pair of a group is proposed 400
    # times (past the point where the partners are compacted), and must come out once.
    n, shared = 300, 400
    vectors = [{**{f"g{k // RARE_TERM}t{t}": 1.0 for t in range(shared)}, f"own{k}": 2.0} for k in range(n)]
    pairs = list(candidate_pairs(vectors, [(0,)] * n))
    expected = {(i, j) for i in range(n) for j in range(i + 1, n) if i // RARE_TERM == j // RARE_TERM}
    assert len(pairs) == len(expected)
    assert set(pairs) == expected


def test_a_date_in_a_sentence_that_names_another_weekday_is_not_the_event_date() -> None:
    from summarizer.story.group import signature

    text = (
        "The population on April 1, 2020, was 331.5 million, census data released on Monday showed, the "
        "slowest growth since the 1930s. The bureau said the count was completed despite the pandemic."
    )
    art = article(text, "S1", published=dt.date(2021, 4, 27))  # a Tuesday: "Monday" is April 26
    assert signature(art, extract_facts(art).facts).date == dt.date(2021, 4, 26)


def test_an_undated_report_is_compared_with_a_date_no_publication_anchors_as_with_an_undated_one() -> None:
    from summarizer.story.group import HALF_DATED_SIMILARITY, UNDATED_SIMILARITY, Signature, same_story

    between = (UNDATED_SIMILARITY + HALF_DATED_SIMILARITY) / 2
    reference = Signature("S1", dt.date(2001, 9, 11), None, Counter(), None, anchored=False)  # "the 9/11 attacks"
    anchored = Signature("S1", dt.date(2001, 9, 11), None, Counter(), dt.date(2001, 9, 12))
    undated = Signature("S2", None, None, Counter(), None)
    assert same_story(reference, undated, between)
    assert not same_story(anchored, undated, between)
    other_day = Signature("S3", dt.date(2001, 9, 20), None, Counter(), None, anchored=False)
    assert not same_story(reference, other_day, 0.9)  # two dates still tell two reports apart


def test_articles_sharing_a_rare_term_are_compared_even_when_it_is_not_among_their_top_terms() -> None:
    from summarizer.story.group import TOP_TERMS, candidate_pairs

    heavy = [{f"a{k}": 1.0 for k in range(TOP_TERMS)}, {f"b{k}": 1.0 for k in range(TOP_TERMS)}]
    for vec in heavy:
        vec["soleimani"] = 0.1  # shared, but weighs least in both
    assert set(candidate_pairs(heavy, [(0,), (0,)])) == {(0, 1)}


def test_spelling_variants_of_a_name_count_as_one_name_in_the_signature() -> None:
    from summarizer.story.group import signature

    one = article("Gen. Qassem Soleimani was killed in a drone strike near Baghdad airport, officials said.", "S1")
    two = article("Officials said a drone strike near Baghdad airport killed Gen. Qasem Suleimani.", "S2")
    a, b = (signature(x, extract_facts(x).facts) for x in (one, two))
    assert "soleimani" in a.vector and "soleimani" not in b.vector  # the stems differ ...
    assert {"~kasam", "~salamana"} <= a.vector.keys() & b.vector.keys()  # ... the names' spelling keys do not


def _floods_and_election() -> tuple[list[Article], dict[str, Extraction]]:
    """Two reports of one flood and an election report, all published on Sunday, with their extractions."""
    arts = [
        article(FLOOD_A, "S1", published=SUNDAY),
        article(FLOOD_B, "S2", published=SUNDAY),
        article(ELECTION, "S3", published=SUNDAY),
    ]
    return arts, {a.id: extract_facts(a) for a in arts}


def test_group_signatures_groups_each_article_by_the_signature_it_is_given() -> None:
    from summarizer.story.group import group_signatures, signature

    arts, extractions = _floods_and_election()
    kept = {a.id: len(extractions[a.id].facts) for a in arts}
    computed = group_signatures([signature(a, extractions[a.id].facts) for a in arts], kept)
    assert any(g.sources == ["S1", "S2"] for g in computed)
    # a given signature is what the article is grouped by: S2 with the election's leaves the floods apart
    swapped = [
        signature(arts[0], extractions["S1"].facts),
        dataclasses.replace(signature(arts[2], extractions["S3"].facts), source="S2"),
        signature(arts[2], extractions["S3"].facts),
    ]
    assert not any(g.sources == ["S1", "S2"] for g in group_signatures(swapped, kept))


def test_group_signatures_makes_the_stories_of_group_stories_without_their_facts() -> None:
    from summarizer.story.group import group_signatures, signature

    arts, extractions = _floods_and_election()
    expected = group_stories(arts, extractions)
    sigs = [signature(a, extractions[a.id].facts) for a in arts]
    groups = group_signatures(sigs, {a.id: len(extractions[a.id].facts) for a in arts})
    assert [(g.id, g.date, g.sources) for g in groups] == [(g.id, g.date, g.sources) for g in expected]
    assert all(not g.facts and not g.context for g in groups)


def test_group_signatures_leaves_out_a_story_whose_articles_kept_no_fact() -> None:
    from summarizer.story.group import group_signatures, signature

    arts, extractions = _floods_and_election()
    sigs = [signature(a, extractions[a.id].facts) for a in arts]
    groups = group_signatures(sigs, {"S1": 2, "S2": 0, "S3": 0})
    assert [g.sources for g in groups] == [["S1", "S2"]]
    assert groups[0].id == "story-1"


def test_add_facts_puts_a_fact_dated_before_the_story_in_its_context() -> None:
    from summarizer.story.group import StoryGroup, add_facts

    text = FLOOD_A + " The town was last flooded on March 3, 2019, when 40 homes were damaged."
    facts = extract_facts(article(text, "S1", published=SUNDAY)).facts
    group = StoryGroup(id="story-1", date=dt.date(2024, 3, 9), sources=["S1"])
    add_facts(group, facts)
    assert [f.id for f in group.context] == [f.id for f in facts if "2019" in f.text] != []
    assert [f.id for f in group.facts] == [f.id for f in facts if "2019" not in f.text] != []


def test_the_name_keys_of_two_signatures_are_one_string() -> None:
    from summarizer.story.group import signature

    one = article("Gen. Qassem Soleimani was killed in a drone strike near Baghdad airport, officials said.", "S1")
    two = article("Officials said a drone strike near Baghdad airport killed Gen. Qasem Suleimani.", "S2")
    a, b = (signature(x, extract_facts(x).facts) for x in (one, two))
    key_a = next(k for k in a.vector if k == "~kasam")
    key_b = next(k for k in b.vector if k == "~kasam")
    assert key_a is key_b  # kept once however many articles name him


def test_group_signatures_weighs_signatures_as_cluster_does_and_lets_their_counts_go() -> None:
    from summarizer.story.group import cluster, group_signatures, signature

    arts, extractions = _floods_and_election()
    given = [signature(a, extractions[a.id].facts) for a in arts]
    expected = cluster([signature(a, extractions[a.id].facts) for a in arts])
    groups = group_signatures(given, {a.id: len(extractions[a.id].facts) for a in arts})
    assert sorted(sorted(int(s[1:]) - 1 for s in g.sources) for g in groups) == sorted(expected)
    assert all(not s.vector for s in given)  # used up: weighed, then emptied


def test_a_term_of_more_than_rare_term_articles_pairs_only_those_it_is_a_top_term_of() -> None:
    from summarizer.story.group import RARE_TERM, TOP_TERMS, candidate_pairs

    def vectors(n: int) -> list[dict[str, float]]:  # "shared" weighs least in each: never among its top terms
        return [{**{f"own{k}.{t}": 1.0 for t in range(TOP_TERMS)}, "shared": 0.1} for k in range(n)]

    n = RARE_TERM
    assert set(candidate_pairs(vectors(n), [(0,)] * n)) == {(i, j) for i in range(n) for j in range(i + 1, n)}
    assert list(candidate_pairs(vectors(n + 1), [(0,)] * (n + 1))) == []
    tops = vectors(n + 1)
    tops[0]["shared"] = tops[2]["shared"] = 5.0  # a top term of these two only
    assert list(candidate_pairs(tops, [(0,)] * (n + 1))) == [(0, 2)]


def test_pair_keys_sort_as_best_similarity_first_then_by_indices() -> None:
    from summarizer.story.group import _INDEX, _pair_key

    pairs = [
        (0.5, 3, 9),
        (0.1, 0, 1),
        (0.5, 2, 7),
        (1.0000000000000002, 5, 6),
        (0.5, 2, 4),
        (0.30000000000000004, 1, 8),
    ]
    packed = sorted(_pair_key(s, i, j) for s, i, j in pairs)
    assert [((k >> 32) & _INDEX, k & _INDEX) for k in packed] == [
        (i, j) for _, i, j in sorted((-s, i, j) for s, i, j in pairs)
    ]


def test_equal_weights_of_a_weighed_vector_are_one_float_object() -> None:
    from summarizer.story.group import _shared_values

    vec = _shared_values({"a": 0.25, "b": float("0.25"), "c": 0.5, "d": 1 / 4})
    assert vec == {"a": 0.25, "b": 0.25, "c": 0.5, "d": 0.25}
    assert vec["a"] is vec["b"] is vec["d"]
