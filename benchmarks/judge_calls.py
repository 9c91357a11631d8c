"""Calls and tokens the llm sentence judge spends per story, measured on the in-test stand-in server.

Each example article is one "story": its body sentences, rewritten by :mod:`paraphrase` where a rewrite applies, are
judged each against the source sentence it comes from (as a brief sentence is judged against the spans it cites) with
:class:`~summarizer.check.judge.JudgedSupportChecker` + :class:`~summarizer.engines.llm.judge.LLMJudge` through
``tests/fake_openai_server.py`` (a stand-in judge that supports every claim, quoting its cited text's first words).
Prints per story: sentences, sentences the lexical rules vetoed (never sent), judge calls, prompt and completion
tokens (the stand-in counts characters / 4), and a cached re-run's calls.

    .venv/bin/python benchmarks/judge_calls.py
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fake_openai_server import completion, serve  # noqa: E402
from paraphrase import paraphrases  # noqa: E402

from summarizer.check.judge import JudgedSupportChecker  # noqa: E402
from summarizer.engines.base import EngineSettings  # noqa: E402
from summarizer.engines.llm.engine import LLMEngine  # noqa: E402
from summarizer.engines.llm.judge import LLMJudge  # noqa: E402
from summarizer.text.segment import split_sentences  # noqa: E402

_ITEM = re.compile(r'^\[(\d+)\] CLAIM: (".*")\nCITED TEXT: (".*")$', re.MULTILINE)


def stand_in_judge(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    verdicts = [
        {"id": int(m.group(1)), "supported": True, "quote": json.loads(m.group(3))[:40], "reason": "stand-in"}
        for m in _ITEM.finditer(prompt)
    ]
    return 200, completion({"verdicts": verdicts}, request)


def main() -> int:
    t0 = time.process_time()
    print(f"{'story':<28} {'sents':>5} {'vetoed':>6} {'calls':>5} {'prompt tok':>10} {'compl tok':>9} {'rerun':>5}")
    with serve(stand_in_judge) as server, tempfile.TemporaryDirectory() as cache:
        for path in sorted((ROOT / "examples").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            pairs = []
            for s, e in split_sentences(text):
                sentence = text[s:e]
                if len(sentence.split()) >= 6:
                    rewrites = paraphrases(sentence)
                    pairs.append((rewrites[0].text if rewrites else sentence, sentence))
            engine = LLMEngine(EngineSettings(model="vllm:stub", base_url=server.base_url, cache_dir=cache))
            judge = LLMJudge(engine)
            checker = JudgedSupportChecker(judge, batch_size=len(pairs) or 1)
            before = len(server.requests)
            results = checker.check_many(pairs)
            calls = len(server.requests) - before
            vetoed = sum(1 for r in results if "llm judge" not in r.reason)
            usage = engine.usage()
            before = len(server.requests)
            checker.check_many(pairs)
            rerun = len(server.requests) - before
            print(f"{path.stem[:28]:<28} {len(pairs):>5} {vetoed:>6} {calls:>5} {usage.prompt_tokens:>10} "
                  f"{usage.completion_tokens:>9} {rerun:>5}")  # fmt: skip
    print(
        f"CPU time {time.process_time() - t0:.1f} s (calls: judge requests to the server; mode probes are not counted)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
