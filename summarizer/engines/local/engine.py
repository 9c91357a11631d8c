"""The local engine: deterministic extraction and extractive composition, no model and no network.

It is the embedded default. What it can do: find statements, quotes with speakers, attributions, figures with
qualifiers, dates (weekdays resolved against the publication date) and named entities, and compose a brief from the
most central, best-corroborated source sentences, each cited. What it cannot do: paraphrase, merge two sources'
sentences into one, or resolve references that need world knowledge.
"""

from __future__ import annotations

from typing import Any

from summarizer.engines.base import ArticleByArticle
from summarizer.engines.cache import code_fingerprint
from summarizer.models import Article, ComposedStory, Extraction, StoryPlan, Usage

# extraction and composition are imported when first asked for: a run served from the result cache needs neither


class LocalEngine(ArticleByArticle):
    """The deterministic engine (see module docstring); articles are extracted one after the other."""

    name = "local"
    model: str | None = None
    runs_in_workers = True  # stateless and picklable: the pipeline may run it in worker processes (--jobs, --dask)

    def extract(self, article: Article) -> Extraction:
        from summarizer.engines.local.extract import extract_facts

        return extract_facts(article)

    def compose(self, plan: StoryPlan) -> ComposedStory:
        from summarizer.engines.local.compose import compose_extractive
        from summarizer.story.neutral import loaded_terms

        counts: dict[str, int] = {}  # this story's sentences and titles -> loaded terms (copies of a report: once)

        def loaded(sentence: str) -> int:
            n = counts.get(sentence)
            if n is None:
                n = counts[sentence] = len(loaded_terms(sentence))
            return n

        return compose_extractive(plan, plan.source_titles, loaded=loaded)

    def usage(self) -> Usage | None:
        return None

    def cache_identity(self) -> dict[str, Any]:
        """What the pipeline's result cache keys on besides the input: the engine and the code that ran it (its
        output depends on nothing else, so cached per-article results and compositions are exactly what a new run
        would compute)."""
        return {"engine": self.name, "code": code_fingerprint()}
