"""Postal addresses as people type them, read the way each European country writes them.

"Kerkstraat 12 bus 3, 9000 Gent", "12 rue de la Gare, 59000 Lille, France",
"2, rue de la Gare\\nL-1234 Luxembourg", "Dorpsstraat 1 1234 AB Amsterdam",
"Via Roma, 10, 00184 Roma RM, Italia", "1 Grafton Street, Dublin 2, D02 X285":
one line or several, with commas or without, the house number before or after
the street. The words (street words, box and flat words, country names, "same
address") are in ``phrases/addresses.yml``; the postal code formats are here.

How an answer is read:

* The text is split into parts at line breaks, commas, semicolons and a
  free-standing dash, and each part into words.
* A country at the end (a name in any of the users' languages, or a code)
  says which country; else the caller's default (the VAT number's country, or
  Belgium). A country that is also a town ("L-1234 Luxembourg") may be both.
* The postal code is the run of words in one of the EU formats that fits the
  country and has the town next to it: after it ("9000 Gent"), or before it
  where the country writes it so ("Valletta VLT 1117", "Dublin 2, D02 X285").
  A postal code with a country letter ("D-10115", "L-1234") or in a format only
  one country has ("1234 AB", "1234-567", "12-345", an Eircode) tells the
  country when none was written.
* The town is what is next to the postal code; the street is all the rest, as
  typed (house number, box and building included), and needs a house number.

Errors: ``empty``, ``too_long``, ``invalid``, ``no_house_number``,
``no_postal_code``, ``postal_code_mismatch``; a postal code without a town
("Kerkstraat 12, 9000") is ``empty`` too, which asks for the whole address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from charging_host.phrases import phrases
from charging_host.text import (
    MAX_ANSWER_LENGTH,
    clean_text,
    has_control_characters,
    has_letter,
    is_too_long,
    looks_like_code,
    looks_like_markup,
)

MAX_ADDRESS_LENGTH = 200
_KIND = "addresses"

T = TypeVar("T")


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A checked value, or an error code saying why it is not one (of every check in
    ``contact``: it lives here so that this module needs nothing from there)."""

    value: T | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str
    country: str

    def as_dict(self) -> dict[str, str]:
        return {
            "street": self.street,
            "postal_code": self.postal_code,
            "city": self.city,
            "country": self.country,
        }


def address_line(address: dict[str, str]) -> str:
    """An address as one line: "Kerkstraat 5, 9000 Gent, BE"."""
    town = f"{address.get('postal_code', '')} {address.get('city', '')}"
    return f"{address.get('street', '')}, {town}, {address.get('country', '')}"


# --- the formats ---------------------------------------------------------------

# Postal codes as typed (without a country letter), per ISO 3166 country: the
# EU's, and the neighbours' whose addresses hosts meet.
POSTAL_CODE_PATTERNS = {
    "AT": r"\d{4}",
    "BE": r"\d{4}",
    "BG": r"\d{4}",
    "CH": r"\d{4}",
    "CY": r"\d{4}",
    "DK": r"\d{4}",
    "HU": r"\d{4}",
    "LU": r"\d{4}",
    "LV": r"\d{4}",
    "NO": r"\d{4}",
    "SI": r"\d{4}",
    "DE": r"\d{5}",
    "EE": r"\d{5}",
    "ES": r"\d{5}",
    "FI": r"\d{5}",
    "FR": r"\d{5}",
    "HR": r"\d{5}",
    "IT": r"\d{5}",
    "LT": r"\d{5}",
    "RO": r"\d{6}",
    "CZ": r"\d{3}\s?\d{2}",
    "GR": r"\d{3}\s?\d{2}",
    "SE": r"\d{3}\s?\d{2}",
    "SK": r"\d{3}\s?\d{2}",
    "NL": r"\d{4}\s?[A-Za-z]{2}",
    "PT": r"\d{4}-\d{3}",
    "PL": r"\d{2}-\d{3}",
    "IE": r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}",  # Eircode
    "MT": r"[A-Za-z]{3}\s?\d{4}",
    "GB": r"[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2}",
}
COUNTRY_CODES = set(POSTAL_CODE_PATTERNS)
# Country letters written before a postal code ("D-10115", "L-1234", "NL-1234 AB"):
# the ISO codes, and the older car-plate letters.
POSTAL_CODE_PREFIXES = {code: code for code in COUNTRY_CODES - {"IE", "MT", "GB"}} | {
    "A": "AT",
    "B": "BE",
    "D": "DE",
    "E": "ES",
    "F": "FR",
    "H": "HU",
    "I": "IT",
    "L": "LU",
    "N": "NO",
    "P": "PT",
    "S": "SE",
    "FIN": "FI",
    "SF": "FI",
    "SLO": "SI",
    "EST": "EE",
}
# Codes people write in place of the ISO one.
_COUNTRY_ALIASES = {"EL": "GR", "UK": "GB", "XI": "GB"}
# Where the country's postal code starts with its letters ("L-1234", "LV-1050").
_WRITTEN_WITH_PREFIX = {"LU": "L-", "LV": "LV-", "LT": "LT-"}
# Where a space splits the code ("1234 AB", "123 45", "D02 X285", "VLT 1117"), and after how many characters.
_SPLIT_AT = {"NL": 4, "CZ": 3, "GR": 3, "SE": 3, "SK": 3, "IE": 3, "MT": 3}
_DASH_AT = {"PT": 4, "PL": 2}

