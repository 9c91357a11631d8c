"""The content-addressed on-disk response cache of the LLM engine.

A key is the SHA-256 of the canonical JSON of everything that determines a model answer: model id, base URL,
instructor mode, prompt fingerprint (name + version + text), response-schema hash and the hash of the input (article
text, or story plan). A value is the JSON the model returned (validated against the response schema), stored as one
file ``<dir>/<key[:2]>/<key>.json`` written atomically, so a re-run of the same inputs makes zero model calls.

Default directory: ``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/summarizer``
(the location rules of :mod:`summarizer.engines.cache`, shared with the local engine's result cache).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.engines.cache import CACHE_ENV, BlobCache, default_cache_dir, digest, write_atomic

__all__ = ["CACHE_ENV", "ResponseCache", "default_cache_dir", "digest", "schema_hash"]


def schema_hash(model: type[BaseModel]) -> str:
    """SHA-256 of a response model's JSON schema (changing the schema invalidates cached answers)."""
    return digest(model.model_json_schema())


class ResponseCache(BlobCache):
    """JSON values on disk under content-addressed keys. ``enabled=False`` makes every lookup a miss and drops puts."""

    def __init__(self, directory: str | Path | None = None, *, enabled: bool = True) -> None:
        super().__init__(directory, enabled=enabled, kind=None, suffix=".json")

    @staticmethod
    def key(**parts: Any) -> str:
        """The cache key of a call described by ``parts`` (model, base_url, mode, prompt, schema, input...)."""
        return digest(parts)

    def get(self, key: str) -> Any | None:
        """The stored value, or None on a miss (or an unreadable/corrupt entry, which is treated as a miss)."""
        raw = super().get(key)
        if raw is None:
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError:
            return None

    def put(self, key: str, value: Any) -> Path | None:  # type: ignore[override]
        """Store ``value`` (JSON-serialisable) atomically; returns the file path (None when disabled). Unlike the
        result cache's, a failed write raises :class:`OSError`."""
        if not self.enabled:
            return None
        path = self._path(key)
        write_atomic(path, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return path
