"""VAT numbers: normalise and check format and check digits (python-stdnum).

Whether a number is *registered* is a separate question (VIES, see
``actions/vies_client.py``); this module only says whether it can be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from stdnum import exceptions as stdnum_errors
from stdnum.ch import vat as ch_vat
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat
from stdnum.no import mva as no_vat

from charging_host.text import token_windows

# Countries whose numbers VIES can confirm. Greece is "EL" in VIES; Northern
# Ireland kept "XI" after GB numbers left VIES in 2021.
VIES_COUNTRIES = {code.upper() for code in eu_vat.MEMBER_STATES} - {"GR"} | {"EL"}

# Outside VIES, but numbers people here do have; checked on format only.
NON_EU_MODULES = {"CH": ch_vat, "NO": no_vat, "GB": gb_vat}


@dataclass(frozen=True)
class VatCheck:
    """Result of checking a VAT number.

    ``error`` is one of: ``empty``, ``no_country``, ``unknown_country``,
    ``wrong_length``, ``wrong_check_digits``, ``wrong_format``.
    """

    number: str | None = None  # normalised: country prefix + compact number
    country: str | None = None  # VAT prefix (EL for Greece)
    vies_checkable: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-/_]", "", text or "").upper()


def _strip_suffix(compact: str) -> str:
    # Swiss and Norwegian numbers are often written with their tax word.
    return re.sub(r"(MWST|TVA|IVA|MVA)$", "", compact)


# The longest VAT number in the EU has 14 characters after its prefix ("CHE" for Switzerland).
MAX_VAT_LENGTH = 20


def check_vat_number(text: str, country_hint: str | None = None) -> VatCheck:
    """Check one VAT number as typed.

    Accepts spaces, dots, dashes, lower case, GR for Greece, a missing prefix
    when ``country_hint`` is given, and old 9-digit Belgian numbers.
    """
    compact = _strip_suffix(_compact(text))
    if not compact:
        return VatCheck(error="empty")
    if len(compact) > MAX_VAT_LENGTH:
        return VatCheck(error="wrong_length")  # never read: stdnum turns digits into an int
    if compact[:2].isalpha():
        country, rest = compact[:2], compact[2:]
    elif country_hint:
        country, rest = country_hint.upper(), compact
    else:
        return VatCheck(error="no_country")
    if country == "GR":
        country = "EL"
    if country == "BE" and len(rest) == 9 and rest.isdigit():
        rest = "0" + rest  # numbers from before 2005 had 9 digits

    if country in NON_EU_MODULES:
        return _check_non_eu(country, rest)
    if country not in VIES_COUNTRIES:
        return VatCheck(country=country, error="unknown_country")
    return _run_check(eu_vat, country + rest, country, vies_checkable=True)


def _run_check(module: ModuleType, candidate: str, country: str, vies_checkable: bool) -> VatCheck:
    try:
        number = module.validate(candidate)
    except stdnum_errors.InvalidLength:
        return VatCheck(country=country, error="wrong_length")
    except stdnum_errors.InvalidChecksum:
        return VatCheck(country=country, error="wrong_check_digits")
    except stdnum_errors.InvalidComponent:
        return VatCheck(country=country, error="unknown_country")
    except stdnum_errors.ValidationError:
        return VatCheck(country=country, error="wrong_format")
    number = module.compact(number)
    if country == "EL" and number.startswith("GR"):
        number = "EL" + number[2:]
    elif not number.startswith(country):
        number = country + number
    return VatCheck(number=number, country=country, vies_checkable=vies_checkable)


def _check_non_eu(country: str, rest: str) -> VatCheck:
    """CH, NO and GB: stdnum wants the tax word (MWST, MVA); we store without it."""
    digits = rest.lstrip("E") if country == "CH" else rest
    candidate = {"CH": f"CHE{digits}MWST", "NO": f"NO{digits}MVA", "GB": f"GB{digits}"}[country]
    result = _run_check(NON_EU_MODULES[country], candidate, country, vies_checkable=False)
    if not result.ok:
        return result
    return VatCheck(number=f"{'CHE' if country == 'CH' else country}{digits}", country=country)


# What a VAT number can look like inside a sentence: digits, maybe a prefix.
_CANDIDATE = re.compile(r"^(?:[A-Za-z]{2,3}[\s.\-]?)?[0-9][0-9A-Za-z\s.\-]{6,}$")


def find_vat_number(text: str, country_hint: str | None = None) -> VatCheck:
    """Find and check the VAT number in a message such as "it's be 0123.456.749".

    Returns the first valid number found; otherwise the error for the most
    number-like part of the message, so the answer can say what is wrong.
    """
    best_error: VatCheck | None = None
    for window in token_windows(text, max_tokens=5):
        if not _CANDIDATE.match(window):
            continue
        result = check_vat_number(window, country_hint)
        if result.ok:
            return result
        if best_error is None:
            best_error = result
    return best_error or VatCheck(error="empty")
