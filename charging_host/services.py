"""The services a charging host registers for, and who may have which.

The rule (see docs/decisions.md): opening a station to the public, and
selling public charging cards, is a commercial activity, allowed only to an
organisation with a valid VAT number. Without one, only split billing (an
employer reimbursing home charging) is possible.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from charging_host.phrases import pattern, phrases
from charging_host.text import MAX_ANSWER_LENGTH, clean_text

CPO = "cpo"
SPLIT_BILLING = "split_billing"
PUBLIC_CHARGING_CARDS = "public_charging_cards"
ALL_SERVICES = (CPO, SPLIT_BILLING, PUBLIC_CHARGING_CARDS)

ENTITY_COMPANY = "company"
ENTITY_PRIVATE_PERSON = "private_person"


def in_service_order(services: Iterable[str]) -> list[str]:
    """Known services, each once, in the order Smappee lists them."""
    wanted = set(services)
    return [s for s in ALL_SERVICES if s in wanted]


def allowed_services(has_vat_number: bool) -> set[str]:
    return set(ALL_SERVICES) if has_vat_number else {SPLIT_BILLING}


def refused_services(services: Iterable[str], has_vat_number: bool) -> list[str]:
    """Services asked for that this host may not have, in a stable order."""
    allowed = allowed_services(has_vat_number)
    return [s for s in ALL_SERVICES if s in set(services) and s not in allowed]


# --- reading what people type ----------------------------------------------------------------
# The words are in phrases/services.yml; see there what each group means.

_KIND = "services"
_SERVICE_GROUPS = {"cpo": CPO, "split_billing": SPLIT_BILLING, "public_charging_cards": PUBLIC_CHARGING_CARDS}
_MISSPELT_FROM = 6  # letters: words this long are also found misspelt
_MISSPELT_SIMILARITY = 0.85
_MAX_WORDS_AFTER_NEGATION = 3  # "not registered as a company"


@dataclass(frozen=True)
class _Said:
    group: str
    start: int
    end: int


def _normalise(text: str) -> str:
    text = clean_text((text or "")[: MAX_ANSWER_LENGTH * 2])[:MAX_ANSWER_LENGTH].lower()
    return text.replace("’", "'").replace("‘", "'")


@functools.cache
def _long_words(groups: tuple[str, ...]) -> dict[str, str]:
    """The one-word phrases of the groups long enough to be found misspelt, and their group."""
    found: dict[str, str] = {}
    for group in groups:
        for word in phrases(_KIND).get(group, ()):
            if len(word) >= _MISSPELT_FROM and re.fullmatch(r"[^\W\d_]+", word):
                found.setdefault(word, group)
    return found


def _said(text: str, groups: tuple[str, ...]) -> list[_Said]:
    """The phrases of ``groups`` in the text, in order: where they overlap the longest
    (then the first group) wins; a long word may be misspelt."""
    candidates = [
        (match.end() - match.start(), rank, _Said(group, match.start(), match.end()))
        for rank, group in enumerate(groups)
        for match in pattern(_KIND, group).finditer(text)
    ]
    chosen: list[_Said] = []
    for _, _, said in sorted(candidates, key=lambda c: (-c[0], c[2].start, c[1])):
        if all(said.end <= other.start or said.start >= other.end for other in chosen):
            chosen.append(said)
    known = _long_words(groups)
    for word in re.finditer(rf"[^\W\d_]{{{_MISSPELT_FROM},}}", text):
        if any(word.start() < other.end and other.start < word.end() for other in chosen):
            continue
        close = difflib.get_close_matches(word.group(), list(known), n=1, cutoff=_MISSPELT_SIMILARITY)
        if close:
            chosen.append(_Said(known[close[0]], word.start(), word.end()))
    return sorted(chosen, key=lambda s: s.start)


def _only(text: str, groups: tuple[str, ...], punctuation: str = "") -> bool:
    """Whether ``text`` holds nothing but phrases of ``groups`` (and the punctuation given)."""
    rest = text
    for group in groups:
        rest = pattern(_KIND, group).sub(" ", rest)
    return not rest.strip(" " + punctuation)


def parse_services(text: str) -> list[str] | None:
    """Services named in "both CPO and split billing", "all three", "just cards",
    "everything except cards", "all but split billing", "only public charging".

    Returns them in a stable order, or None when none is recognised. Services
    named right after "not", "without", "except" (or "all but") are left out.
    """
    lowered = _normalise(text)
    if not lowered.strip():
        return None
    said = _said(lowered, ("not_all", "keep", *_SERVICE_GROUPS, "all", "except", "all_but"))
    chosen: set[str] = set()
    excluded: set[str] = set()
    leaving_out = False  # the services that follow are left out
    previous: _Said | None = None
    for item in said:
        gap = lowered[previous.end if previous else 0 : item.start]
        if item.group == "except":
            leaving_out = True
        elif item.group == "all_but":
            leaving_out = previous is not None and previous.group == "all" and not gap.strip()
        elif item.group == "all":
            chosen.update(ALL_SERVICES)
            leaving_out = False
        elif item.group in _SERVICE_GROUPS:
            service = _SERVICE_GROUPS[item.group]
            if leaving_out and previous is not None and previous.group in ("except", "all_but"):
                leaving_out = _only(gap, ("filler",))  # "except for the cards", not "no, just cpo"
            elif leaving_out and previous is not None and previous.group in _SERVICE_GROUPS:
                leaving_out = _only(gap, ("joiner", "filler"), ",/")  # "except cards and split billing"
            else:
                leaving_out = False
            (excluded if leaving_out else chosen).add(service)
        else:
            leaving_out = False
        previous = item
    chosen -= excluded
    return in_service_order(chosen) or None


def read_entity_type(text: str) -> str | None:
    """Who registers: ``company`` ("a company", "self-employed", "freelancer",
    "zelfstandige", a legal form such as "BV", "GmbH", "Ltd") or ``private_person``
    ("a private person", "particulier", "privé", "just me"). Negation turns it
    round: "I am not a company" is a private person, "not a private person" a
    company. "with a VAT number" counts only when nothing else is said. None
    when neither is said, or both ("a company or a private person?")."""
    lowered = _normalise(text)
    if not lowered.strip():
        return None
    said = _said(lowered, ("neutral", "company", "legal_form", "private", "company_hint", "negation"))
    votes: dict[str, set[str]] = {"strong": set(), "hint": set()}
    for index, item in enumerate(said):
        if item.group in ("neutral", "negation"):
            continue
        entity = ENTITY_PRIVATE_PERSON if item.group == "private" else ENTITY_COMPANY
        if _negated(lowered, said[:index], item):
            entity = ENTITY_COMPANY if entity == ENTITY_PRIVATE_PERSON else ENTITY_PRIVATE_PERSON
        votes["hint" if item.group == "company_hint" else "strong"].add(entity)
    for strength in ("strong", "hint"):
        if len(votes[strength]) == 1:
            return votes[strength].pop()
        if votes[strength]:
            return None
    return None


def _negated(text: str, before: list[_Said], item: _Said) -> bool:
    """A negation shortly before ``item``, in the same clause: "not a company", "no VAT number"."""
    negation = next((b for b in reversed(before) if b.group == "negation"), None)
    if negation is None:
        return False
    gap = text[negation.end : item.start]
    if re.search(r"[,.;:!?]", gap) or any(negation.end <= b.start < item.start for b in before):
        return False
    return len(re.findall(r"\w+", gap)) <= _MAX_WORDS_AFTER_NEGATION


def public_charging_refusal(services: Iterable[str], vat_number: str | None) -> str | None:
    """Why an organisation may not open stations to the public (or sell Scan & Charge), or None.

    ``no_vat_number``: a private person, or a company without one;
    ``no_cpo_service``: registered, but not for Business Charging incl. CPO.
    """
    if not vat_number:
        return "no_vat_number"
    if CPO not in set(services):
        return "no_cpo_service"
    return None


def public_charging_stations(account: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """The stations of an account (as ``GET /v1/me`` gives it) that may be opened to
    the public, each with its connector count and the positions already public;
    or, when there are none, why: ``not_registered`` (no organisation has these
    stations), ``no_vat_number`` or ``no_cpo_service``.
    """
    organisations = {o["id"]: o for o in account.get("organisations", [])}
    registered = [s for s in account["charging_stations"] if s.get("organisation_id") in organisations]
    if not registered:
        return [], "not_registered"
    eligible, reasons = [], []
    for station in registered:
        organisation = organisations[station["organisation_id"]]
        reason = public_charging_refusal(organisation["services"], organisation["vat_number"])
        if reason:
            reasons.append(reason)
            continue
        eligible.append(
            {
                "serial": station["serial"],
                "name": station["name"],
                "organisation_id": station["organisation_id"],
                "connectors": len(station["connectors"]),
                "address": station.get("address"),
                # Drivers pay this country's VAT: the station's address, else its organisation's.
                "country": (station.get("address") or organisation.get("registered_address") or {}).get("country"),
                "public": [c["position"] for c in station["connectors"] if c["public_charging"]],
            }
        )
    return eligible, (None if eligible else reasons[0])
