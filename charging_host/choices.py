"""The short choices the flows offer, in words: "me" (the administrator, the
contact person), "a new one", visible or hidden, always open, "skip", "keep",
free, staff cards, "send a new code", "we have no VAT number", "change ...".

Each choice is a group of phrases in ``phrases/choices.yml``, one section per
language; the flows ask whether an answer mentions a choice, is only that
choice, or starts with it.
"""

from __future__ import annotations

import re

from charging_host.phrases import pattern, phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

_KIND = "choices"
_AROUND = " \t\n.,!?;:'\"()"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", clean_text((text or "")[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH]).strip(_AROUND)


def mentions(choice: str, text: str) -> bool:
    """Whether one of the choice's phrases is in the answer, as whole words ("hidden please")."""
    return bool(pattern(_KIND, choice).search(_plain(text)))


def is_only(choice: str, text: str) -> bool:
    """Whether the answer is nothing but one of the choice's phrases ("me", "Me!", "skip")."""
    return _plain(text).lower() in phrases(_KIND).get(choice, ())


def starts_with(choice: str, text: str) -> bool:
    """Whether the answer opens with one of the choice's phrases ("keep them as they are")."""
    found = pattern(_KIND, choice).search(_plain(text))
    return found is not None and found.start() == 0


def percentage(text: str) -> str | None:
    """The number before a percent sign or word ("10%", "12,5 procent"), as typed; None without one."""
    words = "|".join(re.escape(w) for w in phrases(_KIND).get("percent", ()))
    found = re.search(rf"(\d+(?:[.,]\d+)?)\s*(?:{words})(?!\w)", _plain(text), re.IGNORECASE)
    return found.group(1) if found else None
