"""Personal data in a text, masked: what a stored conversation keeps once it is old."""

from __future__ import annotations

import re

from charging_host.mandate import mask_ibans_in

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_VAT = re.compile(r"\b([A-Z]{2})[ .]?([0-9A-Z][0-9A-Z .]{6,14}?)([0-9]{2})\b")
_PHONE = re.compile(r"(\+|\b00|\b0)[0-9][0-9 ./-]{6,16}([0-9]{2})\b")


def mask_personal_data(text: str) -> str:
    """IBANs, e-mail addresses, VAT numbers and phone numbers masked ("BE71 **** **** 6769",
    "a***@example.be", "BE********49", "+***********56"); the rest of the text as it was."""
    text = mask_ibans_in(text or "")
    text = _EMAIL.sub(r"\1***@\2", text)
    text = _VAT.sub(lambda m: m.group(1) + "*" * len(re.sub(r"[ .]", "", m.group(2))) + m.group(3), text)
    return _PHONE.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