_SHAPES = [
    re.compile(
        rf"(?<!\S)(?:(?P<prefix>[A-Za-z]{{1,3}})\s?-\s?)?(?P<code>{shape})(?!\S)",
        re.IGNORECASE,
    )
    for shape in dict.fromkeys(POSTAL_CODE_PATTERNS.values())
]


def fold(text: str) -> str:
    """Lower case without accents, for comparing words: "België" is "belgie", "Straße" "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- the words -----------------------------------------------------------------


def _words(group: str) -> tuple[str, ...]:
    return phrases(_KIND).get(group, ())


def _folded(group: str) -> frozenset[str]:
    return frozenset(fold(word).strip(".") for word in _words(group))


COUNTRY_NAMES: dict[str, str] = {
    name: group.removeprefix("country_").upper()
    for group, names in phrases(_KIND).items()
    if group.startswith("country_")
    for name in names
}
_COUNTRY_BY_NAME = {fold(name): code for name, code in COUNTRY_NAMES.items()}
# Longest first, as lists of words, for a name at the end of a line ("... 9000 Gent Belgium").
_COUNTRY_NAME_WORDS = sorted(
    ((tuple(name.split()), code) for name, code in _COUNTRY_BY_NAME.items()), key=lambda item: -len(item[0])
)
_TOWN_AND_COUNTRY = _folded("town_and_country")
_STREET_WORDS = _folded("street_words")
_STREET_ENDINGS = _folded("street_endings")
_UNIT_WORDS = _folded("unit_words")
_NUMBER_WORDS = _folded("number_words")
_NUMBER_SUFFIXES = _folded("number_suffixes")
_PLACE_FIRST_WORDS = _folded("place_first_words")
_LEAD_INS = sorted((tuple(fold(p).split()) for p in _words("lead_in")), key=lambda words: -len(words))
_UNIT_STUCK = re.compile(
    r"(?:{})\.?\d+[a-z]?".format("|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True))),
)
_HOUSE_NUMBER = re.compile(r"\d{1,5}[a-z]{0,3}(?:[-/][a-z0-9]{1,5})?")
_UNIT_NAME = re.compile(r"[a-z]?\d{1,4}[a-z]?|[a-z]")
_DISTRICT = re.compile(r"\d{1,2}(?:e|er|eme)?")  # "Praha 1", "Dublin 2", "Lyon 3e"
_PUNCTUATION = ".,;:()\"'"
# What an address is written with: letters, digits and these.
_NOT_IN_ADDRESSES = re.compile(r"[^\w\s.,;:'\"()/&#°\-]|_")
_SEPARATORS = re.compile(r"[,;\n]|\s-\s")
_MAX_WORD_LENGTH = 60


def _bare(token: str) -> str:
    return fold(token).strip(_PUNCTUATION)


def _has_digit(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _is_house_number(token: str) -> bool:
    return bool(_HOUSE_NUMBER.fullmatch(_bare(token)))


def _is_street_word(token: str) -> bool:
    bare = _bare(token)
    if bare in _STREET_WORDS or any(part in _STREET_WORDS for part in bare.split("-")):
        return True
    return any(bare.endswith(ending) and len(bare) > len(ending) + 1 for ending in _STREET_ENDINGS)


def _unit_at(tokens: Sequence[str], i: int) -> int:
    """How many words a box or flat takes at ``i`` ("bus 3", "bte. 2", "b2", "Apt 4"), or 0."""
    bare = _bare(tokens[i])
    if _UNIT_STUCK.fullmatch(bare):
        return 1
    if bare in _UNIT_WORDS and i + 1 < len(tokens) and _UNIT_NAME.fullmatch(_bare(tokens[i + 1])):
        return 2
    return 0


def _starts_with_number(tokens: Sequence[str]) -> bool:
    """ "12 rue de la Gare", "n° 12 rue ...": the house number comes first."""
    if not tokens:
        return False
    if _is_house_number(tokens[0]):
        return True
    return _bare(tokens[0]) in _NUMBER_WORDS and len(tokens) > 1 and _is_house_number(tokens[1])


def _street_ok(parts: Iterable[Sequence[str]]) -> bool:
    """A street name and a house number (a box number alone is not one)."""
    has_number = has_name = False
    for tokens in parts:
        i = 0
        while i < len(tokens):
            taken = _unit_at(tokens, i)
            if taken:
                i += taken
                continue
            bare = _bare(tokens[i])
            if _has_digit(bare):
                has_number = True
            elif bare not in _NUMBER_WORDS | _NUMBER_SUFFIXES and sum(ch.isalpha() for ch in bare) >= 2:
                has_name = True
            i += 1
    return has_number and has_name


def _city_like(tokens: Sequence[str], strict: bool) -> bool:
    """Words that can be a town: "Gent", "Frankfurt am Main", "Praha 1", "'s-Hertogenbosch".

    Strict: not a street either ("rue de la Gare"), where either could be meant.
    """
    if not tokens or len(tokens) > 6 or not (tokens[0][0].isalpha() or tokens[0][0] in "'("):
        return False
    for i, token in enumerate(tokens):
        bare = _bare(token)
        if _unit_at(tokens, i) or bare in _NUMBER_WORDS:
            return False
        if _has_digit(token) and (i == 0 or i < len(tokens) - 1 or not _DISTRICT.fullmatch(bare)):
            return False
        if strict and _is_street_word(token) and bare not in _PLACE_FIRST_WORDS:
            return False
    return True


def _split_street_then_city(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """ "Kerkstraat 12 Gent" or "12 Main Street Dublin 2": street, then town."""
    if _starts_with_number(tokens):
        # The street ends with its street word: "12 Main Street | Dublin 2".
        for j in range(len(tokens) - 2, 1, -1):
            if _is_street_word(tokens[j]) and _city_like(tokens[j + 1 :], strict=True):
                return list(tokens[: j + 1]), list(tokens[j + 1 :])
        return None
    for h in range(1, len(tokens)):
        if not _is_house_number(tokens[h]) or _bare(tokens[h - 1]) in _UNIT_WORDS:
            continue
        end = h + 1
        while end < len(tokens):  # "12 bis", "12 A", "12 bus 3"
            taken = _unit_at(tokens, end)
            bare = _bare(tokens[end])
            if not taken and (bare in _NUMBER_SUFFIXES or (len(bare) == 1 and bare.isalpha())):
                taken = 1
            if not taken:
                break
            end += taken
        if _city_like(tokens[end:], strict=True):
            return list(tokens[:end]), list(tokens[end:])
    return None


def _split_city_then_street(tokens: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """ "Gent Kerkstraat 12" or "Lille 12 rue de la Gare" (after "9000", without a comma)."""
    for k in range(1, len(tokens)):
        city, street = tokens[:k], tokens[k:]
        opens_a_street = _starts_with_number(street) or _is_street_word(street[0])
        if opens_a_street and _city_like(city, strict=True) and _street_ok([street]):
            return list(city), list(street)
    if len(tokens) > 1 and _city_like(tokens[:1], strict=True) and _street_ok([tokens[1:]]):
        return list(tokens[:1]), list(tokens[1:])
    return None


def country_of(text: str) -> str | None:
    """An ISO code for a country's name ("Belgique", "the Netherlands") or code ("be", "EL")."""
    key = fold(re.sub(r"\s+", " ", text)).strip(" .")
    if key in _COUNTRY_BY_NAME:
        return _COUNTRY_BY_NAME[key]
    code = _COUNTRY_ALIASES.get(key.upper(), key.upper())
    return code if code in COUNTRY_CODES else None


