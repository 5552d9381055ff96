"""The pricing form's questions and how each answer is checked."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, call_blocking, confirmation, dashboard, refuse, yes_or_no
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import Flow, FlowForm, chosen_stations, session_token
from actions.texts import label
from charging_host.choices import is_only, mentions, percentage, starts_with
from charging_host.pricing import (
    DEFAULT_POLICY_NAME,
    ENERGY_PRICE,
    MAX_DISCOUNT_PERCENT,
    MAX_POLICY_NAME_LENGTH,
    PriceStructure,
    check_prices,
    euro,
    find_card_uids,
    parse_prices,
)
from charging_host.services import public_charging_stations

QUESTION_SLOTS = [
    "policy_choice",
    "price_structure",
    "community_discount",
    "token_group",
    "pricing_stations",
    "policy_name",
    "pricing_confirmed",
]
PRICING = Flow(
    form="pricing_form",
    slots=(
        *QUESTION_SLOTS,
        "price_suggestion",
        "pricing_blocked",
        "pricing_organisation",
        "public_stations",
        "existing_policies",
    ),
    confirmed_slot="pricing_confirmed",
    blocked_slot="pricing_blocked",
)
NO_GROUP = "none"  # the token_group slot's value for "no group of own cards"
NEW_POLICY = "new"


def chosen_policy(tracker: Tracker) -> dict[str, Any] | None:
    choice = tracker.get_slot("policy_choice")
    return next((p for p in tracker.get_slot("existing_policies") or [] if p["id"] == choice), None)


def community_discount_of(policy: dict[str, Any]) -> str:
    group = next((g for g in policy.get("groups", []) if g["kind"] == "smappee_community"), None)
    return str(group.get("discount_percent", "0")) if group else "0"


async def pricing_context(account: dict[str, Any], token: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """What the flow needs of an account: the stations that may carry prices and the
    policies there are; or why it can't go on (said)."""
    stations, reason = public_charging_stations(account)
    if reason:
        dispatcher.utter_message(
            response="utter_pricing_register_first"
            if reason == "not_registered"
            else f"utter_public_charging_refused_{reason}"
        )
        return {PRICING.blocked_slot: reason}
    try:
        listing = await call_blocking(dashboard().list_pricing_policies, token)
    except (DashboardUnavailable, DashboardError):
        listing = {"pricing_policies": []}
    policies = [
        {k: p[k] for k in ("id", "name", "prices", "groups", "charging_stations")} for p in listing["pricing_policies"]
    ]
    return {
        "public_stations": stations,
        "pricing_organisation": stations[0]["organisation_id"],
        "existing_policies": policies or None,
    }


def _percent(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


class ValidatePricingForm(FlowForm):
    flow = PRICING

    def name(self) -> str:
        return "validate_pricing_form"

    def questions(self, tracker: Tracker) -> list[str]:
        return QUESTION_SLOTS if tracker.get_slot("existing_policies") else QUESTION_SLOTS[1:]

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return result | await pricing_context(account, session_token(tracker), dispatcher)

    def validate_policy_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip().lower()
        policies = tracker.get_slot("existing_policies") or []
        if mentions("new", text):
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

    def validate_price_structure(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"price_structure": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and starts_with("keep", text):
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
        if problem.suggestion is not None and problem.value is not None:
            fixed = prices.with_suggestion(problem.code, problem.suggestion)
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

    def validate_community_discount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            return {"community_discount": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and starts_with("keep", text):
            return accept("community_discount", tracker, community_discount=community_discount_of(policy))
        bare = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", text)
        percent = percentage(text) or (bare.group(1) if bare else None)
        if percent:
            discount = _percent(percent)
            if discount is None or not Decimal(0) <= discount <= MAX_DISCOUNT_PERCENT:
                return refuse("community_discount", "utter_discount_out_of_range", dispatcher, tracker)
            return accept("community_discount", tracker, community_discount=format(discount.normalize(), "f"))
        if yes_or_no(tracker, text) is False or mentions("nothing", text):
            return accept("community_discount", tracker, community_discount="0")
        return refuse("community_discount", "utter_discount_unclear", dispatcher, tracker)

    def validate_token_group(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A group of the host's own RFID cards ("04A1B2C3D4, 04A1B2C3D5 free for staff")."""
        if isinstance(value, dict) or value == NO_GROUP:
            return {"token_group": value}
        text = str(value or "")
        policy = chosen_policy(tracker)
        if policy and starts_with("keep", text):
            group = next((g for g in policy.get("groups", []) if g["kind"] == "tokens"), None)
            return accept("token_group", tracker, token_group=group or NO_GROUP)
        tokens = find_card_uids(text)
        if not tokens:
            if yes_or_no(tracker, text) is False or mentions("nothing", text):
                return accept("token_group", tracker, token_group=NO_GROUP)
            return refuse("token_group", "utter_token_group_unclear", dispatcher, tracker)
        if mentions("free", text) or percentage(text) == "100":
            discount = "100"
        else:
            percent = percentage(text)
            amount = _percent(percent) if percent else None
            if amount is None or not Decimal(0) < amount <= MAX_DISCOUNT_PERCENT:
                return refuse("token_group", "utter_token_group_discount_missing", dispatcher, tracker)
            discount = format(amount.normalize(), "f")
        staff = mentions("staff", text)
        name = label(domain, "staff_group" if staff else "own_cards_group")
        dispatcher.utter_message(response="utter_token_group_noted", token_count=len(tokens), group_name=name)
        return accept(
            "token_group",
            tracker,
            token_group={"kind": "tokens", "name": name, "tokens": tokens, "discount_percent": discount},
        )

    def validate_pricing_stations(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, list):
            return {"pricing_stations": value}
        policy = chosen_policy(tracker)
        if policy and policy["charging_stations"] and starts_with("keep", str(value or "")):
            return accept("pricing_stations", tracker, pricing_stations=policy["charging_stations"])
        chosen = chosen_stations(value, tracker.get_slot("public_stations") or [], tracker)
        if not chosen:
            return refuse("pricing_stations", "utter_stations_unclear", dispatcher, tracker)
        return accept("pricing_stations", tracker, pricing_stations=chosen)

    def validate_policy_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = re.sub(r"\s+", " ", str(value or "")).strip()
        policy = chosen_policy(tracker)
        if policy and starts_with("keep", text):
            return accept("policy_name", tracker, policy_name=policy["name"])
        if yes_or_no(tracker, text) is False or is_only("skip", text):
            return accept("policy_name", tracker, policy_name=DEFAULT_POLICY_NAME)
        if not text or len(text) > MAX_POLICY_NAME_LENGTH or re.search(r"[<>{}]", text):
            return refuse("policy_name", "utter_policy_name_invalid", dispatcher, tracker)
        return accept("policy_name", tracker, policy_name=text)

    def validate_pricing_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return confirmation(
            "pricing_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_pricing_start_again",
            ["price_structure", "community_discount", "token_group"],
        )
