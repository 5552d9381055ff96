"""What the split billing flows share: the employer's organisations, how an agreement
and the Belgian cap are written in a message."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.texts import label
from charging_host.pricing import euro
from charging_host.services import SPLIT_BILLING
from charging_host.split_billing import Cap, caps_rule_source


def today() -> date:
    return datetime.now(timezone.utc).date()


def split_billing_organisations(account: dict[str, Any]) -> list[dict[str, Any]]:
    """The account's organisations registered for split billing: id, name, country."""
    return [
        {
            "id": o["id"],
            "legal_name": o["legal_name"],
            "country": (o.get("registered_address") or {}).get("country"),
        }
        for o in account.get("organisations") or []
        if SPLIT_BILLING in (o.get("services") or [])
    ]


def rate_label(rate: Decimal | str) -> str:
    """ "€0.28/kWh"; a rate with more places keeps them ("€0.2822/kWh")."""
    value = Decimal(str(rate))
    places = 4 if value != value.quantize(Decimal("0.01")) else 2
    return f"{euro(value, places)}/kWh"


def date_label(day: date | str | None, domain: DomainDict) -> str:
    """ "1 January 2027" (the month's name is a label: it is words)."""
    if day is None:
        return label(domain, "no_end_date")
    value = day if isinstance(day, date) else date.fromisoformat(str(day))
    return label(domain, "date", day=value.day, month=label(domain, f"month_{value.month}"), year=value.year)


def region_label(region: str | None, domain: DomainDict) -> str:
    return label(domain, f"region_{region or 'unknown'}")


def cap_values(cap: Cap, domain: DomainDict) -> dict[str, str]:
    """The cap as a message says it: its rate, region, quarter, and how old the figure is."""
    return {
        "cap": rate_label(cap.rate),
        "region": region_label(cap.region, domain),
        "quarter": cap.quarter.replace("-", " "),
        "cap_source": caps_rule_source(),
        "cap_age": "" if cap.current else label(domain, "cap_not_current", quarter=cap.quarter.replace("-", " ")),
    }


def cap_button(cap: Cap, domain: DomainDict) -> dict[str, str]:
    """ "Use €0.3191/kWh": the cap offered as the answer."""
    return {"title": label(domain, "use_cap", cap=rate_label(cap.rate)), "payload": str(cap.rate)}


def say_rate_above_cap(
    dispatcher: CollectingDispatcher, domain: DomainDict, rate: Decimal, names: str, cap: Cap
) -> None:
    """The rate is above the cap for these employees: said with the cap, its quarter and age, and offered."""
    dispatcher.utter_message(
        response="utter_agreement_rate_above_cap",
        rate=rate_label(rate),
        names=names,
        buttons=[cap_button(cap, domain)],
        **cap_values(cap, domain),
    )


def agreement_line(agreement: dict[str, Any], domain: DomainDict) -> str:
    """One agreement in a list: name, e-mail, rate, dates, status."""
    return label(
        domain,
        "agreement_line",
        name=f"{agreement['first_name']} {agreement['last_name']}",
        email=agreement["employee_email"],
        rate=rate_label(agreement["rate_per_kwh"]),
        start=date_label(agreement["start_date"], domain),
        end=date_label(agreement.get("end_date"), domain),
        status=label(domain, f"agreement_{agreement['status']}"),
    )