def _fits(code: str, country: str) -> bool:
    pattern = POSTAL_CODE_PATTERNS.get(country)
    return pattern is None or bool(re.fullmatch(pattern, code, flags=re.IGNORECASE))


def format_postal_code(code: str, country: str) -> str:
    """A postal code as the country writes it: "1234 AB", "1234-567", "123 45", "L-1234", "D02 X285"."""
    compact = re.sub(r"[\s-]", "", code).upper()
    if country in _SPLIT_AT:
        at = _SPLIT_AT[country]
        return f"{compact[:at]} {compact[at:]}"
    if country in _DASH_AT:
        at = _DASH_AT[country]
        return f"{compact[:at]}-{compact[at:]}"
    if country == "GB":
        return f"{compact[:-3]} {compact[-3:]}"
    return _WRITTEN_WITH_PREFIX.get(country, "") + compact


# --- reading -------------------------------------------------------------------

# Not one of the errors the assistant answers: it asks for the whole address ("empty").
_NO_CITY = "no_city"


@dataclass(frozen=True)
class _Candidate:
    """Words of one part that have the shape of a postal code."""

    part: int
    start: int
    end: int
    code: str
    prefix_country: str | None
    strong: bool  # may tell the country, and hides the digits inside it

    def fits(self, country: str) -> bool:
        if self.prefix_country:
            return self.prefix_country == country
        return _fits(self.code, country)

    def only_country(self) -> str | None:
        """The one country this code can be of, if only one has its format."""
        if self.prefix_country:
            return self.prefix_country
        countries = [c for c, p in POSTAL_CODE_PATTERNS.items() if re.fullmatch(p, self.code, flags=re.IGNORECASE)]
        return countries[0] if self.strong and len(countries) == 1 else None


