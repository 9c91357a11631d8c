"""Fault matrix, the pipeline's own guarantees under a careless engine: nothing it rejects is lost, nothing it
fabricates is printed, and an empty result always says why."""

from __future__ import annotations

from collections.abc import Sequence

from builders import article

from summarizer.engines.base import ArticleByArticle
from summarizer.errors import ArticleFailed
from summarizer.models import Article, ComposedStory, Extraction, Fact, Figure, StoryPlan, Usage
from summarizer.pipeline import build_brief

TEXT = "The council said the storm killed over 25,000 cattle and damaged over 62,600 homes in the valley.\n"


class _Fabricator(ArticleByArticle):
    """Extracts one fact whose figure the evidence does not state (35,000), and composes what it is given."""

    name = "fabricator"

    def extract(self, art: Article) -> Extraction:
        span = art.span(0, len(art.text.rstrip("\n")))
        fact = Fact(
            id=f"{art.id}.F1",
            source=art.id,
            text="The storm killed over 35,000 cattle.",
            figures=[Figure(text="over 35,000 cattle", value=35000, counts="cattle", evidence=[span])],
            evidence=[span],
        )
        return Extraction(source=art.id, facts=[fact])

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
        return [self.extract(a) for a in articles]

    def compose(self, plan: StoryPlan) -> ComposedStory:
        return ComposedStory(headline="Storm kills 35,000 cattle", sentences=[])

    def usage(self) -> Usage | None:
        return None


def test_rejected_facts_of_an_article_in_no_story_reach_the_brief() -> None:
    b = build_brief([article(TEXT)], _Fabricator())
    assert b.stories == []
    assert [r.text for r in b.rejected] == ["The storm killed over 35,000 cattle."]
    assert b.rejected[0].stage == "verify" and "35,000" in b.rejected[0].reason
    assert any("none of its 1 extracted statements passed the checks" in w for w in b.warnings)
    assert any(w.startswith("the brief is empty") for w in b.warnings)
    assert "35,000" not in " ".join(s.headline for s in b.stories)
