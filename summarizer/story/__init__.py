"""Stories: grouping verified facts into stories, conflicts between sources, reliability flags on sources, and the
neutral-language lint. Engine-independent: never imports :mod:`summarizer.engines`."""