@dataclass(frozen=True)
class _Reading:
    candidate: _Candidate
    street: list[list[str]]
    city: list[str]
    city_after: bool


def _candidates(parts: Sequence[Sequence[str]]) -> list[_Candidate]:
    found: dict[tuple[int, int, int], _Candidate] = {}
    for index, tokens in enumerate(parts):
        line = " ".join(tokens)
        for shape in _SHAPES:
            for match in shape.finditer(line):
                code, prefix = match.group("code"), match.group("prefix")
                prefix_country = POSTAL_CODE_PREFIXES.get(prefix.upper()) if prefix else None
                if prefix and (prefix_country is None or not _fits(code, prefix_country)):
                    continue
                start = line.count(" ", 0, match.start())
                end = line.count(" ", 0, match.end()) + 1
                before = _bare(tokens[start - 1]) if start else ""
                letters = fold(re.sub(r"[^A-Za-z].*", "", code))
                if (len(before) > 1 and before in _UNIT_WORDS | _NUMBER_WORDS) or letters in _UNIT_WORDS:
                    continue  # "bus 1234", "nr 1234": a box or a house number
                found.setdefault((index, start, end), _candidate(index, start, end, code, prefix_country))
    return list(found.values())


def _candidate(part: int, start: int, end: int, code: str, prefix_country: str | None) -> _Candidate:
    letters = "".join(ch for ch in code if ch.isalpha())
    if not letters:
        strong = True
    elif re.fullmatch(POSTAL_CODE_PATTERNS["NL"], code):
        # "8660 De Panne" is not "8660 DE": two letters apart that open place names.
        strong = not (" " in code and fold(letters) in _PLACE_FIRST_WORDS)
    else:
        strong = letters.isupper()
    return _Candidate(part, start, end, code, prefix_country, strong)


def _hidden(candidate: _Candidate, others: Sequence[_Candidate], parts: Sequence[Sequence[str]]) -> bool:
    """Digits inside a longer postal code: "1234" in "1234 AB", "1117" in "VLT 1117" at the end."""
    for other in others:
        if other is candidate or not other.strong or other.part != candidate.part:
            continue
        if not (other.start <= candidate.start and candidate.end <= other.end):
            continue
        if other.code[0].isalpha():  # an Eircode, Malta's "VLT 1117": only at the very end
            at_the_end = other.part == len(parts) - 1 and other.end == len(parts[other.part])
            if not at_the_end:
                continue
        return True
    return False


