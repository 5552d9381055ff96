"""Numbers and prices as people type them: "thirty five cents", "a euro fifty",
"half a euro", "zero point three five", "0,35", "€0.35"; in Dutch, French and
German too ("vijfendertig cent", "trente-cinq centimes", "zwei Euro fünfzig").
The words are in ``phrases/numbers.yml`` (a group per number, and the units).
Languages that write a number as one word ("vijfendertig", "fünfunddreißig",
"tweehonderd") are read piece by piece: the pieces are that language's number words.

``words_to_number`` reads the one number in an answer, in euro when a unit is
said ("35 cent" is 0.35); ``replace_number_words`` writes the number words of
a sentence as digits, so that ``pricing.parse_prices`` reads
"thirty five cents per kwh" as it reads "35 cents per kwh".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from charging_host.phrases import languages as phrase_languages
from charging_host.phrases import phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

_KIND = "numbers"
_TOKEN = re.compile(r"(?P<digits>\d+(?:[.,]\d+)?)|(?P<symbol>[€%])|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?)")
# What may stand between the words of one number: "thirty five", "thirty-five".
_JOINER = re.compile(r"[ \t]*[-‐–]?[ \t]*")
_HALF, _QUARTER = Decimal("0.5"), Decimal("0.25")
_SMALL = 100  # cents after "2 euro" are below this
_LONGEST_NUMBER_WORD = 60  # letters: "tweeduizendvierhonderdzevenenzeventig" is 37


@dataclass(frozen=True)
class _Token:
    text: str  # lower case
    start: int
    end: int
    digits: bool


@dataclass(frozen=True)
class _Amount:
    value: Decimal  # in euro when ``unit`` is "euro" or "cent"
    unit: str | None  # "euro", "cent", "percent" or None
    first: int  # token indexes: the amount is tokens[first:last]
    last: int
    number_first: int  # the number itself (without its unit) is tokens[number_first:number_last]
    number_last: int
    number: Decimal  # the number as said ("35" in "35 cents")
    compound: bool  # euro and cents in one ("a euro fifty"): written as one number
    unit_said: str = ""  # the unit as typed ("euros", "€")


@functools.cache
def _words() -> dict[str, str]:
    """Each single word of the phrase file and its group (the first group that has it)."""
    known: dict[str, str] = {}
    for group, words in phrases(_KIND).items():
        for word in words:
            known.setdefault(word, group)
    return known


@functools.cache
def _multiword() -> dict[tuple[str, ...], str]:
    """Phrases of more than one word ("per cent", "soixante-dix") by their words."""
    found: dict[tuple[str, ...], str] = {}
    for group, words in phrases(_KIND).items():
        for word in words:
            parts = tuple(t.text for t in _plain_tokens(word))
            if len(parts) > 1:
                found.setdefault(parts, group)
    return found


@functools.cache
def _multiword_numbers() -> list[tuple[tuple[str, ...], int]]:
    """Number words of more than one word ("soixante-dix", "quatre-vingt-dix"), longest first."""
    numbers = [(words, int(group)) for words, group in _multiword().items() if group.isdigit()]
    return sorted(numbers, key=lambda pair: len(pair[0]), reverse=True)


@functools.cache
def _in_group(group: str) -> frozenset[str]:
    return frozenset(phrases(_KIND).get(group, ()))


def _group(token: _Token) -> str | None:
    return None if token.digits else _words().get(token.text)


def _plain_tokens(text: str) -> list[_Token]:
    return [_Token(m.group().lower(), m.start(), m.end(), m.lastgroup == "digits") for m in _TOKEN.finditer(text)]


def _tokens(text: str) -> list[_Token]:
    """The words, numbers and symbols of a text; a number written as one word is its pieces."""
    tokens: list[_Token] = []
    for token in _plain_tokens(text):
        known = token.digits or token.text in _words() or len(token.text) > _LONGEST_NUMBER_WORD
        pieces = () if known else _pieces(token.text)
        tokens += [_Token(token.text[a:b], token.start + a, token.start + b, False) for a, b in pieces] or [token]
    return tokens


# The groups whose words make up a number written as one word.
_PIECE_GROUPS = ("hundred", "thousand", "a", "and_tens", "and_a_half")


@functools.cache
def _piece_words() -> tuple[tuple[str, ...], ...]:
    """For each language that joins its number words into one ("vijfendertig": it has
    ``and_tens``), the words a number is made of, longest first."""
    languages = []
    for language in phrase_languages(_KIND):
        groups = phrases(_KIND, language)
        if not groups.get("and_tens"):
            continue
        words = {
            word
            for group, found in groups.items()
            if group.isdigit() or group in _PIECE_GROUPS
            for word in found
            if re.fullmatch(r"[^\W\d_]+", word)
        }
        languages.append(tuple(sorted(words, key=len, reverse=True)))
    return tuple(languages)


@functools.lru_cache(maxsize=4096)
def _pieces(word: str) -> tuple[tuple[int, int], ...]:
    """Where the number words of ``word`` begin and end ("vijfendertig": vijf, en, dertig),
    when the whole word is one number made of them; else nothing."""

    def splits(at: int, words: tuple[str, ...]) -> Iterator[list[tuple[int, int]]]:
        if at == len(word):
            yield []
        for piece in words:
            if word.startswith(piece, at):
                for rest in splits(at + len(piece), words):
                    yield [(at, at + len(piece)), *rest]

    for words in _piece_words():
        for pieces in splits(0, words):
            if len(pieces) < 2:
                continue
            tokens = [_Token(word[a:b], a, b, False) for a, b in pieces]
            read = _Reader(word, tokens).number(0, alone=True)
            if read is not None and read[1] == len(tokens):
                return tuple(pieces)
    return ()


class _Reader:
    """Reads the numbers of a list of tokens, left to right."""

    def __init__(self, text: str, tokens: list[_Token]):
        self.text = text
        self.tokens = tokens

    def joined(self, index: int) -> bool:
        """Whether token ``index`` follows the one before it as part of the same number."""
        if index <= 0 or index >= len(self.tokens):
            return False
        gap = self.text[self.tokens[index - 1].end : self.tokens[index].start]
        return bool(_JOINER.fullmatch(gap))

    def group_at(self, index: int) -> str | None:
        return _group(self.tokens[index]) if 0 <= index < len(self.tokens) else None

    def phrase_at(self, index: int, group: str) -> int:
        """How many tokens from ``index`` make a phrase of ``group`` (0 when none)."""
        if self.group_at(index) == group:
            return 1
        for words, found in _multiword().items():
            if (
                found == group
                and index + len(words) <= len(self.tokens)
                and all(
                    self.tokens[index + k].text == w and (k == 0 or self.joined(index + k)) for k, w in enumerate(words)
                )
            ):
                return len(words)
        return 0

    def value_at(self, index: int) -> int | None:
        group = self.group_at(index)
        return int(group) if group is not None and group.isdigit() else None

    def in_group(self, index: int, group: str) -> bool:
        """Whether the word at ``index`` is one of the group's, whatever other group it is in."""
        return (
            0 <= index < len(self.tokens)
            and not self.tokens[index].digits
            and self.tokens[index].text in _in_group(group)
        )

    def number_word(self, index: int) -> tuple[int, int] | None:
        """The number said at ``index`` in one word or more ("seven", "soixante-dix"): (value, words)."""
        for words, number in _multiword_numbers():
            if index + len(words) <= len(self.tokens) and all(
                self.tokens[index + k].text == w
                and not self.tokens[index + k].digits
                and (k == 0 or self.joined(index + k))
                for k, w in enumerate(words)
            ):
                return number, len(words)
        value = self.value_at(index)
        return None if value is None else (value, 1)

    # --- a number ---------------------------------------------------------------

    def integer(self, index: int) -> tuple[int, int] | None:
        """A whole number in words from ``index`` ("one hundred and twenty five"): (value, next index)."""
        total = current = 0
        seen = False
        i = index
        while i < len(self.tokens) and (i == index or self.joined(i)):
            group, word = self.group_at(i), self.number_word(i)
            value, size = word if word is not None else (None, 1)
            following = self.group_at(i + 1) if self.joined(i + 1) else None
            if value is not None:
                if value == 0:
                    if seen:
                        break
                    seen, i = True, i + 1
                    break  # "zero" stands alone ("zero point three five")
                if not (current % 100 == 0 or (current % 100 >= 20 and current % 10 == 0 and value < 10)):
                    break  # "five thirty" is two numbers
                current, seen, i = current + value, True, i + size
            elif group in ("hundred", "thousand") and not seen and self.in_group(i, "bare"):
                current, seen = 1, True  # "honderd", "tausend": one hundred, one thousand
            elif group == "hundred" and seen and current % 100:
                current, i = current * 100, i + 1
            elif group == "thousand" and seen:
                total, current, i = total + (current or 1) * 1000, 0, i + 1
            elif group == "a" and not seen and following in ("hundred", "thousand", "and_tens", "and_a_half"):
                current, seen, i = 1, True, i + 1  # "a hundred"; "eenentwintig", "eineinhalb"
            elif group == "and" and seen and self.value_at(i + 1) and self.joined(i + 1) and current % 100 == 0:
                i += 1  # "one hundred and five"
            elif group == "and_tens" and seen and 0 < current % 100 < 10 and self.joined(i + 1):
                tens = self.value_at(i + 1)  # "vijfendertig", "fünfunddreißig": the unit, then its tens
                if tens is None or tens % 10 or not 20 <= tens < 100:
                    break
                current, i = current + tens, i + 2
            elif group == "tens_and" and seen and current % 100 >= 20 and current % 10 == 0 and self.joined(i + 1):
                unit = 1 if self.group_at(i + 1) == "a" else self.value_at(i + 1)  # "trente et un"
                if not unit or unit > 9:
                    break
                current, i = current + unit, i + 2
            else:
                break
        return (total + current, i) if seen else None

    def fraction(self, index: int) -> tuple[str, int] | None:
        """The decimals after "point": "three five", "thirty five", "35"."""
        if index >= len(self.tokens) or not self.joined(index):
            return None
        token = self.tokens[index]
        if token.digits:
            return (token.text, index + 1) if token.text.isdigit() else None
        digits, i = "", index
        while i < len(self.tokens) and (i == index or self.joined(i)):
            value = self.value_at(i)
            if value is None or value > 9:
                break
            digits, i = digits + str(value), i + 1
        if digits and self.group_at(i) != "and_tens":  # "komma vijfendertig" is 35, not 5
            return digits, i
        whole = self.integer(index)
        return (str(whole[0]), whole[1]) if whole else None

    def number(self, index: int, alone: bool) -> tuple[Decimal, int] | None:
        """A number from ``index``, in digits or in words: (value, next index).
        ``alone``: the text is just this number, so a bare "half" counts."""
        token = self.tokens[index]
        group = self.group_at(index)
        if token.digits:
            value, i = _decimal(token.text), index + 1
            if value is None:
                return None
            return self.and_a_half(value, i)
        if group == "half" or (group == "a" and self.group_at(index + 1) == "half" and self.joined(index + 1)):
            i = index + (2 if group == "a" else 1)
            if self.group_at(i) == "a" and self.joined(i):
                return _HALF, i + 1  # "half a euro", "half an hour"
            if group == "a" or alone:
                return _HALF, i
            return None
        if group == "a" and self.group_at(index + 1) == "quarter" and self.joined(index + 1):
            return _QUARTER, index + 2
        if group == "one_and_a_half":
            return _HALF + 1, index + 1  # "anderhalve euro", "anderthalb Stunden"
        if group == "point" and index == 0:
            decimals = self.fraction(index + 1)
            return (Decimal("0." + decimals[0]), decimals[1]) if decimals else None
        whole = self.integer(index)
        if whole is None:
            return None
        value, i = Decimal(whole[0]), whole[1]
        if self.group_at(i) == "point" and self.joined(i):
            decimals = self.fraction(i + 1)
            if decimals:
                return Decimal(f"{whole[0]}.{decimals[0]}"), decimals[1]
        if self.group_at(i) == "quarters" and self.joined(i):
            return value * _QUARTER, i + 1  # "three quarters"
        return self.and_a_half(value, i)

    def and_a_half(self, value: Decimal, i: int) -> tuple[Decimal, int]:
        """ "two and a half", "tweeënhalf", "zweieinhalb", "deux et demi" """
        said = self.phrase_at(i, "and_a_half") if self.joined(i) else 0
        if said:
            return value + _HALF, i + said
        if (
            self.group_at(i) == "and"
            and self.joined(i)
            and self.group_at(i + 1) == "a"
            and self.joined(i + 1)
            and self.group_at(i + 2) == "half"
            and self.joined(i + 2)
        ):
            return value + _HALF, i + 3
        return value, i

    # --- an amount: a number and its unit ----------------------------------------------

    def amount(self, index: int, alone: bool) -> _Amount | None:
        i = index
        prefix = self.phrase_at(i, "euro")
        if prefix and self.joined(i + prefix) and self.group_at(i + prefix) != "a":
            i += prefix  # "€0.35", "eur twenty"
        else:
            prefix = 0
        number_first = i
        minus = self.group_at(i) == "minus" and self.joined(i + 1)
        i += 1 if minus else 0
        if self.group_at(i) == "a" and self.phrase_at(i + 1, "euro") and self.joined(i + 1):
            read: tuple[Decimal, int] | None = (Decimal(1), i + 1)  # "a euro fifty"
        else:
            read = self.number(i, alone)
        if read is None:
            return None
        number_at = i
        number, i = read
        if minus or self.typed_minus(number_at):
            number = -number
        number_last = i
        unit: str | None = "euro" if prefix else None
        unit_said = self.said(index, index + prefix)
        for name in () if prefix else ("euro", "cent", "percent"):
            size = self.phrase_at(i, name) if self.joined(i) else 0
            if size:
                unit, unit_said, i = name, self.said(i, i + size), i + size
                break
        value = number / 100 if unit == "cent" else number
        compound = False
        if unit == "euro" and self.joined(i) and number == number.to_integral_value():
            half = self.phrase_at(i, "and_a_half")  # "deux euros et demi"
            cents = (Decimal(50), i + half) if half else self.cents(i)
            if cents is not None:
                value, i, compound = number + cents[0] / 100, cents[1], True
        return _Amount(value, unit, index, i, number_first, number_last, number, compound, unit_said)

    def said(self, first: int, last: int) -> str:
        """Tokens ``first`` to ``last`` as typed."""
        return self.text[self.tokens[first].start : self.tokens[last - 1].end] if last > first else ""

    def typed_minus(self, index: int) -> bool:
        """ "-0.35" (but not "2-3")."""
        token = self.tokens[index]
        before = self.text[: token.start]
        return token.digits and before.endswith("-") and not before[:-1][-1:].isalnum()

    def cents(self, index: int) -> tuple[Decimal, int] | None:
        """The cents after "2 euro": "50", "fifty", "fifty cents"; not "3 hours"."""
        read = self.integer(index) if not self.tokens[index].digits else None
        if self.tokens[index].digits and self.tokens[index].text.isdigit():
            read = (int(self.tokens[index].text), index + 1)
        if read is None or not 0 < read[0] < _SMALL:
            return None
        value, i = read
        if self.joined(i):
            if self.phrase_at(i, "cent"):
                return Decimal(value), i + self.phrase_at(i, "cent")
            if any(self.phrase_at(i, unit) for unit in ("own_unit", "euro", "percent")):
                return None
        return Decimal(value), i

    def amounts(self, alone: bool = False) -> list[_Amount]:
        found: list[_Amount] = []
        i = 0
        while i < len(self.tokens):
            if self.tokens[i].text == "one" and i > 0 and self.group_at(i - 1) == "not_one":
                i += 1  # "this one", "the first one"
                continue
            amount = self.amount(i, alone)
            if amount is None:
                i += 1
                continue
            found.append(amount)
            i = amount.last
        return found


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def words_to_number(text: str) -> Decimal | None:
    """The one number in ``text``, said in words or digits: "twenty" 20, "0,35" 0.35,
    "zero point three five" 0.35; with a unit, in euro: "thirty five cents" 0.35,
    "a euro fifty" 1.50, "half a euro" 0.50, "€0.35" 0.35. None when there is
    no number, or more than one ("2 euro an hour after 3 hours")."""
    cleaned = clean_text((text or "")[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH]
    tokens = _tokens(cleaned)
    if not tokens:
        return None
    reader = _Reader(cleaned, tokens)
    found = reader.amounts(alone=len(tokens) == 1)
    return found[0].value if len(found) == 1 else None


def replace_number_words(text: str) -> str:
    """``text`` with its numbers in words written in digits, the rest as typed:
    "thirty five cents per kwh" -> "35 cents per kwh", "a euro fifty to start" ->
    "1.50 euro to start" (the unit as typed), "two and a half euro an hour" -> "2.5 euro an hour",
    "zero point three five" -> "0.35". "this one", "the first one" stay."""
    if not text:
        return text or ""
    tokens = _tokens(text)
    reader = _Reader(text, tokens)
    pieces: list[str] = []
    at = 0
    for amount in reader.amounts():
        if amount.compound:
            first, last = tokens[amount.first], tokens[amount.last - 1]
            written = " ".join((str(amount.value.quantize(Decimal("0.01"))), amount.unit_said))
        else:
            said = tokens[amount.number_first : amount.number_last]
            if all(t.digits for t in said):
                continue  # already digits ("35 cents", "2 and a half" is rewritten below)
            first, last = said[0], said[-1]
            written = _plain(amount.number)
        pieces += [text[at : first.start], written]
        at = last.end
    pieces.append(text[at:])
    return "".join(pieces)
