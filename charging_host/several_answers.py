"""Several answers in one message: "We are Brouwerij De Kroon BV, VAT BE 0200.297.773,
Kerkstraat 12, 9000 Gent", or a pasted block with VAT number, IBAN, e-mail and phone.

``find_answers`` cuts a message into the pieces that answer the registration's
questions (field -> the piece of text), so that each piece can be checked as if
its question had been asked; ``says_correction`` tells whether the message
replaces an earlier answer ("actually the phone is ..."). Nothing is checked
here beyond recognising what a piece is: the flows' validators check them.

The words (how people name each field, legal forms, "we are", "actually") are
in ``phrases/fields.yml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from charging_host.addresses import country_of
from charging_host.contact import check_phone, find_email, parse_address
from charging_host.mandate import find_iban
from charging_host.phrases import pattern, phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text
from charging_host.vat import find_vat_number

# The fields this module can find, in the order the registration asks them.
FIELDS = (
    "entity_type",
    "vat_number",
    "legal_name",
    "registered_address",
    "invoice_email",
    "contact_name",
    "phone",
    "iban",
    "account_holder",
)
COMPANY = "company"  # the entity_type piece when a legal form or a VAT number says so

# Pieces are cut at line ends, semicolons, bars and commas that do not sit in a
# number ("0,35"), and at " - " between parts.
_SEPARATORS = re.compile(r"\n|;|\||,(?!\d)|\s[-–]\s|(?<=[^\W\d_]{4})\.\s+(?=[A-Z])")
_POSTAL_CODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}-)?\d{4,5}(?!\w)|(?<!\w)\d{4}\s?[A-Z]{2}(?!\w)|(?<!\w)\d{3}\s\d{2}(?!\w)"
)
_PHONE_LIKE = re.compile(r"^[+\d][\d\s()./-]{7,}$")
_FILLER = re.compile(
    r"^(?:(?:and|also|plus|my|our|the|a|an|its|it's|it is|is|are|=|:|-)(?:\s+|$|(?<=[=:-])))+", re.IGNORECASE
)


@dataclass(frozen=True)
class _Label:
    field: str
    rest: str


@functools.lru_cache(maxsize=1)
def _fields_pattern() -> re.Pattern[str]:
    words = phrases("fields")
    alternatives = sorted(
        ((w, field) for field in FIELDS if field != "entity_type" for w in words.get(field, ())),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    groups = "|".join(re.escape(w) for w, _ in alternatives)
    return re.compile(rf"^(?P<label>{groups})(?![\w@])\s*(?:[:=]|\bis\b|\bare\b|\bshould be\b|-)?\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _field_of() -> dict[str, str]:
    """Each label word to its field ("btw" -> vat_number)."""
    return {word: field for field in FIELDS for word in phrases("fields").get(field, ())}


def _label_of(segment: str) -> _Label | None:
    """ "VAT: BE0200297773" -> vat_number, "BE0200297773"."""
    text = _without_leading_words(segment)
    found = _fields_pattern().match(text)
    if not found:
        return None
    rest = pattern("fields", "politeness").sub("", text[found.end() :]).strip(" :.,!")
    rest = _without_leading_words(rest)
    field = _field_of().get(found.group("label").lower())
    if field is None:
        return None
    return _Label(field=field, rest=rest)  # rest "" : "the phone is wrong" names the field only


def _without_leading_words(segment: str) -> str:
    """Drops "actually", "no wait,", "my", "the" before a label or a value."""
    correction = pattern("fields", "correction")
    text = segment.strip()
    while True:
        before = text
        text = _FILLER.sub("", text).strip()
        found = correction.match(text)
        if found:
            text = text[found.end() :].lstrip(" ,:!-").strip()
        if text == before:
            return text


def says_correction(text: str) -> bool:
    """ "actually the VAT number is ...", "wrong phone, it's ...", "no wait, use my other IBAN"."""
    return bool(pattern("fields", "correction").search(text or ""))


def _legal_form_in(text: str) -> bool:
    return bool(pattern("fields", "legal_forms").search(text))


def _company_name(segment: str) -> str | None:
    """ "We are Brouwerij De Kroon BV" -> "Brouwerij De Kroon BV"; a name only when it has a legal form
    or is introduced as the company ("we are ...")."""
    text = _without_leading_words(segment)
    introduced = pattern("fields", "introduces_name").match(text)
    if introduced:
        text = _without_leading_words(text[introduced.end() :].strip(" :,"))
        label = _label_of(text)  # "we're a company: De Kroon BV"
        if label is not None and label.field == "legal_name" and label.rest:
            text = label.rest
    if not re.search(r"[^\W\d_]", text) or len(text) > 120 or "@" in text:
        return None
    if _legal_form_in(text) or introduced:
        return text.strip(" .")
    return None


def _segments(text: str) -> list[str]:
    return [s.strip() for s in _SEPARATORS.split(text) if s.strip()]


def _unlabelled(segment: str, default_country: str) -> str | None:
    """What a piece without a label is: an e-mail, an IBAN, a VAT number, a phone number."""
    if "@" in segment and find_email(segment).ok:
        return "invoice_email"
    if find_iban(segment).ok:
        return "iban"
    value = _without_leading_words(segment)
    if re.match(r"^[A-Za-z]{2}", value) and find_vat_number(value).ok:
        return "vat_number"
    if _PHONE_LIKE.match(value) and check_phone(value, default_country).ok:
        return "phone"
    return None


@dataclass(frozen=True)
class Answers:
    found: dict[str, str]  # field -> the piece of text that answers it
    rest: tuple[str, ...]  # the pieces nothing claimed ("Tine Vermeersch" before a pasted address)


def find_answers(text: str, default_country: str = "BE") -> dict[str, str]:
    """The registration answers in a message, each as the piece of text that gives it.

    ``{"legal_name": "Brouwerij De Kroon BV", "entity_type": "company",
    "vat_number": "BE 0200.297.773", "registered_address": "Kerkstraat 12, 9000 Gent"}``.
    Empty when the message has nothing recognisable.
    """
    return cut_answers(text, default_country).found


def cut_answers(text: str, default_country: str = "BE") -> Answers:
    """The answers in a message, and what is left over."""
    text = clean_text(text or "")[:MAX_ANSWER_LENGTH]
    segments = _segments(text)
    found: dict[str, str] = {}
    leftover: list[int] = []  # segments nothing claimed yet, by position
    named = ""  # a field named without its value: "the phone is wrong, it's 0476 ..."
    for index, segment in enumerate(segments):
        label = _label_of(segment)
        if label is not None and label.rest:
            found.setdefault(label.field, label.rest)
            named = ""
            continue
        if label is not None:
            named = label.field
            continue
        if named and named not in found:
            found[named] = _without_leading_words(segment)
            named = ""
            continue
        field = _unlabelled(segment, default_country)
        if field is not None:
            found.setdefault(field, _without_leading_words(segment))
            continue
        leftover.append(index)
    _find_address(segments, leftover, found, default_country)
    for index in list(leftover):
        name = _company_name(segments[index])
        if name and "legal_name" not in found:
            found["legal_name"] = name
            leftover.remove(index)
    if "vat_number" in found or _legal_form_in(found.get("legal_name", "")):
        found.setdefault("entity_type", COMPANY)
    rest = tuple(r for r in (_without_leading_words(segments[i]) for i in leftover) if r)
    return Answers(found=found, rest=rest)


def _find_address(segments: list[str], leftover: list[int], found: dict[str, str], default_country: str) -> None:
    """An address is one piece with a postal code, with the street piece before it
    and a country piece after it when the commas cut it ("Kerkstraat 12, 9000 Gent, Belgium")."""
    if "registered_address" in found:
        return
    for index in list(leftover):
        segment = segments[index]
        if not _POSTAL_CODE.search(segment):
            continue
        parts = [index]
        if (
            index - 1 in leftover
            and re.search(r"\d", segments[index - 1])
            and not _POSTAL_CODE.search(segments[index - 1])
        ):
            parts.insert(0, index - 1)
        if index + 1 in leftover and country_of(segments[index + 1]) is not None:
            parts.append(index + 1)
        candidate = ", ".join(_without_leading_words(segments[i]) for i in parts)
        if parse_address(candidate, default_country).ok:
            found["registered_address"] = candidate
            for i in parts:
                leftover.remove(i)
            return
