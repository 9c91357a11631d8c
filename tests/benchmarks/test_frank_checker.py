"""Tests for benchmarks/frank_checker.py's own preprocessing of FRANK's tokenised, lower-cased CNN/DM summaries
(the product checker never sees that format), and for the checker on the prepared FRANK sample."""

from __future__ import annotations

import json

import pytest
from frank_checker import detokenise, prepare_claim, truecase
from paths import DATA

from summarizer.check.support import check_claim, check_pairs

FRANK_SAMPLE = [json.loads(line) for line in (DATA / "frank_sample.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("tokenised", "text"),
    [
        pytest.param("he did n't say , she said .", "he didn't say, she said.", id="negation-and-punctuation"),
        pytest.param("iraq 's army -lrb- the iaf -rrb- spoke", "iraq's army (the iaf) spoke", id="brackets"),
        pytest.param("the -LRB- old -RRB- base", "the (old) base", id="upper-brackets"),
        pytest.param("called him `` a hero '' today", 'called him "a hero" today', id="ptb-double-quotes"),
        pytest.param("known as ` the barbie ' here", "known as 'the barbie' here", id="single-quotes"),
        pytest.param('a " guerilla satirist " .', 'a "guerilla satirist".', id="spaced-double-quotes"),
        pytest.param("a # 330million loan at 5 %", "a £330million loan at 5%", id="pound-and-percent"),
    ],
)
def test_detokenise_undoes_ptb_tokenisation(tokenised: str, text: str) -> None:
    assert detokenise(tokenised) == text


def test_truecase_takes_each_word_as_the_source_writes_it_mid_sentence() -> None:
    source = "The Mayor of Porto spoke. Officials in Porto said the metro would open. Metro trains ran late."
    assert truecase("the mayor of porto said the metro ran late. it opened.", source) == (
        "The Mayor of Porto said the metro ran late. It opened."
    )


def test_prepare_claim_drops_unk_markers_and_truecases_lowercase_claims() -> None:
    source = "Scientists at the University of Sheffield built a robot. The robot flies like a bee, Sheffield said."
    assert prepare_claim("scientists at the university of sheffield built a UNK robot .", source) == (
        "Scientists at the University of Sheffield built a robot."
    )


def test_prepare_claim_leaves_cased_claims_cased() -> None:
    claim = "Boffins are working on a robot , the BBC said ."
    assert prepare_claim(claim, "anything") == "Boffins are working on a robot, the BBC said."


def test_tokenised_lowercase_claim_is_supported_once_prepared() -> None:
    source = (
        "Iraq’s military released a statement saying 33 missiles were launched on Sunday. No one was killed, "
        "officials said."
    )
    claim = "iraq 's military released a statement saying 33 missiles were launched . no one was killed ."
    result = check_claim(source, prepare_claim(claim, source))
    assert result.supported
    assert len(result.evidence) >= 2


def test_frank_sample_prepared_scores_supported_summaries_higher_on_average() -> None:
    rows = [{**r, "claim": prepare_claim(r["claim"], r["source"])} for r in FRANK_SAMPLE]
    out = list(check_pairs(rows))
    pos = [o["score"] for o, r in zip(out, rows, strict=True) if r["label"] == 1]
    neg = [o["score"] for o, r in zip(out, rows, strict=True) if r["label"] == 0]
    assert sum(pos) / len(pos) > sum(neg) / len(neg)
