"""Money, numbers and dates as each language writes them: € 0,35 (Dutch),
0,35 € (French, German), €0.35 (English); "1 januari 2027", "1. Januar 2027".
CLDR's rules through Babel (its data is inside the package)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from charging_host.catalogue import current_language, supported

# Belgian conventions for Dutch and French (most of Smappee's hosts); English as in Ireland (€, day month year).
LOCALES: dict[str, str] = {"en": "en_IE", "nl": "nl_BE", "fr": "fr_BE", "de": "de_DE"}


def locale_of(language: str | None = None) -> str:
    return LOCALES[supported(language) or current_language()]


def euro(value: Decimal, places: int = 2, language: str | None = None) -> str:
    """An amount in euro with exactly ``places`` decimals, in the language's way."""
    exact = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return format_currency(exact, "EUR", locale=locale_of(language), currency_digits=False, decimal_quantization=False)


def number(value: Decimal, language: str | None = None) -> str:
    """A decimal number as typed in the language: 0,28 or 0.28 (two places at least)."""
    return format_decimal(value, format="#,##0.00####", locale=locale_of(language), decimal_quantization=False)


def long_date(day: date, language: str | None = None) -> str:
    """ "1 January 2027", "1 januari 2027", "1er janvier 2027", "1. Januar 2027"."""
    return format_date(day, format="long", locale=locale_of(language))
