"""Pricing policies around the form: its start, its questions with content, the summary, saving, the list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import call_blocking, dashboard
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import StartFlow, ask_for_stations, idempotency_key, session_token
from actions.login import logged_in, read_as_account
from actions.pricing.form import PRICING, chosen_policy, pricing_context
from actions.settings import get_settings
from actions.texts import label
from charging_host.pricing import (
    DEFAULT_POLICY_NAME,
    PriceStructure,
    euro,
    sample_session_cost,
    shown_prices,
    vat_percent_for,
)


def drivers_vat(tracker: Tracker) -> Decimal | None:
    """The VAT rate drivers pay on these prices: the one of the stations' country (the
    stations chosen, else all that may carry prices); None when they are in several
    countries, or in one whose rate the table lacks (then only prices excl. VAT are shown)."""
    stations = tracker.get_slot("public_stations") or []
    chosen = tracker.get_slot("pricing_stations")
    if isinstance(chosen, list) and chosen:
        stations = [s for s in stations if s["serial"] in chosen]
    countries = {s.get("country") for s in stations}
    return vat_percent_for(countries.pop()) if len(countries) == 1 else None


def vat_note(vat: Decimal | None, domain: DomainDict) -> str:
    """ "21% VAT", or "the VAT of each station's country"."""
    if vat is None:
        return label(domain, "vat_per_country")
    return label(domain, "vat_percent", percent=format(vat.normalize(), "f"))


def price_lines(prices: PriceStructure, domain: DomainDict, vat: Decimal | None) -> list[str]:
    """The prices as drivers see them, excl. and incl. VAT, in the order EU law (AFIR)
    wants: per kWh, per minute (every hourly price on one line), per session."""
    suffix = "" if vat is not None else "_no_vat"
    lines: dict[str, list[str]] = {}
    for shown in shown_prices(prices, vat or Decimal(0)):
        values: dict[str, Any] = {"price": euro(shown.price), "price_incl_vat": euro(shown.price_incl_vat)}
        if shown.kind == "per_minute":
            values = {
                "price": euro(shown.price, 4),
                "price_incl_vat": euro(shown.price_incl_vat, 4),
                "per_hour": euro(shown.per_hour or Decimal(0)),
            }
            text = label(domain, f"price_per_minute{suffix}", **values)
            if shown.from_hours:
                text = label(domain, "price_from_hours", hours=format(shown.from_hours.normalize(), "f")) + text
        else:
            text = label(domain, f"price_{shown.kind}{suffix}", **values)
        lines.setdefault(shown.kind, []).append(text)
    return ["; ".join(parts) for parts in lines.values()]


def pricing_summary(
    prices: PriceStructure, discount: Decimal, domain: DomainDict, vat: Decimal | None
) -> dict[str, str]:
    """The prices in AFIR's order, and what a 20 kWh, 3 hour session costs."""
    commission = Decimal(get_settings().commission_percent)
    sample = sample_session_cost(prices, vat or Decimal(0), commission)
    values = {
        "commission_percent": get_settings().commission_percent,
        "sample_host": euro(sample.host_price),
        "sample_commission": euro(sample.commission),
        "sample_vat": euro(sample.vat),
        "sample_driver": euro(sample.driver_pays),
    }
    return {
        "price_list": "\n".join(f"- {line}" for line in price_lines(prices, domain, vat)),
        "vat_note": vat_note(vat, domain),
        "sample_host": values["sample_host"],
        "sample_line": label(domain, "sample_session" if vat is not None else "sample_session_no_vat", **values),
        "discount_label": f"{format(discount.normalize(), 'f')}%" if discount else label(domain, "no_discount"),
    }


def token_group_label(group: Any, domain: DomainDict) -> str:
    if not isinstance(group, dict):
        return label(domain, "no_card_group")
    percent = group["discount_percent"]
    price = label(domain, "free") if percent == "100" else label(domain, "discount", percent=percent)
    return label(domain, "card_group", name=group["name"], count=len(group["tokens"]), price=price)


class ActionAskPolicyChoice(Action):
    def name(self) -> str:
        return "action_ask_policy_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": p["name"], "payload": p["name"]} for p in tracker.get_slot("existing_policies") or []]
        buttons.append({"title": label(domain, "new_policy"), "payload": "a new policy"})
        dispatcher.utter_message(response="utter_ask_policy_choice", buttons=buttons)
        return []


class ActionAskPriceStructure(Action):
    def name(self) -> str:
        return "action_ask_price_structure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        policy = chosen_policy(tracker)
        if policy:
            dispatcher.utter_message(
                response="utter_ask_price_structure_change",
                policy_name=policy["name"],
                price_list="; ".join(
                    price_lines(PriceStructure.from_dict(policy["prices"]), domain, drivers_vat(tracker))
                ),
            )
        else:
            dispatcher.utter_message(
                response="utter_ask_price_structure", vat_note=vat_note(drivers_vat(tracker), domain)
            )
        return []


