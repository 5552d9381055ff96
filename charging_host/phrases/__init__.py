"""The words the answer interpreters know, kept as data: one YAML file per kind
of answer (``yes_no.yml``, ``stations.yml``, ...), with one section per
language. Another language adds words to these files, not code.

Each file maps a language code to groups of phrases::

    en:
      "yes": ["yes", yep, sure]
      "no": ["no", nope]
    nl:
      "yes": [ja, jep]

(Quote yes, no, on and off: YAML reads them as true and false otherwise.)

``phrases(kind)`` gives each group's phrases over every language (a host who
writes "ja sure" is understood whatever language the conversation is in);
``phrases(kind, "nl")`` only one language's.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

PHRASES_DIR = Path(__file__).parent


@functools.cache
def _load(kind: str) -> dict[str, dict[str, tuple[str, ...]]]:
    with (PHRASES_DIR / f"{kind}.yml").open(encoding="utf-8") as file:
        data = yaml.safe_load(file) or {}
    return {
        language: {group: tuple(str(p).lower() for p in words or ()) for group, words in groups.items()}
        for language, groups in data.items()
    }


def languages(kind: str) -> list[str]:
    return list(_load(kind))


def phrases(kind: str, language: str | None = None) -> dict[str, tuple[str, ...]]:
    """Each group's phrases (lower case), longest first so that "not yet" wins over "not"."""
    merged: dict[str, list[str]] = {}
    for lang, groups in _load(kind).items():
        if language is not None and lang != language:
            continue
        for group, words in groups.items():
            merged.setdefault(group, []).extend(w for w in words if w not in merged.get(group, []))
    return {group: tuple(sorted(words, key=len, reverse=True)) for group, words in merged.items()}


@functools.cache
def pattern(kind: str, group: str, language: str | None = None) -> re.Pattern[str]:
    """A case-insensitive pattern matching any phrase of the group as whole words."""
    words = phrases(kind, language).get(group, ())
    if not words:
        return re.compile(r"(?!x)x")  # matches nothing
    alternatives = "|".join(re.escape(w) for w in words)
    # Whole words, but a phrase may start or end with a symbol ("👍", "+1").
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
