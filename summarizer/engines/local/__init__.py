"""The local engine: deterministic extraction and extractive composition (no model, no network)."""
