"""The text layer: sentence segmentation, word tokens and stems, dates and times, figures, names and entities,
attribution and quotes. Every finder returns spans with character offsets into the text it was given; later stages
read these annotations instead of parsing text again. Imports nothing above :mod:`summarizer.models`."""
