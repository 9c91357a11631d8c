"""Prompt files: loading, declared variables, versions, rendering, and the delimiters that fence untrusted text.

A prompt is a Markdown file in ``prompts/`` (shipped as package data at ``summarizer/prompts``) with a front matter::

    ---
    name: extract
    version: 1
    variables: [source_id, article, ...]
    ---
    template text with {{ variables }} (Jinja2, StrictUndefined)

Rendering checks the variables against the declaration: a missing one, an undeclared one, or a template that uses a
name it does not declare raises :class:`~summarizer.errors.PromptError` -- never a silent blank.

Article text is data, not instructions: :func:`fence` wraps it in begin/end lines whose tag is derived from the text's
hash, so the text cannot close its own fence, and the prompts tell the model that what is inside is content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from summarizer.errors import PromptError
from summarizer.text.regex import lazy_compile

_FRONT_MATTER = lazy_compile(r"\A---\r?\n(?P<head>.*?)\r?\n---\r?\n(?P<body>.*)\Z", re.DOTALL)
_REPO_PROMPTS = Path(__file__).resolve().parents[3] / "prompts"
# Plain-text templates: no HTML is produced, so autoescape stays off; StrictUndefined makes a missing name an error.
_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt file: its name, version, declared variables and template source."""

    name: str
    version: str
    variables: tuple[str, ...]
    source: str

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the template text and version: part of every cache key, so editing a prompt invalidates."""
        return hashlib.sha256(f"{self.name}\0{self.version}\0{self.source}".encode()).hexdigest()

    def render(self, **values: Any) -> str:
        """The prompt text with ``values`` substituted.

        Raises:
            PromptError: a declared variable is missing, or an undeclared one is given.
        """
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise PromptError(f"prompt {self.name!r} v{self.version} needs variable(s) {', '.join(missing)}")
        extra = sorted(set(values) - set(self.variables))
        if extra:
            raise PromptError(f"prompt {self.name!r} does not declare variable(s) {', '.join(extra)}")
        try:
            return _ENV.from_string(self.source).render(**values)
        except jinja2.UndefinedError as exc:  # a None passed where the template indexes into it, etc.
            raise PromptError(f"prompt {self.name!r}: {exc.message}") from exc


def parse_prompt(text: str, name: str = "<string>") -> Prompt:
    """Parse a prompt file's text.

    Raises:
        PromptError: no front matter, no version, or the template uses a name it does not declare.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise PromptError(f"prompt {name!r} has no front matter (---/name/version/variables/---)")
    head: dict[str, str] = {}
    for line in match["head"].splitlines():
        if line.strip():
            key, sep, value = line.partition(":")
            if not sep:
                raise PromptError(f"prompt {name!r}: bad front matter line {line!r}")
            head[key.strip()] = value.strip()
    if "version" not in head:
        raise PromptError(f"prompt {name!r} declares no version")
    variables = tuple(v.strip() for v in head.get("variables", "").strip("[]").split(",") if v.strip())
    body = match["body"]
    try:
        used = meta.find_undeclared_variables(_ENV.parse(body))
    except jinja2.TemplateSyntaxError as exc:
        raise PromptError(f"prompt {name!r}: template syntax error: {exc.message}") from exc
    undeclared = sorted(used - set(variables))
    if undeclared:
        raise PromptError(f"prompt {name!r} uses undeclared variable(s) {', '.join(undeclared)}")
    return Prompt(name=head.get("name", name), version=head["version"], variables=variables, source=body)


@cache
def load_prompt(name: str) -> Prompt:
    """The prompt ``name`` (file ``<name>.md``): from the installed package data, else from the repo's ``prompts/``.

    Raises:
        PromptError: no such prompt file, or it is malformed.
    """
    filename = f"{name}.md"
    text: str | None = None
    try:
        packaged = resources.files("summarizer").joinpath("prompts", filename)
        if packaged.is_file():
            text = packaged.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        text = None
    if text is None:
        path = _REPO_PROMPTS / filename
        if not path.is_file():
            raise PromptError(f"prompt file {filename!r} not found (package data summarizer/prompts or {path})")
        text = path.read_text(encoding="utf-8")
    return parse_prompt(text, name)


def fence(text: str, label: str) -> tuple[str, str]:
    """Begin and end lines that delimit ``text`` as data.

    The tag is derived from the text's SHA-256, so it is stable (cacheable, replayable) yet cannot occur in the text
    unless the text quotes its own hash; if it does, the tag is lengthened until it does not.

    Returns:
        ``(open_line, close_line)``, e.g. ``("<<<BEGIN ARTICLE 3f2a9c0b1d2e>>>", "<<<END ARTICLE 3f2a9c0b1d2e>>>")``.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    size = 12
    while digest[:size] in text and size < len(digest):
        size += 8
    tag = digest[:size]
    return f"<<<BEGIN {label} {tag}>>>", f"<<<END {label} {tag}>>>"