def _reading(parts: Sequence[Sequence[str]], c: _Candidate) -> _Reading | None:
    """The town next to a postal code, and the street (all the rest)."""
    tokens = parts[c.part]
    before, after = list(tokens[: c.start]), list(tokens[c.end :])
    parts_before, parts_after = [list(p) for p in parts[: c.part]], [list(p) for p in parts[c.part + 1 :]]
    if after:  # "9000 Gent"
        street = parts_before + ([before] if before else []) + parts_after
        if not before and not _street_ok(street):  # "9000 Gent Kerkstraat 12"
            split = _split_city_then_street(after)
            if split:
                after, rest = split
                street = parts_before + [rest] + parts_after
        if not _city_like(after, strict=False):
            return None
        return _Reading(c, street, after, city_after=True)
    if not before:  # the postal code alone on its line
        if parts_after and _city_like(parts_after[0], strict=True):  # "9000\nGent"
            return _Reading(c, parts_before + parts_after[1:], parts_after[0], city_after=True)
        if not parts_before:
            return None
        previous = parts_before[-1]
        if _city_like(previous, strict=True) and (parts_before[:-1] or parts_after):  # "Dublin 2, D02 X285"
            return _Reading(c, parts_before[:-1] + parts_after, previous, city_after=False)
        split = _split_street_then_city(previous)
        if not split:
            return None
        return _Reading(c, parts_before[:-1] + [split[0]] + parts_after, split[1], city_after=False)
    if parts_after and _city_like(parts_after[0], strict=True) and _street_ok([before]):  # "Kerkstraat 12 9000, Gent"
        return _Reading(c, parts_before + [before] + parts_after[1:], parts_after[0], city_after=True)
    if (parts_before or parts_after) and _city_like(before, strict=True):  # "Valletta VLT 1117"
        return _Reading(c, parts_before + parts_after, before, city_after=False)
    split = _split_street_then_city(before)  # "Kerkstraat 12 Gent 9000"
    if not split:
        return None
    return _Reading(c, parts_before + [split[0]] + parts_after, split[1], city_after=False)


def _address(reading: _Reading, country: str) -> Address:
    street = ", ".join(" ".join(tokens) for tokens in reading.street if tokens).strip(" ,;:")
    city = " ".join(reading.city).strip(" ,;:.")
    return Address(street, format_postal_code(reading.candidate.code, country), city, country)


def _read(parts: Sequence[Sequence[str]], country: str, written: bool) -> Checked[Address]:
    """The address in ``parts`` for ``country``, given in the text (``written``) or assumed."""
    found = _candidates(parts)
    live = [c for c in found if not _hidden(c, found, parts)]
    stages: list[list[tuple[_Candidate, str]]] = [[(c, country) for c in live if c.fits(country)]]
    if not written:  # "D-10115 Berlin", "1234 AB Amsterdam": the postal code says which country
        stages.append([(c, only) for c in live if not c.fits(country) and (only := c.only_country())])
    for stage in stages:
        readings = [(r, land) for c, land in stage if (r := _reading(parts, c))]
        if readings:
            best, land = max(
                readings,
                key=lambda item: (
                    _street_ok(item[0].street),
                    item[0].city_after,
                    item[0].candidate.part,
                    item[0].candidate.start,
                ),
            )
            if not _street_ok(best.street):
                return Checked(error="no_house_number")
            return Checked(value=_address(best, land))
    if any(_reading(parts, c) for c in live):
        return Checked(error="postal_code_mismatch")
    if found:
        taken = {(c.part, i) for c in found for i in range(c.start, c.end)}
        other_digits = any(
            _has_digit(token) for p, tokens in enumerate(parts) for i, token in enumerate(tokens) if (p, i) not in taken
        )
        return Checked(error=_NO_CITY if other_digits else "no_postal_code")
    if not any(_has_digit(token) for tokens in parts for token in tokens):
        return Checked(error="no_house_number")
    return Checked(error="no_postal_code")


def _countries(parts: list[list[str]], default: str) -> list[tuple[list[list[str]], str, bool]]:
    """Ways to read the country: written at the end, else the default."""
    last = parts[-1]
    folded = [_bare(token) for token in last]
    if len(parts) > 1 and (written := country_of(" ".join(last))):  # "..., Belgium", "..., BE"
        return [(parts[:-1], written, True)] + _also_town(parts, " ".join(folded), written)
    for words, code in _COUNTRY_NAME_WORDS:
        if len(folded) > len(words) and tuple(folded[-len(words) :]) == words:  # "... 9000 Gent Belgium"
            return [(parts[:-1] + [last[: -len(words)]], code, True)] + _also_town(parts, " ".join(words), code)
    if len(last) > 1 and last[-1].upper() in COUNTRY_CODES:  # "... 9000 Gent BE", but "Bergamo BG" is a town
        return [(parts[:-1] + [last[:-1]], last[-1].upper(), True), (parts, default, False)]
    return [(parts, default, False)]


