"""Signing off a brief: only approved sentences stay, struck ones are listed as removed, citations are re-checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import review_fixtures

from summarizer.cli import cli
from summarizer.errors import ExitCode, InputError
from summarizer.models import Brief, ReviewDecision, ReviewDecisions
from summarizer.render.apply import (
    apply_decisions,
    brief_sha256,
    failed_approvals,
    read_decisions,
    render_signed_off,
    review_items,
)


@pytest.fixture
def reviewed() -> tuple[Brief, dict[str, str]]:
    b, texts = review_fixtures.example_brief()
    return b, texts


def decide(b: Brief, *rows: tuple[str, str, str]) -> ReviewDecisions:
    return ReviewDecisions(
        brief_sha256=brief_sha256(b),
        decisions=[ReviewDecision(item=i, decision=d, note=n, reviewer="Ann Editor") for i, d, n in rows],  # type: ignore[arg-type]
    )


def test_items_are_numbered_by_position_for_sentences_background_conflicts_and_flags(
    reviewed: tuple[Brief, dict[str, str]],
) -> None:
    b, _ = reviewed
    ids = [i.id for i in review_items(b)]
    assert ids[:7] == [f"story-1/sentence-{n}" for n in range(1, 6)] + ["story-1/conflict-1", "story-1/background-1"]
    assert "story-3/sentence-4" in ids
    assert ids[-3:] == ["source-2/flag-1", "source-2/flag-2", "source-5/flag-1"]
    assert len(ids) == len(set(ids))


def test_the_hash_is_stable_across_a_json_round_trip(reviewed: tuple[Brief, dict[str, str]]) -> None:
    b, _ = reviewed
    again = Brief.model_validate_json(b.model_dump_json())
    assert brief_sha256(again) == brief_sha256(b)
    assert len(brief_sha256(b)) == 64


def test_only_approved_sentences_stay_and_struck_ones_are_removed_with_their_notes(
    reviewed: tuple[Brief, dict[str, str]],
) -> None:
    b, texts = reviewed
    decisions = decide(
        b,
        ("story-1/sentence-1", "approved", ""),
        ("story-1/sentence-2", "approved", "Centcom wording checked"),
        ("story-1/sentence-3", "struck", "mixes two counts"),
        ("story-1/sentence-4", "check-again", "ask the desk"),
        ("story-1/conflict-1", "approved", ""),
        ("source-2/flag-2", "struck", "date is the update date"),
        ("story-2/sentence-1", "approved", ""),
    )
    signed = apply_decisions(b, decisions, texts)
    assert [s.text for s in signed.stories[0].sentences] == [s.text for s in b.stories[0].sentences[:2]]
    assert signed.stories[0].conflicts == b.stories[0].conflicts
    assert signed.stories[0].context == []  # background not approved
    assert [st.id for st in signed.stories] == ["T1", "T2"]  # story 3: nothing approved
    assert [f.kind for f in signed.source("S2").flags] == ["automated-content"]
    assert [f.kind for f in signed.source("S5").flags] == ["no-byline"]  # undecided flags stay
    # citations of what stays are exactly the original ones
    assert signed.stories[0].sentences[1].citations == b.stories[0].sentences[1].citations
    assert signed.review is not None
    rows = {r.item: r for r in signed.review.items}
    assert rows["story-1/sentence-3"].outcome == "removed" and rows["story-1/sentence-3"].note == "mixes two counts"
    assert rows["story-1/sentence-4"].outcome == "not-signed-off" and rows["story-1/sentence-4"].reason
    assert rows["story-1/sentence-2"].outcome == "kept" and rows["story-1/sentence-2"].reviewer == "Ann Editor"
    assert rows["source-2/flag-2"].outcome == "removed"
    assert signed.review.reviewers == ["Ann Editor"]
    assert failed_approvals(signed) == []


def test_markdown_lists_removed_items_and_notes_after_the_brief(reviewed: tuple[Brief, dict[str, str]]) -> None:
    b, texts = reviewed
    decisions = decide(
        b,
        ("story-1/sentence-1", "approved", "lead verified by phone"),
        ("story-1/sentence-3", "struck", "mixes two counts"),
    )
    md = render_signed_off(apply_decisions(b, decisions, texts), "md")
    head, review = md.split("## Review", 1)
    assert b.stories[0].sentences[0].text in head
    assert b.stories[0].sentences[2].text not in head
    removed = review.split("### Removed in review", 1)[1].split("###", 1)[0]
    assert "mixes two counts" in removed and "S1 [" in removed
    assert "lead verified by phone" in review.split("### Notes", 1)[1]
    assert "1 of 12 sentences approved" in review
    assert "### Not signed off" in review


def test_json_is_the_signed_off_brief_with_its_review(reviewed: tuple[Brief, dict[str, str]]) -> None:
    b, texts = reviewed
    signed = apply_decisions(b, decide(b, ("story-2/sentence-2", "approved", "")), texts)
    data = json.loads(render_signed_off(signed, "json"))
    assert data["review"]["brief_sha256"] == brief_sha256(b)
    assert [len(st["sentences"]) for st in data["stories"]] == [1]
    assert Brief.model_validate(data) == signed


def test_an_approved_sentence_whose_citation_no_longer_matches_is_not_signed_off(
    reviewed: tuple[Brief, dict[str, str]],
) -> None:
    b, texts = reviewed
    changed = dict(texts, S4="X" + texts["S4"])  # the file was edited after the brief was made
    signed = apply_decisions(b, decide(b, ("story-2/sentence-1", "approved", "")), changed)
    assert signed.stories == []
    [failed] = failed_approvals(signed)
    assert failed.item == "story-2/sentence-1" and "no longer matches" in failed.reason


def test_decisions_made_on_another_brief_are_refused(reviewed: tuple[Brief, dict[str, str]]) -> None:
    b, texts = reviewed
    other = ReviewDecisions(brief_sha256="0" * 64, decisions=[])
    with pytest.raises(InputError, match="another brief"):
        apply_decisions(b, other, texts)


def test_decisions_on_items_the_brief_does_not_have_are_refused(reviewed: tuple[Brief, dict[str, str]]) -> None:
    b, texts = reviewed
    with pytest.raises(InputError, match="story-9/sentence-1"):
        apply_decisions(b, decide(b, ("story-9/sentence-1", "approved", "")), texts)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("not json", id="not-json"),
        pytest.param('{"decisions": []}', id="no-hash"),
        pytest.param('{"brief_sha256": "x", "decisions": [{"item": "a", "decision": "maybe"}]}', id="bad-verdict"),
    ],
)
def test_a_file_that_is_not_a_decisions_file_is_an_input_error(raw: str) -> None:
    with pytest.raises(InputError, match="not a review decisions file"):
        read_decisions(raw, "d.json")


def test_summarize_apply_writes_markdown_or_json_by_the_output_suffix(
    reviewed: tuple[Brief, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b, _ = reviewed  # sources are paths relative to the repository root, where the tests run
    brief_file = tmp_path / "brief.json"
    brief_file.write_text(b.model_dump_json(), encoding="utf-8")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(
        decide(b, ("story-1/sentence-1", "approved", ""), ("story-1/sentence-2", "struck", "")).model_dump_json(),
        encoding="utf-8",
    )
    assert cli(["apply", str(brief_file), str(decisions), "-o", str(tmp_path / "final.md")]) == ExitCode.OK
    md = (tmp_path / "final.md").read_text(encoding="utf-8")
    assert "### Removed in review" in md
    assert cli(["apply", str(brief_file), str(decisions), "-o", str(tmp_path / "final.json")]) == ExitCode.OK
    signed = Brief.model_validate_json((tmp_path / "final.json").read_text(encoding="utf-8"))
    assert [s.text for st in signed.stories for s in st.sentences] == [b.stories[0].sentences[0].text]
    capsys.readouterr()


def test_summarize_apply_exits_3_when_an_approved_citation_fails_its_recheck(
    reviewed: tuple[Brief, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b, texts = reviewed
    source = b.sources[3].model_copy(update={"text": texts["S4"].replace("Ain al-Asad", "Ain al-Assad")})
    b = b.model_copy(update={"sources": [*b.sources[:3], source, *b.sources[4:]]})
    brief_file = tmp_path / "brief.json"
    brief_file.write_text(b.model_dump_json(), encoding="utf-8")
    decisions = tmp_path / "decisions.json"
    decisions.write_text(decide(b, ("story-2/sentence-1", "approved", "")).model_dump_json(), encoding="utf-8")
    code = cli(["apply", str(brief_file), str(decisions)])
    out, err = capsys.readouterr()
    assert code == ExitCode.INPUT
    assert "story-2/sentence-1" in err and "no longer matches" in err
    assert "## Review" in out
