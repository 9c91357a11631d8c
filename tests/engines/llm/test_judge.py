"""Tests for summarizer.engines.llm.judge (the llm sentence judge) with summarizer.check.judge, through the in-test
OpenAI-compatible server (tests/fake_openai_server.py): supported, unsupported, malformed answer, a quote that is not
in the cited text, a time-out, the lexical veto, batching, caching and metering."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from fake_openai_server import completion, serve
from paths import ROOT

from summarizer.check.judge import JudgedSupportChecker
from summarizer.check.pairs import check_pair_lines
from summarizer.engines.base import EngineSettings
from summarizer.engines.llm.engine import LLMEngine
from summarizer.engines.llm.judge import LLMJudge
from summarizer.ingest.sources import read_source
from summarizer.models import SupportLabel

ICARO = (ROOT / "examples" / "003_4865d5faadf3f9c5.txt").read_text(encoding="utf-8")
WAPO = (ROOT / "examples" / "000_1efb6e8095174500.txt").read_text(encoding="utf-8")
INJURIES = "The attack led to eight injuries."  # a named case of issue 12 (the lexical checker passes it too)
REWORDED = "The strike wounded eight people."  # a paraphrase the lexical checker rejects and no hard rule vetoes
ALL_INTERCEPTED = "All of the missiles were intercepted by the base’s air defense systems."
_ITEM = re.compile(r'^\[(\d+)\] CLAIM: (".*")\nCITED TEXT: (".*")$', re.MULTILINE)


def _items(request: dict[str, Any]) -> list[tuple[int, str, str]]:
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    return [(int(m.group(1)), json.loads(m.group(2)), json.loads(m.group(3))) for m in _ITEM.finditer(prompt)]


def _quoting(phrase: str, supported: bool = True) -> Any:
    """A stand-in judge: every claim supported (or not), quoting ``phrase`` (or, if absent, the first 40 chars)."""

    def respond(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        verdicts = []
        for i, _claim, text in _items(request):
            quote = phrase if phrase in text or not supported else text[:40]
            verdicts.append({"id": i, "supported": supported, "quote": quote if supported else "",
                             "reason": "stand-in verdict"})  # fmt: skip
        return 200, completion({"verdicts": verdicts}, request)

    return respond


def _malformed(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, completion({"answer": "I think they are all fine"}, request)


def _checker(server: Any, tmp_path: Path, **settings: Any) -> tuple[JudgedSupportChecker, LLMEngine]:
    engine = LLMEngine(EngineSettings(model="vllm:stub", base_url=server.base_url, cache_dir=str(tmp_path), **settings))
    return JudgedSupportChecker(LLMJudge(engine)), engine


def test_a_paraphrase_the_judge_supports_is_supported_at_the_quotes_offsets(tmp_path: Path) -> None:
    with serve(_quoting("leading to eight injuries")) as server:
        checker, engine = _checker(server, tmp_path)
        result = checker.check(INJURIES, ICARO)
    assert result.label == SupportLabel.SUPPORTED
    [span] = result.evidence
    assert ICARO[span.start : span.end] == span.quote == "leading to eight injuries"
    assert engine.usage().calls >= 1 and engine.usage().total_tokens > 0


def test_a_hard_rule_veto_stands_and_the_judge_is_not_asked(tmp_path: Path) -> None:
    with serve(_quoting("most")) as server:
        checker, _ = _checker(server, tmp_path)
        result = checker.check(ALL_INTERCEPTED, WAPO)
        asked = [r for r in server.requests if _items(r["body"])]
    assert result.label == SupportLabel.CONTRADICTED
    assert "most" in result.reason
    assert not asked


def test_the_judges_unsupported_verdict_is_the_label_with_its_reason(tmp_path: Path) -> None:
    with serve(_quoting("", supported=False)) as server:
        checker, _ = _checker(server, tmp_path)
        result = checker.check(INJURIES, ICARO)
    assert result.label == SupportLabel.UNSUPPORTED
    assert "llm judge" in result.reason and "stand-in verdict" in result.reason


def test_a_quote_not_in_the_cited_text_falls_back_to_the_lexical_verdict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def inventing(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        verdicts = [{"id": i, "supported": True, "quote": "eight soldiers were gravely wounded", "reason": "x"}
                    for i, _, _ in _items(request)]  # fmt: skip
        return 200, completion({"verdicts": verdicts}, request)

    with serve(inventing) as server, caplog.at_level(logging.WARNING):
        checker, _ = _checker(server, tmp_path)
        result = checker.check(REWORDED, ICARO)
    assert result.label == SupportLabel.UNSUPPORTED  # the lexical verdict, not the judge's pass
    assert "is not in the cited text" in result.reason and "lexical verdict" in result.reason
    assert checker.fallbacks == 1
    assert any("lexical verdict" in r.getMessage() for r in caplog.records)


def test_a_malformed_answer_is_reasked_then_falls_back_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with serve(_malformed) as server, caplog.at_level(logging.WARNING):
        checker, _ = _checker(server, tmp_path, max_reasks=1)
        result = checker.check(REWORDED, ICARO)
        asked = [r for r in server.requests if _items(r["body"])]
    assert len(asked) == 2  # the first answer and one re-ask: bounded
    assert result.label == SupportLabel.UNSUPPORTED
    assert "the llm judge failed" in result.reason
    assert any("llm judge failed" in r.getMessage() for r in caplog.records)


def test_a_judge_time_out_falls_back_to_the_lexical_verdict(tmp_path: Path) -> None:
    with serve(_quoting("leading to eight injuries"), latency=3.0) as server:
        checker, _ = _checker(server, tmp_path, timeout=0.5)
        result = checker.check(REWORDED, ICARO)
    assert result.label == SupportLabel.UNSUPPORTED
    assert "deadline" in result.reason and "lexical verdict" in result.reason


def test_a_storys_sentences_are_judged_in_one_call_and_a_rerun_is_cached(tmp_path: Path) -> None:
    claims = [INJURIES, "The United States retaliated with an AC-130 aircraft.", "Singh confirmed the strike."]
    with serve(_quoting("leading to eight injuries")) as server:
        checker, engine = _checker(server, tmp_path)
        first = checker.check_many([(c, ICARO) for c in claims])
        asked = len([r for r in server.requests if _items(r["body"])])
        checker.check_many([(c, ICARO) for c in claims])
        asked_again = len([r for r in server.requests if _items(r["body"])])
    assert len(first) == 3
    assert asked == 1
    assert asked_again == 1  # served from the cache
    assert engine.usage().cached_calls >= 1


def test_pairs_are_batched_for_the_llm_judge_and_written_in_order(tmp_path: Path) -> None:
    rows = [{"id": i, "source": ICARO, "claim": INJURIES} for i in range(3)]
    lines = [json.dumps(r) for r in rows[:2]] + ["not json"] + [json.dumps(rows[2])]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    with serve(_quoting("leading to eight injuries")) as server:
        checker, _ = _checker(server, tmp_path)
        out = list(check_pair_lines(stream, checker=checker))
        asked = len([r for r in server.requests if _items(r["body"])])
    assert [o["line"] for o in out] == [1, 2, 3, 4]
    assert [o["label"] for o in out] == ["supported", "supported", "error", "supported"]
    assert asked == 1


_CASSETTE = json.loads((ROOT / "cassettes" / "test_judge" / "named_cases.json").read_text(encoding="utf-8"))


def _replaying(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Answers from the hand-authored cassette, looked up by claim; a claim not in it is a 500."""
    answers = {c["claim"]: c["answer"] for c in _CASSETTE["cases"]}
    verdicts = []
    for i, claim, _text in _items(request):
        if claim not in answers:
            return 500, {"error": {"message": f"claim not in cassette: {claim}", "type": "server_error"}}
        verdicts.append({"id": i, **answers[claim]})
    return 200, completion({"verdicts": verdicts}, request)


@pytest.mark.parametrize("case", _CASSETTE["cases"], ids=[c["name"] for c in _CASSETTE["cases"]])
def test_named_cases_of_issue_12_through_the_authored_cassette(case: dict[str, Any], tmp_path: Path) -> None:
    article = read_source(str(ROOT / case["source"]), "S1")
    text = article.text
    with serve(_replaying) as server:
        checker, _ = _checker(server, tmp_path)
        result = checker.check(case["claim"], text, published=article.published)
    assert result.label.value == case["expected"], result.reason
    for span in result.evidence:
        assert text[span.start : span.end] == span.quote
    if case["answer"]["supported"]:
        assert [s.quote for s in result.evidence] == [case["answer"]["quote"]]
