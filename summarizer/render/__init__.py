"""Rendering a :class:`~summarizer.models.Brief`: Markdown for people, JSON for pipelines, the HTML review page."""
