"""E-mail addresses, phone numbers, names and postal addresses as people type them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from charging_host.text import (
    MAX_ANSWER_LENGTH,
    clean_text,
    has_control_characters,
    has_letter,
    is_too_long,
    looks_like_code,
    looks_like_markup,
)

MAX_NAME_LENGTH = 120
MAX_ADDRESS_LENGTH = 200


T = TypeVar("T")


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A checked value, or an error code saying why it is not one."""

    value: T | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


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


# Country names people write after an address, in the four languages of the
# users, to ISO 3166 codes.
COUNTRY_NAMES = {
    "belgium": "BE",
    "belgie": "BE",
    "belgië": "BE",
    "belgique": "BE",
    "belgien": "BE",
    "netherlands": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "holland": "NL",
    "pays-bas": "NL",
    "niederlande": "NL",
    "luxembourg": "LU",
    "luxemburg": "LU",
    "france": "FR",
    "frankrijk": "FR",
    "frankreich": "FR",
    "germany": "DE",
    "deutschland": "DE",
    "duitsland": "DE",
    "allemagne": "DE",
    "austria": "AT",
    "österreich": "AT",
    "oostenrijk": "AT",
    "switzerland": "CH",
    "schweiz": "CH",
    "suisse": "CH",
    "zwitserland": "CH",
    "spain": "ES",
    "españa": "ES",
    "italy": "IT",
    "italia": "IT",
    "denmark": "DK",
    "sweden": "SE",
    "norway": "NO",
    "finland": "FI",
    "ireland": "IE",
    "portugal": "PT",
    "poland": "PL",
    "greece": "GR",
    "united kingdom": "GB",
    "uk": "GB",
    "england": "GB",
}
COUNTRY_CODES = set(COUNTRY_NAMES.values()) | {
    "BG",
    "CY",
    "CZ",
    "EE",
    "HR",
    "HU",
    "LT",
    "LV",
    "MT",
    "RO",
    "SI",
    "SK",
}

# Postal code shapes; checked against the country when we know it.
POSTAL_CODE_PATTERNS = {
    "BE": r"\d{4}",
    "LU": r"(?:L-?)?\d{4}",
    "NL": r"\d{4}\s?[A-Za-z]{2}",
    "DE": r"\d{5}",
    "FR": r"\d{5}",
    "ES": r"\d{5}",
    "IT": r"\d{5}",
    "FI": r"\d{5}",
    "AT": r"\d{4}",
    "CH": r"\d{4}",
    "DK": r"\d{4}",
    "NO": r"\d{4}",
    "PT": r"\d{4}-\d{3}",
    "PL": r"\d{2}-\d{3}",
    "SE": r"\d{3}\s?\d{2}",
}
_ANY_POSTAL_CODE = r"(?:L-?)?\d{4}\s?[A-Za-z]{2}(?![A-Za-z])|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2}|(?:L-?)?\d{4,5}"


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


def _country_of(part: str) -> str | None:
    key = part.strip().strip(".").lower()
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    if key.upper() in COUNTRY_CODES:
        return key.upper()
    return None


def parse_address(text: str, default_country: str | None = "BE") -> Checked[Address]:
    """Street and number, postal code, city and country from one line.

    "Kortrijksesteenweg 12, 8530 Harelbeke" or "Dorpsstraat 1 1234 AB Amsterdam
    Netherlands". Errors: ``empty``, ``too_long``, ``invalid``,
    ``no_house_number``, ``no_postal_code``, ``postal_code_mismatch``.
    """
    raw = re.sub(r"\s+", " ", clean_text(text).replace("\n", ", ")).strip(" ,.")
    if not raw or not has_letter(raw):
        return Checked(error="empty")
    if has_control_characters(text):
        return Checked(error="invalid")
    if is_too_long(raw, MAX_ADDRESS_LENGTH):
        return Checked(error="too_long")
    if looks_like_markup(raw) or looks_like_code(raw):
        return Checked(error="invalid")

    country = None
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if len(parts) > 1 and _country_of(parts[-1]):
        country = _country_of(parts.pop())
        raw = ", ".join(parts)
    else:
        for name in sorted(COUNTRY_NAMES, key=len, reverse=True):
            if raw.lower().endswith(" " + name):
                country = COUNTRY_NAMES[name]
                raw = raw[: -len(name)].strip(" ,")
                break
    country = country or (default_country or "BE").upper()

    match = re.match(
        rf"^(?P<street>.*?\d+\s?[A-Za-z]?(?:\s?(?:bus|box|boîte|/)\s?\w+)?)\s*,?\s+"
        rf"(?P<postal_code>{_ANY_POSTAL_CODE})\s+(?P<city>[^\d,][^,]*?)$",
        raw,
    )
    if not match:
        if not re.search(r"\d", raw):
            return Checked(error="no_house_number")
        return Checked(error="no_postal_code")
    street = match.group("street").strip(" ,")
    postal_code = (
        match.group("postal_code").upper().replace(" ", "")
        if country != "NL"
        else (re.sub(r"(\d{4})\s?([A-Za-z]{2})", r"\1 \2", match.group("postal_code")).upper())
    )
    city = match.group("city").strip(" ,")
    if not has_letter(street) or not re.search(r"\d", street):
        return Checked(error="no_house_number")
    pattern = POSTAL_CODE_PATTERNS.get(country)
    if pattern and not re.fullmatch(pattern, postal_code, flags=re.IGNORECASE):
        return Checked(error="postal_code_mismatch")
    return Checked(value=Address(street, postal_code, city, country))


def check_address_fields(address: dict[str, object]) -> Checked[Address]:
    """An address given field by field (as the API takes it), checked as if typed on one line."""
    parts = [str(address.get(key) or "").strip() for key in ("street", "postal_code", "city", "country")]
    if not all(parts):
        return Checked(error="empty")
    street, postal_code, city, country_given = parts
    country = _country_of(clean_text(country_given)[:60])
    if country is None:
        return Checked(error="invalid")
    return parse_address(f"{street}, {postal_code} {city}", country)