def _also_town(parts: list[list[str]], name: str, country: str) -> list[tuple[list[list[str]], str, bool]]:
    """ "L-1234 Luxembourg": a country's name that is its capital's too may be the town."""
    return [(parts, country, True)] if name in _TOWN_AND_COUNTRY else []


def _without_lead_in(parts: list[list[str]]) -> list[list[str]]:
    """ "My address is Kerkstraat 12, ..." without "My address is"."""
    first = [_bare(token) for token in parts[0]]
    for words in _LEAD_INS:
        if tuple(first[: len(words)]) == words and (len(first) > len(words) or len(parts) > 1):
            rest = parts[0][len(words) :]
            return ([rest] if rest else []) + parts[1:]
    return parts


def _parts(text: str) -> list[list[str]] | str:
    """The text's parts (lines, or pieces between commas), as words; or an error."""
    text = clean_text(text)
    text = re.sub(r"[‐‑‒–—−]", "-", re.sub(r"[’‘`´]", "'", text))
    raw = re.sub(r"\s+", " ", text.replace("\n", ", ")).strip(" ,.")
    if not raw or not has_letter(raw):
        return "empty"
    if is_too_long(raw, MAX_ADDRESS_LENGTH):
        return "too_long"
    if looks_like_markup(raw) or looks_like_code(raw) or _NOT_IN_ADDRESSES.search(raw):
        return "invalid"
    parts = [piece.split() for piece in _SEPARATORS.split(text)]
    parts = [tokens for tokens in parts if tokens]
    if any(len(token) > _MAX_WORD_LENGTH for tokens in parts for token in tokens):
        return "invalid"
    parts = _without_lead_in(parts)
    if parts:
        parts[-1][-1] = parts[-1][-1].rstrip(".") or parts[-1][-1]
    return parts or "empty"


def _default_country(country: str | None) -> str:
    code = (country or "BE").strip().upper()
    return _COUNTRY_ALIASES.get(code, code)


def _public(result: Checked[Address]) -> Checked[Address]:
    return Checked(error="empty") if result.error == _NO_CITY else result


def parse_address(text: str, default_country: str | None = "BE") -> Checked[Address]:
    """Street (with house number and box), postal code, town and country from what a host typed.

    ``default_country`` is the country when the text names none and its postal
    code does not tell (a 4- or 5-digit one). Errors: ``empty``, ``too_long``,
    ``invalid``, ``no_house_number``, ``no_postal_code``, ``postal_code_mismatch``.
    """
    if has_control_characters(text or ""):
        return Checked(error="empty") if not has_letter(clean_text(text or "")) else Checked(error="invalid")
    parts = _parts(text or "")
    if isinstance(parts, str):
        return Checked(error=parts)
    first: Checked[Address] | None = None
    for reading_parts, country, written in _countries(parts, _default_country(default_country)):
        if not reading_parts:
            continue
        result = _read(reading_parts, country, written)
        if result.ok:
            return result
        first = first or result
    return _public(first or Checked(error="no_house_number"))


def check_address_fields(address: Mapping[str, object]) -> Checked[Address]:
    """An address given field by field (as the API takes it), checked as if typed on one line."""
    fields = [str(address.get(key) or "").strip() for key in ("street", "postal_code", "city", "country")]
    if not all(fields):
        return Checked(error="empty")
    street, postal_code, city, country_given = fields
    country = country_of(clean_text(country_given)[:60])
    if country is None:
        return Checked(error="invalid")
    text = f"{street}, {postal_code} {city}"
    if has_control_characters(text):
        return Checked(error="invalid")
    parts = _parts(text)
    if isinstance(parts, str):
        return Checked(error=parts)
    return _public(_read(parts, country, written=True))


# --- "the same address" ----------------------------------------------------------


def _phrase_pattern(group: str) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in fold(p).split()) for p in _words(group))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!x)x'})(?!\w)")


_SAME_ADDRESS = _phrase_pattern("same_address")
_NOT_SAME = _phrase_pattern("not_same")


def refers_to_earlier_address(text: str) -> bool:
    """The host means an address given before: "same as the company address", "idem",
    "zelfde adres", "même adresse". Not when they say it is another ("not the same")
    or type an address after all."""
    text = (text or "")[: MAX_ANSWER_LENGTH * 2]
    folded = fold(re.sub(r"[’‘`´]", "'", clean_text(text)))[:MAX_ANSWER_LENGTH]
    if not _SAME_ADDRESS.search(folded) or _NOT_SAME.search(folded):
        return False
    return not parse_address(text).ok
