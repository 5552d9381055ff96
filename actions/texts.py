"""Pieces of text that actions build messages from: button titles, words in a summary.

They live with every other sentence in the domain (``domain/labels.yml``), as
responses named ``utter_label_<name>``: no word a host reads is written in
Python. They are given in the conversation's language (the action server sets
it for each action: ``actions/server.py``), from the translation catalogues.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.types import DomainDict

from charging_host.catalogue import current_language, translate_response

LABEL_PREFIX = "utter_label_"


def label(domain: DomainDict, name: str, /, **values: Any) -> str:
    """The text of ``utter_label_<name>`` in the conversation's language, its ``{placeholders}`` filled."""
    variants = (domain.get("responses") or {}).get(LABEL_PREFIX + name)
    if not variants:
        raise KeyError(f"the domain has no response {LABEL_PREFIX}{name}")
    chosen = translate_response(LABEL_PREFIX + name, 0, variants[0], current_language())
    return str(chosen.get("text") or "").format(**values)


def all_of_them_button(domain: DomainDict) -> dict[str, str]:
    """The button after a list of stations or charge points; the payload is what the parsers read."""
    return {"title": label(domain, "all_of_them"), "payload": "all of them"}
