"""The assistant's responses, read from the domain files, for the code that sends
words outside the custom actions: the agent console and the messaging channels.

Every sentence a host reads stays in ``domain/``; this reads the text of a
response's first variation and fills its ``{placeholders}``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from charging_host.catalogue import SOURCE_LANGUAGE, translate_response

DOMAIN_DIR = Path(__file__).resolve().parent.parent / "domain"


@functools.lru_cache(maxsize=4)
def _responses(domain_dir: str) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for path in sorted(Path(domain_dir).glob("*.yml")):
        responses |= (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    return responses


def response_text(name: str, domain_dir: Path | str = DOMAIN_DIR, language: str | None = None, **values: Any) -> str:
    """The text of response ``name`` in ``language`` (English by default), its placeholders filled."""
    variants = _responses(str(domain_dir)).get(name)
    if not variants:
        raise KeyError(f"the domain in {domain_dir} has no response {name}")
    chosen = translate_response(name, 0, variants[0], language or SOURCE_LANGUAGE)
    return str(chosen.get("text") or "").format(**values)


def button_payloads(domain_dir: Path | str = DOMAIN_DIR) -> set[str]:
    """What the buttons of every response answer when pressed ("/affirm", "all of them", ...)."""
    return {
        str(button.get("payload"))
        for variants in _responses(str(domain_dir)).values()
        for variant in variants
        for button in variant.get("buttons") or []
    }
