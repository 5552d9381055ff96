"""The SEPA direct debit mandate: IBAN checks, masking, the mandate reference."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from schwifty import IBAN
from schwifty import exceptions as iban_errors

from charging_host.text import token_windows

# Countries whose banks take part in the SEPA direct debit schemes (EPC's
# list): the EU, the EEA, and Switzerland, the UK, Monaco, San Marino,
# Vatican City, Andorra. Countries admitted later (Albania, Moldova,
# Montenegro, North Macedonia, Serbia) are left out until their banks reach
# the scheme; add them here, nowhere else.
SEPA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "IS",
        "LI",
        "NO",
        "CH",
        "GB",
        "MC",
        "SM",
        "VA",
        "AD",
        "GI",
    ]
)


@dataclass(frozen=True)
class IbanCheck:
    """``error`` is one of ``empty``, ``unknown_country``, ``wrong_length``,
    ``wrong_check_digits``, ``wrong_format``, ``not_sepa``."""

    iban: str | None = None  # compact, upper case
    country: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


MAX_IBAN_LENGTH = 34  # ISO 13616


def check_iban(text: str) -> IbanCheck:
    compact = re.sub(r"[\s.\-]", "", text or "").upper()
    if not compact:
        return IbanCheck(error="empty")
    if len(compact) > MAX_IBAN_LENGTH:
        return IbanCheck(country=compact[:2], error="wrong_length")
    try:
        iban = IBAN(compact)
    except iban_errors.InvalidCountryCode:
        return IbanCheck(error="unknown_country")
    except iban_errors.InvalidLength:
        return IbanCheck(country=compact[:2], error="wrong_length")
    except (iban_errors.InvalidChecksumDigits, iban_errors.InvalidBBANChecksum):
        return IbanCheck(country=compact[:2], error="wrong_check_digits")
    except (iban_errors.SchwiftyException, ValueError):
        return IbanCheck(country=compact[:2], error="wrong_format")
    country = iban.country_code
    if country not in SEPA_COUNTRIES:
        return IbanCheck(iban=iban.compact, country=country, error="not_sepa")
    bic = iban.bic
    return IbanCheck(
        iban=iban.compact,
        country=country,
        bic=str(bic) if bic else None,
        bank_name=iban.bank_name,
    )


_CANDIDATE = re.compile(r"^[A-Za-z]{2}\s?[0-9]{2}[0-9A-Za-z\s.\-]{8,}$")


def find_iban(text: str) -> IbanCheck:
    """Find the IBAN in a message ("my iban is be71 0961 2345 6769")."""
    best_error: IbanCheck | None = None
    for window in token_windows(text, max_tokens=9):
        if not _CANDIDATE.match(window):
            continue
        result = check_iban(window)
        if result.ok:
            return result
        if best_error is None or (best_error.error == "unknown_country" and result.error):
            best_error = result
    return best_error or IbanCheck(error="empty")


def mask_iban(iban: str | None) -> str:
    """BE71096123456769 -> "BE71 **** **** 6769": never show a full IBAN again."""
    if not iban:
        return ""
    compact = re.sub(r"\s", "", iban).upper()
    hidden_groups = max(1, (len(compact) - 8 + 3) // 4)
    return " ".join([compact[:4]] + ["****"] * hidden_groups + [compact[-4:]])


# Anything shaped like an IBAN, spaced or not: two letters, two digits, then
# 10 to 30 letters or digits, in groups or not.
_IBAN_LIKE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){10,30}\b")


def mask_ibans_in(text: str) -> str:
    """A message with every valid IBAN in it masked, for showing a conversation
    again (a VAT number that merely looks like one is left alone)."""

    def mask(found: re.Match[str]) -> str:
        # The pattern may run on into the next word ("BE71 0961 2345 6769 thanks"):
        # the IBAN is the longest run of its groups that checks out.
        groups = re.split(r"([ .-])", found.group(0))
        for end in range(len(groups), 0, -2):
            candidate = "".join(groups[:end])
            if check_iban(re.sub(r"[ .-]", "", candidate)).ok:
                return mask_iban(re.sub(r"[ .-]", "", candidate)) + "".join(groups[end:])
        return found.group(0)

    return _IBAN_LIKE.sub(mask, text or "")


def new_mandate_reference(now: datetime) -> str:
    """A unique mandate reference (max 35 characters, SEPA's allowed set)."""
    return f"SMP-{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


# The references this project makes (new_mandate_reference); SEPA would allow more
# (35 characters of A-Z a-z 0-9 +?/-:().,' and space), but a client chooses none.
MANDATE_REFERENCE_PATTERN = re.compile(r"^SMP-[0-9]{8}-[A-Z0-9]{8}$")
