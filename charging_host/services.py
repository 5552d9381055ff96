"""The services a charging host registers for, and who may have which.

The rule (see docs/decisions.md): opening a station to the public, and
selling public charging cards, is a commercial activity, allowed only to an
organisation with a valid VAT number. Without one, only split billing (an
employer reimbursing home charging) is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

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


_KEYWORDS = {
    CPO: r"\bcpo\b|business\s*charg|public(?!\s*charging\s*cards?)|open\s+(?:it|them|my|the)"
    r"|earn|payout|charge\s*point\s*operator|scan\s*(?:&|and)?\s*charge|\bqr\b",
    SPLIT_BILLING: r"split|reimburs|employee|home\s*charg|company\s*car",
    PUBLIC_CHARGING_CARDS: r"cards?\b|\bemsp\b|\brfid\b|badge",
}
_ALL = r"\ball\b|everything|all\s*(?:3|three)|the\s*(?:3|three)"
# "without cards", "but not split billing", "except the cards"
_NEGATED = r"\b(?:not|without|except|excluding|no)\s+(?:the\s+|any\s+|for\s+)?(?P<what>[\w&\s]{1,30})"


def parse_services(text: str) -> list[str] | None:
    """Services named in "both CPO and split billing", "all three", "just cards".

    Returns them in a stable order, or None when none is recognised. A service
    named right after "not"/"without"/"except" is left out ("all but not cards").
    """
    lowered = (text or "").lower()
    if not lowered.strip():
        return None
    excluded: set[str] = set()
    for negated in re.finditer(_NEGATED, lowered):
        for service, pattern in _KEYWORDS.items():
            if re.match(rf"(?:{pattern})", negated.group("what").strip()):
                excluded.add(service)
    chosen: set[str] = set(ALL_SERVICES) if re.search(_ALL, lowered) else set()
    for service, pattern in _KEYWORDS.items():
        if re.search(pattern, lowered):
            chosen.add(service)
    chosen -= excluded
    if not chosen:
        return None
    return [s for s in ALL_SERVICES if s in chosen]


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
                "public": [c["position"] for c in station["connectors"] if c["public_charging"]],
            }
        )
    return eligible, (None if eligible else reasons[0])
