"""Ingest: reading named inputs (files or stdin), decoding them, HTML to text, and page layout (title, byline, date,
boilerplate regions). The first stage: everything after it works on :class:`~summarizer.models.Article` text as read."""