class ActionAskPricingStations(Action):
    def name(self) -> str:
        return "action_ask_pricing_stations"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stations = tracker.get_slot("public_stations") or []
        ask_for_stations(
            dispatcher, stations, domain, "utter_ask_pricing_stations", "utter_ask_pricing_stations_only_one"
        )
        return []


class ActionAskPricingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_pricing_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        value = tracker.get_slot("price_structure")
        prices = PriceStructure.from_dict(value) if isinstance(value, dict) else PriceStructure()
        stations = {s["serial"]: s["name"] for s in tracker.get_slot("public_stations") or []}
        dispatcher.utter_message(
            response="utter_ask_pricing_confirmed",
            policy_name=tracker.get_slot("policy_name") or DEFAULT_POLICY_NAME,
            stations_label=", ".join(stations.get(s, s) for s in tracker.get_slot("pricing_stations") or []),
            token_group_label=token_group_label(tracker.get_slot("token_group"), domain),
            **pricing_summary(
                prices, Decimal(tracker.get_slot("community_discount") or "0"), domain, drivers_vat(tracker)
            ),
        )
        return []


class ActionStartPricing(StartFlow):
    flow = PRICING

    def name(self) -> str:
        return "action_start_pricing"

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_pricing_intro")

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return await pricing_context(account, token, dispatcher)


def policy_request(tracker: Tracker) -> dict[str, Any]:
    """The body of POST /v1/pricing-policies, from the slots."""
    discount = Decimal(tracker.get_slot("community_discount") or "0")
    groups: list[dict[str, Any]] = (
        [{"kind": "smappee_community", "discount_percent": str(discount)}] if discount else []
    )
    group = tracker.get_slot("token_group")
    if isinstance(group, dict):
        groups.append(group)
    return {
        "organisation_id": tracker.get_slot("pricing_organisation"),
        "name": tracker.get_slot("policy_name") or DEFAULT_POLICY_NAME,
        "prices": tracker.get_slot("price_structure"),
        "charging_stations": tracker.get_slot("pricing_stations") or [],
        "groups": groups,
    }


class ActionSavePricingPolicy(Action):
    def name(self) -> str:
        return "action_save_pricing_policy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(PRICING.blocked_slot) or tracker.get_slot(PRICING.confirmed_slot) is not True:
            return PRICING.cleared()
        body = policy_request(tracker)
        token = session_token(tracker)
        existing = chosen_policy(tracker)
        try:
            if existing:
                # PUTs: sending them again changes nothing.
                changes = {k: body[k] for k in ("name", "prices", "groups")}
                await call_blocking(dashboard().update_pricing_policy, token, existing["id"], changes)
                policy = await call_blocking(
                    dashboard().assign_pricing_policy, token, existing["id"], body["charging_stations"]
                )
            else:
                key = idempotency_key(tracker.sender_id, body)
                policy = await call_blocking(dashboard().create_pricing_policy, token, body, key)
        except DashboardUnavailable:
            dispatcher.utter_message(response="utter_pricing_unavailable")
            return []
        except DashboardError as problem:
            if problem.status == 401:
                return await PRICING.login_again(dispatcher, tracker)
            dispatcher.utter_message(response="utter_pricing_refused", reason=problem.message)
            return PRICING.cleared()
        dispatcher.utter_message(
            response="utter_pricing_updated" if existing else "utter_pricing_saved",
            policy_name=policy["name"],
            station_count=len(policy["charging_stations"]),
        )
        return PRICING.cleared()


class ActionListPricingPolicies(Action):
    def name(self) -> str:
        return "action_list_pricing_policies"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not logged_in(tracker):
            dispatcher.utter_message(response="utter_pricing_list_needs_login")
            return []
        listing = await read_as_account(tracker, dispatcher, "list_pricing_policies")
        if listing is None:
            return []
        policies = listing["pricing_policies"]
        if not policies:
            dispatcher.utter_message(response="utter_no_pricing_policies")
            return []
        for policy in policies:
            rates = list((policy.get("vat_percent") or {}).values())  # per country of its stations
            vat = Decimal(rates[0]) if len(rates) == 1 and rates[0] is not None else None
            dispatcher.utter_message(
                response="utter_pricing_policy_line",
                policy_name=policy["name"],
                price_list="; ".join(price_lines(PriceStructure.from_dict(policy["prices"]), domain, vat)),
                stations_label=", ".join(policy["charging_stations"]) or label(domain, "no_stations_yet"),
            )
        return []
