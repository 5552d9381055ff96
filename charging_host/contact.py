"""E-mail addresses, phone numbers, names and postal addresses as people type them.

Postal addresses are read in ``charging_host.addresses``; their names are
imported from here too, as they always were.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from charging_host.addresses import (
    COUNTRY_CODES,
    COUNTRY_NAMES,
    MAX_ADDRESS_LENGTH,
    POSTAL_CODE_PATTERNS,
    Address,
    Checked,
    address_line,
    check_address_fields,
    parse_address,
    refers_to_earlier_address,
)
from charging_host.text import (
    MAX_ANSWER_LENGTH,
    clean_text,
    has_control_characters,
    has_letter,
    is_too_long,
    looks_like_code,
    looks_like_markup,
)

__all__ = [
    "COUNTRY_CODES",
    "COUNTRY_NAMES",
    "MAX_ADDRESS_LENGTH",
    "MAX_NAME_LENGTH",
    "POSTAL_CODE_PATTERNS",
    "Address",
    "Checked",
    "address_line",
    "check_address_fields",
    "check_name",
    "check_phone",
    "find_email",
    "parse_address",
    "refers_to_earlier_address",
]

MAX_NAME_LENGTH = 120


_EMAIL_SEPARATORS = re.compile(r"[\s<>()\[\],;:\"']+")


def find_email(text: str) -> Checked[str]:
    """The e-mail address in a message; errors: ``empty``, ``invalid``.

    Only plain (ASCII) addresses, after full-width letters are made plain: an
    address in look-alike letters would receive nothing.
    """
    if has_control_characters(text):
        return Checked(error="invalid")
    text = clean_text(text)
    if len(text) > MAX_ANSWER_LENGTH:
        return Checked(error="invalid")
    # Word by word (linear in the text): the first word with an @ in it.
    candidate = next((w for w in _EMAIL_SEPARATORS.split(text) if "@" in w.strip("@")), "").rstrip(".")
    if not candidate:
        return Checked(error="empty")
    if not candidate.isascii():
        return Checked(error="invalid")
    try:
        # Deliverability would need DNS: the one-time code proves the address.
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return Checked(error="invalid")
    return Checked(value=result.normalized.lower())


def check_phone(text: str, default_country: str | None = "BE") -> Checked[str]:
    """A phone number in E.164 form; errors ``empty``, ``invalid``."""
    text = clean_text(text)
    if len(text) > MAX_ANSWER_LENGTH:
        return Checked(error="invalid")
    digits = re.sub(r"[^\d+]", "", text)
    if len(digits) < 6:
        return Checked(error="empty")
    candidate = re.sub(r"[^\d+()\s./\-]", " ", text).strip()
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    try:
        number = phonenumbers.parse(candidate, (default_country or "BE").upper())
    except phonenumbers.NumberParseException:
        return Checked(error="invalid")
    if not phonenumbers.is_valid_number(number):
        return Checked(error="invalid")
    return Checked(value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def check_name(text: str) -> Checked[str]:
    """A person's or a company's name; errors ``empty``, ``too_long``, ``invalid``."""
    name = re.sub(r"\s+", " ", clean_text(text))
    if not name or not has_letter(name):
        return Checked(error="empty")
    if has_control_characters(text):
        return Checked(error="invalid")
    if is_too_long(name, MAX_NAME_LENGTH):
        return Checked(error="too_long")
    if looks_like_markup(name) or looks_like_code(name) or not re.search(r"\w", name):
        return Checked(error="invalid")
    return Checked(value=name)
