"""Small helpers to find a value inside what a person typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

# Longest answer we look at. Nobody types a VAT number in 5,000 characters; a
# cap keeps the token-window search below cheap on pasted text.
MAX_ANSWER_LENGTH = 500

_WORD_SEPARATORS = re.compile(r"[\s,;:!?()\"'`]+")


def words(text: str) -> list[str]:
    return [w for w in _WORD_SEPARATORS.split(text or "") if w]


def token_windows(text: str, max_tokens: int = 6) -> Iterator[str]:
    """Every run of up to ``max_tokens`` consecutive words, longest first.

    People write "my VAT number is BE 0123.456.749, thanks": the number is a
    few consecutive words somewhere in the sentence.
    """
    tokens = words(text[:MAX_ANSWER_LENGTH])
    for size in range(min(max_tokens, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            yield " ".join(tokens[start : start + size])


def first_match(text: str, check: Callable[[str], T | None], max_tokens: int = 6) -> T | None:
    for window in token_windows(text, max_tokens):
        result = check(window)
        if result is not None:
            return result
    return None


def is_too_long(text: str, limit: int) -> bool:
    return len(text or "") > limit


def looks_like_markup(text: str) -> bool:
    """HTML or script fragments are never a name or an address."""
    return bool(re.search(r"<\s*/?\s*[a-zA-Z!][^>]*>|[<>{}]", text or ""))


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text or "")
