"""Reading the assistant's messages as a person reads them.

Every sentence the assistant sends is a response in ``domain/*.yml``. A message
is recognised by matching its text against those responses, their
``{placeholders}`` turned into wildcards; the question of a turn is the last
message that is a question (``utter_ask_*``, ``utter_example_*`` which asks it another
way, and the few other responses that end in one). Nothing is read from the tracker.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Responses that ask something without being called utter_ask_*, and what they ask.
OTHER_QUESTIONS = {
    "utter_services_need_vat": "services",  # "... Would you like Split Billing?"
    "utter_confirm_or_change": "registration_confirmed",
    "utter_yes_or_no": "yes_or_no",  # the question asked before, once more
}
# Questions named otherwise than the slot they fill.
QUESTION_FIELDS = {
    "utter_ask_services_split_billing_only": "services",
    "utter_ask_charging_stations_only_one": "charging_stations",  # "Shall I register it?"
}
DONE = "utter_registration_done"


@dataclass(frozen=True)
class Template:
    name: str
    pattern: re.Pattern[str]
    literal_length: int  # how much fixed text it has: the more, the surer a match


def _pattern(text: str) -> re.Pattern[str]:
    """``"I've sent a code to {email}."`` -> a regex with a named group per placeholder."""
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[position : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(text[position:]))
    return re.compile("".join(parts), re.DOTALL)


@functools.lru_cache(maxsize=2)
def templates(domain_dir: str = str(DOMAIN_DIR)) -> tuple[Template, ...]:
    """Every response text of the domain (every variant), most specific first."""
    found: list[Template] = []
    for path in sorted(Path(domain_dir).glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variants in responses.items():
            if name.startswith("utter_label_"):
                continue  # pieces of messages, never sent on their own
            for variant in variants:
                text = str(variant.get("text") or "")
                literal = _PLACEHOLDER.sub("", text)
                if len(literal.strip()) < 4:
                    continue
                found.append(Template(name, _pattern(text), len(literal)))
    return tuple(sorted(found, key=lambda t: -t.literal_length))


def recognise(text: str, domain_dir: str = str(DOMAIN_DIR)) -> str | None:
    """The name of the response a message is, or None for a message the domain doesn't have."""
    for template in templates(domain_dir):
        if template.pattern.fullmatch(text.strip()):
            return template.name
    return None


def values_in(text: str, name: str, domain_dir: str = str(DOMAIN_DIR)) -> dict[str, str] | None:
    """What fills the placeholders of response ``name`` in a message, or None when it isn't that response."""
    for template in templates(domain_dir):
        if template.name != name:
            continue
        match = template.pattern.fullmatch(text.strip())
        if match:
            return match.groupdict()
    return None


@functools.lru_cache(maxsize=32)
def label(name: str, domain_dir: str = str(DOMAIN_DIR)) -> str:
    """A word of the summaries (``utter_label_<name>``), as a person sees it there."""
    for path in sorted(Path(domain_dir).glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        variants = responses.get(f"utter_label_{name}")
        if variants:
            return str(variants[0]["text"])
    raise KeyError(name)


def question_field(name: str) -> str | None:
    """The answer a question asks for (the slot's name), or None when the message asks nothing."""
    if name in QUESTION_FIELDS:
        return QUESTION_FIELDS[name]
    if name in OTHER_QUESTIONS:
        return OTHER_QUESTIONS[name]
    if name.startswith("utter_ask_"):
        return name.removeprefix("utter_ask_")
    if name.startswith("utter_example_"):  # the question said another way, after an answer it couldn't use
        return name.removeprefix("utter_example_")
    return None
