"""Checks: aligning quoted evidence to offsets, cross-checking every field of a fact against its evidence, and
deciding whether a sentence is supported by the spans it cites. Every check returns data (status, spans, reasons)."""
