"""Pieces of text that actions build messages from: button titles, words in a summary.

They live with every other sentence in the domain (``domain/labels.yml``), as
responses named ``utter_label_<name>``: no word a host reads is written in
Python, so a second language only adds variations to the domain.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.types import DomainDict

LABEL_PREFIX = "utter_label_"


def label(domain: DomainDict, name: str, /, **values: Any) -> str:
    """The text of ``utter_label_<name>``, its ``{placeholders}`` filled."""
    variants = (domain.get("responses") or {}).get(LABEL_PREFIX + name)
    if not variants:
        raise KeyError(f"the domain has no response {LABEL_PREFIX}{name}")
    return str(variants[0].get("text") or "").format(**values)


def all_of_them_button(domain: DomainDict) -> dict[str, str]:
    """The button after a list of stations or charge points; the payload is what the parsers read."""
    return {"title": label(domain, "all_of_them"), "payload": "all of them"}
