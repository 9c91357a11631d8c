"""Shared helpers for benchmarks: real article text from ../shared/eval, and tokenisers for sumy without NLTK's
downloadable punkt data."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

_SENT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


class RegexTokenizer:
    """What sumy needs from a tokenizer, without NLTK's punkt data (which cannot be downloaded here)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.strip() for s in _SENT.split(paragraph) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


class NltkTokenizer:
    """sumy's own ``Tokenizer("english")``, step for step, with an untrained Punkt model in place of the trained one.

    sumy splits sentences with NLTK's Punkt (the ``punkt_tab`` data, which cannot be downloaded here) and words with
    ``nltk.word_tokenize``, which runs Punkt again on each sentence and then NLTK's Treebank-style word tokeniser;
    it keeps the tokens its word pattern accepts. This does the same with ``PunktSentenceTokenizer()`` built without
    training data (the same algorithm; only its learned abbreviations, collocations and sentence starters are
    missing) plus sumy's extra English abbreviations, so it costs what sumy's tokenisation costs and splits nearly the
    same sentences. :class:`RegexTokenizer` is the cheaper stand-in earlier benchmark runs used."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize.destructive import NLTKWordTokenizer
        from nltk.tokenize.punkt import PunktSentenceTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._sentences = PunktSentenceTokenizer()
        self._sentences._params.abbrev_types.update(Tokenizer.LANGUAGE_EXTRA_ABREVS["english"])
        self._words = NLTKWordTokenizer()
        self._is_word = Tokenizer._is_word

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.strip() for s in self._sentences.tokenize(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        words = [w for s in self._sentences.tokenize(sentence) for w in self._words.tokenize(s)]
        return tuple(w for w in words if self._is_word(w))


_TOKENIZERS: dict[str, type[RegexTokenizer] | type[NltkTokenizer]] = {"nltk": NltkTokenizer, "regex": RegexTokenizer}


def tokenizer(name: str) -> RegexTokenizer | NltkTokenizer:
    """``"nltk"`` (sumy's own tokenisation, :class:`NltkTokenizer`) or ``"regex"`` (:class:`RegexTokenizer`); any
    other name is a KeyError."""
    return _TOKENIZERS[name]()


def real_articles(n: int, eval_dir: Path = EVAL) -> list[str]:
    """``n`` real news texts: FRANK's CNN/DM articles and NeuS' article excerpts, shuffled (cycled past the pool)."""
    texts: list[str] = []
    seen: set[str] = set()
    frank = eval_dir / "frank_cnndm_valid.jsonl"
    neus = eval_dir / "neus_val.jsonl"
    if frank.exists():
        for line in frank.read_text(encoding="utf-8").splitlines():
            src = json.loads(line)["source"]
            if src not in seen:
                seen.add(src)
                texts.append(src)
    if neus.exists():
        for line in neus.read_text(encoding="utf-8").splitlines():
            for art in json.loads(line)["articles"]:
                body = (art.get("title") or "") + "\n\n" + art["text"]
                if art["text"] not in seen:
                    seen.add(art["text"])
                    texts.append(body)
    if not texts:
        raise SystemExit(f"no evaluation data found in {eval_dir}")
    # A fixed shuffle, so that every N has the same mix of long (CNN/DM) and short (NeuS) articles.
    random.Random(0).shuffle(texts)
    out = []
    i = 0
    while len(out) < n:
        t = texts[i % len(texts)]
        # Cycled copies get a distinct first line so that the duplicate check does not drop them.
        out.append(t if i < len(texts) else f"Copy {i // len(texts)}\n\n{t}")
        i += 1
    return out
