"""Finding personal data in text (the processes' logs): full IBANs, VAT numbers,
e-mail addresses and phone numbers. Masked IBANs ("BE71 **** **** 6769") are fine."""

from __future__ import annotations

import re
from pathlib import Path

PATTERNS = {
    "iban": re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"),
    "vat_number": re.compile(r"\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)"
                             r"(?:U)?[0-9]{8,12}(?:B[0-9]{2})?\b"),
    "e-mail": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "phone": re.compile(r"\+[0-9]{9,15}\b"),
}  # fmt: skip
# Not personal: the back end's sender address, example domains in Rasa's own messages.
ALLOWED = {"no-reply@smappee.net"}


def personal_data_in(text: str) -> list[tuple[str, str]]:
    return [
        (kind, match) for kind, pattern in PATTERNS.items() for match in pattern.findall(text) if match not in ALLOWED
    ]


def personal_data_in_logs(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Per log file, the personal data found in it (at most 5 of each file, for the report)."""
    found = {}
    for log in sorted(folder.glob("*.log")):
        hits = personal_data_in(log.read_text(encoding="utf-8", errors="replace"))
        if hits:
            found[log.name] = sorted(set(hits))[:5]
    return found
