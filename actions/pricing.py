"""Pricing policies in conversation: prices as people say them, questioned when implausible,
shown in the order EU law wants with what a sample session costs, then saved.

The form ``pricing_form`` proves the login, asks the price structure, a
Smappee Community discount, the stations and a name, then
``action_save_pricing_policy`` stores the policy (an OCPI tariff in the back
end). ``action_list_pricing_policies`` shows what exists.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet

from actions.conversation import accept, call_blocking, confirmation, dashboard, refuse, yes_or_no
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.login import LoginQuestions, logged_in, prove_login_again, read_as_account
from actions.public_charging import public_stations
from actions.settings import get_settings
from charging_host.pricing import (
    ENERGY_PRICE,
    PriceStructure,
    check_prices,
    euro,
    parse_prices,
    price_lines,
    sample_session_cost,
)
from charging_host.stations import parse_station_choice

FORM = "pricing_form"
QUESTION_SLOTS = [
    "policy_choice",
    "price_structure",
    "community_discount",
    "token_group",
    "pricing_stations",
    "policy_name",
    "pricing_confirmed",
]
NO_GROUP = "none"  # the token_group slot's value for "no group of own cards"
TOKEN_UID = re.compile(r"\b[0-9A-Fa-f]{8,20}\b")
FLOW_SLOTS = QUESTION_SLOTS + [
    "price_suggestion",
    "pricing_blocked",
    "pricing_organisation",
    "public_stations",
    "existing_policies",
]
NEW_POLICY = "new"
KEEP = re.compile(r"^\s*(keep|same|unchanged|no change|as (it is|before)|leave it)\b", re.IGNORECASE)
DEFAULT_NAME = "Default pricing"
MAX_DISCOUNT = Decimal(100)


def chosen_policy(tracker: Tracker) -> dict | None:
    choice = tracker.get_slot("policy_choice")
    return next((p for p in tracker.get_slot("existing_policies") or [] if p["id"] == choice), None)


def community_discount_of(policy: dict) -> str:
    group = next((g for g in policy.get("groups", []) if g["kind"] == "smappee_community"), None)
    return group.get("discount_percent", "0") if group else "0"


def prices_in(tracker: Tracker) -> PriceStructure | None:
    value = tracker.get_slot("price_structure")
    return PriceStructure.from_dict(value) if isinstance(value, dict) else None


class ValidatePricingForm(LoginQuestions, FormValidationAction):
    def name(self) -> str:
        return "validate_pricing_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("pricing_blocked"):
            return []
        slots = ["account_email", "login_code"]
        if not logged_in(tracker):
            return slots
        questions = QUESTION_SLOTS if tracker.get_slot("existing_policies") else QUESTION_SLOTS[1:]
        return slots + questions

    async def after_login(self, account: dict, result: dict[str, Any], dispatcher, tracker) -> dict[str, Any]:
        stations, reason = public_stations(account)
        if reason:
            dispatcher.utter_message(
                response=f"utter_public_charging_refused_{reason}"
                if reason != "not_registered"
                else "utter_pricing_register_first"
            )
            return result | {"pricing_blocked": reason}
        try:
            session = result.get("account_session") or tracker.get_slot("account_session")
            listing = await call_blocking(dashboard().list_pricing_policies, session["token"])
        except (DashboardUnavailable, DashboardError):
            listing = {"pricing_policies": []}
        policies = [
            {k: p[k] for k in ("id", "name", "prices", "groups", "charging_stations")}
            for p in listing["pricing_policies"]
        ]
        return result | {
            "public_stations": stations,
            "pricing_organisation": stations[0]["organisation_id"],
            "existing_policies": policies or None,
        }

    def validate_policy_choice(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").strip().lower()
        policies = tracker.get_slot("existing_policies") or []
        if re.search(r"\b(new|another|create|other)\b", text):
            return accept("policy_choice", tracker, policy_choice=NEW_POLICY)
        match = next(
            (
                p
                for p in policies
                if p["id"] == text or p["name"].lower() in text or (len(text) > 3 and text in p["name"].lower())
            ),
            None,
        )
        if match is None and len(policies) == 1 and yes_or_no(tracker, text) is True:
            match = policies[0]
        if match is None:
            return refuse("policy_choice", "utter_policy_unknown", dispatcher, tracker)
        return accept("policy_choice", tracker, policy_choice=match["id"])

    def validate_price_structure(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"price_structure": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and KEEP.search(text):
            return accept("price_structure", tracker, price_structure=policy["prices"], price_suggestion=None)
        suggestion = tracker.get_slot("price_suggestion")
        if suggestion and yes_or_no(tracker, text) is True and not check_prices(PriceStructure.from_dict(suggestion)):
            return accept("price_structure", tracker, price_structure=suggestion, price_suggestion=None)
        parsed = parse_prices(text, expecting=ENERGY_PRICE)
        if parsed.negative:
            return refuse("price_structure", "utter_price_negative", dispatcher, tracker)
        if not parsed.found_anything:
            return refuse("price_structure", "utter_prices_unclear", dispatcher, tracker)
        # A correction adds to what was said before ("and 1 euro to start").
        earlier = PriceStructure.from_dict(suggestion) if suggestion else PriceStructure()
        prices = earlier.merged(parsed.prices)
        problems = check_prices(prices)
        if not problems:
            return accept("price_structure", tracker, price_structure=prices.as_dict(), price_suggestion=None)
        problem = problems[0]
        if problem.code == "energy_missing":
            dispatcher.utter_message(response="utter_price_energy_missing")
            return {"price_structure": None, "price_suggestion": prices.as_dict()}
        if problem.suggestion is not None:
            fixed = _with_suggestion(prices, problem.code, problem.suggestion)
            dispatcher.utter_message(
                response=f"utter_price_{problem.code}", value=euro(problem.value), suggestion=euro(problem.suggestion)
            )
            return {"price_structure": None, "price_suggestion": fixed.as_dict()}
        return refuse(
            "price_structure",
            f"utter_price_{problem.code}",
            dispatcher,
            tracker,
            value=euro(problem.value) if problem.value is not None else "",
        )

    def validate_community_discount(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            return {"community_discount": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and KEEP.search(text):
            return accept("community_discount", tracker, community_discount=community_discount_of(policy))
        percent = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent|procent|pct)", text, re.I) or re.fullmatch(
            r"\s*(\d+(?:[.,]\d+)?)\s*", text
        )
        if percent:
            try:
                discount = Decimal(percent.group(1).replace(",", "."))
            except InvalidOperation:
                discount = Decimal(-1)
            if not Decimal(0) <= discount <= MAX_DISCOUNT:
                return refuse("community_discount", "utter_discount_out_of_range", dispatcher, tracker)
            return accept("community_discount", tracker, community_discount=format(discount.normalize(), "f"))
        if yes_or_no(tracker, text) is False or re.search(r"\b(no|none|nothing|same|everybody)\b", text, re.I):
            return accept("community_discount", tracker, community_discount="0")
        return refuse("community_discount", "utter_discount_unclear", dispatcher, tracker)

    def validate_token_group(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        """A group of the host's own RFID cards ("04A1B2C3D4, 04A1B2C3D5 free for staff")."""
        if isinstance(value, dict) or value == NO_GROUP:
            return {"token_group": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and KEEP.search(text):
            group = next((g for g in policy.get("groups", []) if g["kind"] == "tokens"), None)
            return accept("token_group", tracker, token_group=group or NO_GROUP)
        tokens = sorted({t.upper() for t in TOKEN_UID.findall(text) if re.search(r"[A-Fa-f]", t) or len(t) >= 8})
        if not tokens:
            if yes_or_no(tracker, text) is False or re.search(r"\b(no|none|nope|skip)\b", text, re.I):
                return accept("token_group", tracker, token_group=NO_GROUP)
            return refuse("token_group", "utter_token_group_unclear", dispatcher, tracker)
        if re.search(r"\bfree\b|gratis|for nothing|100\s*%", text, re.I):
            discount = "100"
        else:
            percent = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent)", text, re.I)
            if not percent or not Decimal(0) < Decimal(percent.group(1).replace(",", ".")) <= MAX_DISCOUNT:
                return refuse("token_group", "utter_token_group_discount_missing", dispatcher, tracker)
            discount = format(Decimal(percent.group(1).replace(",", ".")).normalize(), "f")
        name = "Staff" if re.search(r"staff|employee|personeel|colleague|team", text, re.I) else "Own cards"
        dispatcher.utter_message(response="utter_token_group_noted", token_count=len(tokens), group_name=name)
        return accept(
            "token_group",
            tracker,
            token_group={"kind": "tokens", "name": name, "tokens": tokens, "discount_percent": discount},
        )

    def validate_pricing_stations(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, list):
            return {"pricing_stations": value}
        stations = tracker.get_slot("public_stations") or []
        policy = chosen_policy(tracker)
        if policy and policy["charging_stations"] and KEEP.search(str(value or "")):
            return accept("pricing_stations", tracker, pricing_stations=policy["charging_stations"])
        if len(stations) == 1 and yes_or_no(tracker, value) is True:
            return accept("pricing_stations", tracker, pricing_stations=[stations[0]["serial"]])
        chosen = parse_station_choice(str(value or ""), stations)
        if not chosen:
            return refuse("pricing_stations", "utter_stations_unclear", dispatcher, tracker)
        return accept("pricing_stations", tracker, pricing_stations=chosen)

    def validate_policy_name(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = re.sub(r"\s+", " ", str(value or "")).strip()
        policy = chosen_policy(tracker)
        if policy and KEEP.search(text):
            return accept("policy_name", tracker, policy_name=policy["name"])
        if yes_or_no(tracker, text) is False or re.fullmatch(r"(skip|default|no name|none|-)\.?", text, re.I):
            return accept("policy_name", tracker, policy_name=DEFAULT_NAME)
        if not text or len(text) > 80 or re.search(r"[<>{}]", text):
            return refuse("policy_name", "utter_policy_name_invalid", dispatcher, tracker)
        return accept("policy_name", tracker, policy_name=text)

    def validate_pricing_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return confirmation(
            "pricing_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_pricing_start_again",
            ["price_structure", "community_discount", "token_group"],
        )


def _with_suggestion(prices: PriceStructure, code: str, suggestion: Decimal) -> PriceStructure:
    if code == "energy_too_high":
        return PriceStructure(suggestion, prices.start_fee, prices.hourly)
    if code == "start_fee_too_high":
        return PriceStructure(prices.energy_per_kwh, suggestion, prices.hourly)
    hourly = tuple(type(h)(suggestion if h.price > suggestion * 10 else h.price, h.from_hours) for h in prices.hourly)
    return PriceStructure(prices.energy_per_kwh, prices.start_fee, hourly)


def pricing_summary(prices: PriceStructure, discount: Decimal) -> dict[str, str]:
    """The prices in AFIR's order, and what a 20 kWh, 3 hour session costs."""
    settings = get_settings()
    vat, commission = Decimal(settings.vat_percent), Decimal(settings.commission_percent)
    lines = price_lines(prices, vat)
    sample = sample_session_cost(prices, vat, commission)
    return {
        "price_list": "\n".join(f"- {line}" for line in lines.values()),
        "vat_percent": settings.vat_percent,
        "commission_percent": settings.commission_percent,
        "sample_host": euro(sample.host_price),
        "sample_commission": euro(sample.commission),
        "sample_vat": euro(sample.vat),
        "sample_driver": euro(sample.driver_pays),
        "discount_label": f"{format(discount.normalize(), 'f')}%" if discount else "no discount",
    }


def token_group_label(group) -> str:
    if not isinstance(group, dict):
        return "none"
    discount = "free" if group["discount_percent"] == "100" else f"{group['discount_percent']}% discount"
    return f"{group['name']} ({len(group['tokens'])} cards): {discount}"


class ActionAskPricingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_pricing_confirmed"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        prices = prices_in(tracker) or PriceStructure()
        stations = {s["serial"]: s["name"] for s in tracker.get_slot("public_stations") or []}
        dispatcher.utter_message(
            response="utter_ask_pricing_confirmed",
            policy_name=tracker.get_slot("policy_name") or DEFAULT_NAME,
            stations_label=", ".join(stations.get(s, s) for s in tracker.get_slot("pricing_stations") or []),
            token_group_label=token_group_label(tracker.get_slot("token_group")),
            **pricing_summary(prices, Decimal(tracker.get_slot("community_discount") or "0")),
        )
        return []


class ActionAskPriceStructure(Action):
    def name(self) -> str:
        return "action_ask_price_structure"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        policy = chosen_policy(tracker)
        if policy:
            lines = price_lines(PriceStructure.from_dict(policy["prices"]), Decimal(get_settings().vat_percent))
            dispatcher.utter_message(
                response="utter_ask_price_structure_change",
                policy_name=policy["name"],
                price_list="; ".join(lines.values()),
            )
        else:
            dispatcher.utter_message(response="utter_ask_price_structure", vat_percent=get_settings().vat_percent)
        return []


class ActionAskPolicyChoice(Action):
    def name(self) -> str:
        return "action_ask_policy_choice"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        buttons = [{"title": p["name"], "payload": p["name"]} for p in tracker.get_slot("existing_policies") or []]
        buttons.append({"title": "A new policy", "payload": "a new policy"})
        dispatcher.utter_message(response="utter_ask_policy_choice", buttons=buttons)
        return []


class ActionAskPricingStations(Action):
    def name(self) -> str:
        return "action_ask_pricing_stations"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        stations = tracker.get_slot("public_stations") or []
        buttons = [{"title": f"{s['name']} ({s['serial']})", "payload": s["serial"]} for s in stations]
        if len(stations) > 1:
            buttons.append({"title": "All of them", "payload": "all of them"})
        dispatcher.utter_message(response="utter_ask_pricing_stations", buttons=buttons)
        return []


class ActionStartPricing(Action):
    def name(self) -> str:
        return "action_start_pricing"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        events: list[EventType] = [SlotSet(slot, None) for slot in FLOW_SLOTS]
        if tracker.get_slot("login_code") and not logged_in(tracker):
            changes = await prove_login_again(tracker, dispatcher)
            return events + [SlotSet(s, v) for s, v in changes.items()] + [FollowupAction(FORM)]
        if not logged_in(tracker):
            dispatcher.utter_message(response="utter_pricing_intro")
            return events + [FollowupAction(FORM)]
        account = await read_as_account(tracker, dispatcher, "get_account")
        if account is None:
            return events + [SlotSet("pricing_blocked", "unavailable"), FollowupAction(FORM)]
        result = await ValidatePricingForm().after_login(account, {}, dispatcher, tracker)
        return events + [SlotSet(s, v) for s, v in result.items()] + [FollowupAction(FORM)]


def policy_request(tracker: Tracker) -> dict:
    discount = Decimal(tracker.get_slot("community_discount") or "0")
    body = {
        "organisation_id": tracker.get_slot("pricing_organisation"),
        "name": tracker.get_slot("policy_name") or DEFAULT_NAME,
        "prices": tracker.get_slot("price_structure"),
        "charging_stations": tracker.get_slot("pricing_stations") or [],
        "groups": [{"kind": "smappee_community", "discount_percent": str(discount)}] if discount else [],
    }
    group = tracker.get_slot("token_group")
    if isinstance(group, dict):
        body["groups"].append(group)
    return body


class ActionSavePricingPolicy(Action):
    def name(self) -> str:
        return "action_save_pricing_policy"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if tracker.get_slot("pricing_blocked") or tracker.get_slot("pricing_confirmed") is not True:
            return [SlotSet(slot, None) for slot in FLOW_SLOTS]
        body = policy_request(tracker)
        key = hashlib.sha256((tracker.sender_id + json.dumps(body, sort_keys=True)).encode()).hexdigest()[:40]
        token = (tracker.get_slot("account_session") or {}).get("token", "")
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
                policy = await call_blocking(dashboard().create_pricing_policy, token, body, key)
        except DashboardUnavailable:
            dispatcher.utter_message(response="utter_pricing_unavailable")
            return []
        except DashboardError as problem:
            if problem.status == 401:
                changes = await prove_login_again(tracker, dispatcher)
                return [SlotSet(s, v) for s, v in changes.items()] + [
                    SlotSet("pricing_confirmed", None),
                    FollowupAction(FORM),
                ]
            dispatcher.utter_message(response="utter_pricing_refused", reason=problem.message)
            return [SlotSet(slot, None) for slot in FLOW_SLOTS]
        dispatcher.utter_message(
            response="utter_pricing_updated" if existing else "utter_pricing_saved",
            policy_name=policy["name"],
            station_count=len(policy["charging_stations"]),
        )
        return [SlotSet(slot, None) for slot in FLOW_SLOTS]


class ActionListPricingPolicies(Action):
    def name(self) -> str:
        return "action_list_pricing_policies"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
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
        vat = Decimal(get_settings().vat_percent)
        for policy in policies:
            lines = price_lines(PriceStructure.from_dict(policy["prices"]), vat)
            dispatcher.utter_message(
                response="utter_pricing_policy_line",
                policy_name=policy["name"],
                price_list="; ".join(lines.values()),
                stations_label=", ".join(policy["charging_stations"]) or "no stations yet",
            )
        return []
