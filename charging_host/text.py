"""What a person typed, made safe to read: cleaned, and small helpers to find a value inside it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Longest answer we look at. Nobody types a VAT number in 5,000 characters; a
# cap keeps the token-window search below cheap on pasted text.
MAX_ANSWER_LENGTH = 500

_WORD_SEPARATORS = re.compile(r"[\s,;:!?()\"'`]+")
# Kept of the control characters: line breaks (an address on two lines).
_KEPT_CONTROLS = {"\n"}
# Unicode's control (Cc), format (Cf: zero-width spaces, bidirectional
# overrides), private-use (Co) and surrogate (Cs) characters: never part of an
# answer, and able to make what is stored look like something else.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}
_ANY_DIGIT = re.compile(r"\d")  # in Python, any script's decimal digit


def has_control_characters(text: str) -> bool:
    """Control characters (NUL, escape sequences, ...) other than line breaks and tabs:
    nobody types them, so an answer with them is refused rather than guessed at."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text or "")


def clean_text(text: str) -> str:
    """Text as it is checked and stored: Unicode NFKC (full-width letters and digits
    become plain ones), every script's digits as 0-9, tabs as spaces, and no
    control, format (zero-width, bidirectional) or private-use characters."""
    text = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n").replace("\t", " ")
    text = "".join(ch for ch in text if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in _INVISIBLE)
    text = _ANY_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)
    return text.strip()


def words(text: str) -> list[str]:
    return [w for w in _WORD_SEPARATORS.split(text or "") if w]


def token_windows(text: str, max_tokens: int = 6) -> Iterator[str]:
    """Every run of up to ``max_tokens`` consecutive words, longest first.

    People write "my VAT number is BE 0123.456.749, thanks": the number is a
    few consecutive words somewhere in the sentence.
    """
    tokens = words(clean_text(text[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH])
    for size in range(min(max_tokens, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            yield " ".join(tokens[start : start + size])


def is_too_long(text: str, limit: int) -> bool:
    return len(text or "") > limit


_CODE = re.compile(
    r"<\s*/?\s*[a-zA-Z!][^<>]{0,200}>|\bjavascript\s*:"  # an HTML tag, a script link
    r"|\b(?:drop|alter|truncate)\s+(?:table|database|schema)\b"  # SQL
    r"|['\";]\s*(?:select|insert|update|delete|drop|exec)\b|\bunion\s+(?:all\s+)?select\b"
    r"|\bor\s+['\"]?1['\"]?\s*=\s*['\"]?1|['\";]\s*--",
    re.IGNORECASE,
)


def looks_like_code(text: str) -> bool:
    """HTML or script tags, or SQL, where an answer was expected: never an answer,
    and a word inside ("<script>yes</script>") must not count as one."""
    return bool(_CODE.search((text or "")[:MAX_ANSWER_LENGTH]))


def looks_like_markup(text: str) -> bool:
    """HTML or script fragments are never a name or an address."""
    return bool(re.search(r"<\s*/?\s*[a-zA-Z!][^>]*>|[<>{}]", text or ""))


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text or "")
