"""Which language a conversation is in: detected from what the host writes, hinted
by the page or the messaging app, changed when the host asks.

The rules, in order (``follow``):

1. The host asks for a language ("in English please", "kunnen we in het
   Nederlands verder?", a language button): that language, for good.
2. Once settled, the language stays: answers such as "Kerkstraat 12, 9000 Gent"
   in an English conversation don't move it.
3. Until then, a hint (the web page's language, the messaging app's language
   code) sets it, and each message with words in it is read by an offline
   language identifier (lingua, its models inside the package): a confident
   reading settles the language; an unsure one that differs from the current
   language is taken, and the host is shown the other languages to choose from.
   Answers to questions (names, addresses) and one-word messages ("ok",
   "hallo") are not read: they say little about a language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from charging_host.catalogue import LANGUAGES, supported
from charging_host.phrases import pattern

if TYPE_CHECKING:
    from lingua import LanguageDetector

CONFIDENT = 0.80  # lingua's relative confidence over the four languages
UNSURE = 0.50  # below this the reading is a guess, not used
MIN_WORDS = 2
# Words that carry no language: e-mail addresses, links, anything with a digit.
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|\S*\d\S*")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Reading:
    language: str | None
    confidence: float


@dataclass(frozen=True)
class LanguageDecision:
    language: str  # the conversation's language from this message on
    settled: bool  # no longer read from messages
    check: bool = False  # unsure: say which language we go on in and offer the others


@functools.cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    codes = {Language.ENGLISH: "en", Language.DUTCH: "nl", Language.FRENCH: "fr", Language.GERMAN: "de"}
    assert set(codes.values()) == set(LANGUAGES)
    return LanguageDetectorBuilder.from_languages(*codes).build()


def language_words(text: str) -> list[str]:
    return _WORD.findall(_NOT_WORDS.sub(" ", text or ""))


def read(text: str) -> Reading:
    """The language ``text`` is most likely written in, and how sure that is (0 to 1)."""
    words = language_words(text)
    if len(words) < MIN_WORDS:
        return Reading(None, 0.0)
    values = _detector().compute_language_confidence_values(" ".join(words))
    if not values:
        return Reading(None, 0.0)
    best = values[0]
    return Reading(supported(best.language.iso_code_639_1.name), float(best.value))


def named_language(text: str) -> str | None:
    """The language a host names as the one they want ("in English please", "pas en anglais, en français")."""
    wanted: list[tuple[int, str]] = []
    lowered = (text or "").lower().replace("’", "'")
    for code in LANGUAGES:
        for match in pattern("languages", code).finditer(lowered):
            two_words_before = " ".join(lowered[: match.start()].split()[-2:])
            if pattern("languages", "unwanted").search(two_words_before):
                continue
            wanted.append((match.start(), code))
    return max(wanted)[1] if wanted else None


def requested_language(text: str, current: str | None) -> str | None:
    """The language a request to change language asks for; None when it can't be told.

    "ik versta geen Engels" names only a language the host does not want: the
    language the request is written in is the one they want.
    """
    named = named_language(text)
    if named:
        return named
    reading = read(text)
    if reading.language and reading.confidence >= UNSURE and reading.language != current:
        return reading.language
    return None


def follow(
    current: str | None,
    settled: bool,
    text: str,
    *,
    is_answer: bool = False,
    hint: str | None = None,
) -> LanguageDecision:
    """The conversation's language after a message that is not a request to change it (rules 2 and 3)."""
    language = supported(current) or supported(hint) or LANGUAGES[0]
    if settled:
        return LanguageDecision(language, True)
    if is_answer:
        return LanguageDecision(language, False)
    reading = read(text)
    if reading.language is None or reading.confidence < UNSURE:
        return LanguageDecision(language, False)
    if reading.confidence >= CONFIDENT:
        return LanguageDecision(reading.language, True)
    if reading.language != language:
        return LanguageDecision(reading.language, True, check=True)
    return LanguageDecision(language, False)
