"""Where results are cached on disk, and how: shared by both engines.

Owns the cache location rules (``--cache-dir``, else ``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``,
else ``~/.cache/summarizer``), the content hash of a key's parts (:func:`digest`), the fingerprint of the installed
code (:func:`code_fingerprint`: a changed rule or word list invalidates what the old code computed) and
:class:`BlobCache`, byte values under content-addressed keys, each written atomically (a temporary file in the same
folder renamed over the entry: an interrupted run leaves whole entries or none, never half of one).

The LLM engine keeps its model answers here (:mod:`summarizer.engines.llm.cache`); the pipeline keeps per-article
results and per-story compositions of engines that declare a ``cache_identity`` (the local engine).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "SUMMARIZER_CACHE_DIR"


def default_cache_dir() -> Path:
    """The cache directory when none is configured (see module docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "summarizer"


def digest(value: Any) -> str:
    """SHA-256 hex of ``value``: of the bytes for str/bytes, else of its canonical JSON."""
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        data = value.encode("utf-8")
    else:
        data = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 of the package's own code and data files (``*.py``, ``data/*``, prompts), read once per process."""
    root = str(Path(__file__).resolve().parent.parent)
    h = hashlib.sha256()
    for parts in _code_files(root):
        h.update("/".join(parts).encode())
        h.update(b"\0")
        with open(os.path.join(root, *parts), "rb") as fh:
            h.update(fh.read())
        h.update(b"\0")
    return h.hexdigest()


def _code_files(root: str) -> list[tuple[str, ...]]:
    """The files :func:`code_fingerprint` reads, as path parts under ``root``, in the order of
    ``sorted(Path(root).rglob("*"))`` (part by part). Walked with :func:`os.walk`, without the bytecode folders (they
    hold none of them): a third of what the pathlib walk and reads cost."""
    found: list[tuple[str, ...]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = os.path.relpath(folder, root)
        prefix = () if rel == "." else tuple(rel.split(os.sep))
        in_data = os.path.basename(folder) == "data"
        for name in files:
            if (in_data or os.path.splitext(name)[1] in (".py", ".txt", ".md", ".json")) and os.path.isfile(
                os.path.join(folder, name)
            ):
                found.append((*prefix, name))
    found.sort()
    return found


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename, so a reader never sees part of it
    (and an interrupted write leaves no temporary file). Raises :class:`OSError`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class BlobCache:
    """Byte values on disk under content-addressed keys (``<dir>/<kind>/<key[:2]>/<key><suffix>``; no ``kind``
    folder when ``kind`` is None).

    ``enabled=False`` makes every lookup a miss and drops every put."""

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        enabled: bool = True,
        kind: str | None = "results",
        suffix: str = "",
    ) -> None:
        base = Path(directory).expanduser() if directory else default_cache_dir()
        self.directory = base / kind if kind else base
        self.enabled = enabled
        self.suffix = suffix

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        """The stored bytes, or None on a miss (an unreadable entry is a miss)."""
        if not self.enabled:
            return None
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, value: bytes) -> None:
        """Store ``value`` atomically. A cache that cannot be written (read-only, full disk) is skipped silently: the
        run's output never depends on it."""
        if not self.enabled:
            return
        with contextlib.suppress(OSError):
            write_atomic(self._path(key), value)
