"""Pricing in conversation: the actions, with rasa-sdk trackers and the real domain."""

import asyncio
from decimal import Decimal

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.login import VERIFIED
from actions.pricing.form import ValidatePricingForm
from actions.pricing.policies import ActionAskPricingConfirmed, drivers_vat, policy_request, price_lines
from charging_host.pricing import HourlyPrice, PriceStructure
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import responses, run

SESSION = {"token": "t", "expires_at": "2999-01-01T00:00:00Z"}
BASE = {
    "account_email": "a@b.be",
    "login_code": VERIFIED,
    "account_session": SESSION,
    "public_stations": [{"serial": "5010000701", "name": "Shop front", "organisation_id": "org_1"}],
    "pricing_organisation": "org_1",
}


async def answer(domain, slot, text, intent="inform", **slots):
    tracker = tracker_for(BASE | slots, text, intent=intent, filled={slot: text}, requested_slot=slot)
    return await run(ValidatePricingForm(), tracker, domain)


async def test_prices_said_in_one_sentence_are_taken(domain):
    slots, _, _ = await answer(domain, "price_structure", "0,35 per kWh, 1 euro to start, 2 euro an hour after 3 hours")
    assert slots["price_structure"] == {
        "energy_per_kwh": "0.35",
        "start_fee": "1",
        "hourly": [{"price": "2", "from_hours": "3"}],
    }
    assert "price_suggestion" in slots and slots["price_suggestion"] is None


async def test_a_decimal_slip_is_questioned_then_the_suggestion_taken(domain):
    slots, messages, _ = await answer(domain, "price_structure", "35 per kWh")
    assert slots["price_structure"] is None
    assert messages[0]["response"] == "utter_price_energy_too_high" and messages[0]["suggestion"] == "€0.35"
    slots, _, _ = await answer(
        domain, "price_structure", "yes", intent="affirm", price_suggestion=slots["price_suggestion"]
    )
    assert slots["price_structure"]["energy_per_kwh"] == "0.35"


async def test_a_missing_price_per_kwh_is_asked_and_the_rest_kept(domain):
    slots, messages, _ = await answer(domain, "price_structure", "1 euro to start")
    assert responses(messages) == ["utter_price_energy_missing"]
    slots, _, _ = await answer(domain, "price_structure", "0,30", price_suggestion=slots["price_suggestion"])
    assert slots["price_structure"]["energy_per_kwh"] == "0.3" and slots["price_structure"]["start_fee"] == "1"


async def test_a_second_hourly_price_before_the_first_is_refused(domain):
    slots, messages, _ = await answer(
        domain, "price_structure", "0.30 per kWh, 1 euro per hour after 3 hours and 2 euro per hour after 2 hours"
    )
    assert slots["price_structure"] is None
    assert responses(messages) == ["utter_price_second_starts_before_first"]


@pytest.mark.parametrize(
    "text,discount", [("10%", "10"), ("15 percent", "15"), ("no discount", "0"), ("12,5 %", "12.5")]
)
async def test_community_discount(domain, text, discount):
    slots, _, _ = await answer(domain, "community_discount", text)
    assert slots["community_discount"] == discount


async def test_a_discount_over_100_is_refused(domain):
    slots, messages, _ = await answer(domain, "community_discount", "150%")
    assert slots["community_discount"] is None and responses(messages) == ["utter_discount_out_of_range"]


async def test_no_name_means_default_pricing(domain):
    slots, _, _ = await answer(domain, "policy_name", "skip")
    assert slots["policy_name"] == "Default pricing"


async def test_the_summary_and_the_request(domain):
    slots = BASE | {
        "price_structure": {"energy_per_kwh": "0.25", "start_fee": "0.50", "hourly": []},
        "community_discount": "10",
        "pricing_stations": ["5010000701"],
        "policy_name": "Visitors",
    }
    _, messages, _ = await run(ActionAskPricingConfirmed(), tracker_for(slots), domain)
    summary = messages[0]
    # The domain brief's example: 20 kWh at 0.25 plus a 0.50 start fee is 5.50 excl. VAT.
    assert summary["sample_host"] == "€5.50" and summary["discount_label"] == "10%"
    assert summary["price_list"].index("/kWh") < summary["price_list"].index("per session")
    assert summary["token_group_label"] == "none"
    body = policy_request(tracker_for(slots))
    assert body["groups"] == [{"kind": "smappee_community", "discount_percent": "10"}]
    assert Decimal(body["prices"]["energy_per_kwh"]) == Decimal("0.25")


@pytest.mark.parametrize("discount,shown", [("100", "Staff (2 cards): free"), ("50", "Staff (2 cards): 50% discount")])
async def test_the_summary_names_the_group_of_own_cards(domain, discount, shown):
    group = {"kind": "tokens", "name": "Staff", "tokens": ["04A1B2C3D4", "04A1B2C3D5"], "discount_percent": discount}
    slots = BASE | {
        "price_structure": {"energy_per_kwh": "0.30", "start_fee": None, "hourly": []},
        "token_group": group,
        "pricing_stations": ["5010000701"],
    }
    _, messages, _ = await run(ActionAskPricingConfirmed(), tracker_for(slots), domain)
    assert messages[0]["token_group_label"] == shown
    assert messages[0]["policy_name"] == "Default pricing" and messages[0]["stations_label"] == "Shop front"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "04A1B2C3D4, 04a1b2c3d5 free for the staff",
            {"kind": "tokens", "name": "Staff", "tokens": ["04A1B2C3D4", "04A1B2C3D5"], "discount_percent": "100"},
        ),
        ("0433FF21AA 50%", {"kind": "tokens", "name": "Own cards", "tokens": ["0433FF21AA"], "discount_percent": "50"}),
        ("no", "none"),
    ],
)
async def test_a_group_of_own_cards(domain, text, expected):
    slots, _, _ = await answer(domain, "token_group", text)
    assert slots["token_group"] == expected


async def test_cards_without_a_discount_are_asked_again(domain):
    slots, messages, _ = await answer(domain, "token_group", "04A1B2C3D4")
    assert slots["token_group"] is None and responses(messages) == ["utter_token_group_discount_missing"]


def test_prices_are_worded_as_drivers_see_them(domain):
    prices = PriceStructure(Decimal("0.35"), Decimal("1"), (HourlyPrice(Decimal("2"), Decimal("3")),))
    assert price_lines(prices, domain, Decimal(21)) == [
        "€0.35/kWh (€0.42 incl. VAT)",
        "from 3 h: €0.0333/min = €2.00/h (€0.0403/min incl. VAT)",
        "€1.00 per session (€1.21 incl. VAT)",
    ]
    assert price_lines(prices, domain, Decimal(20))[0] == "€0.35/kWh (€0.42 incl. VAT)"  # France: 0.42 too
    assert price_lines(prices, domain, None)[0] == "€0.35/kWh excl. VAT"


def test_drivers_see_the_vat_of_the_stations_country(domain):
    lille = {"serial": "5010000102", "name": "Lille", "country": "FR"}
    gent = {"serial": "5010000101", "name": "Gent", "country": "BE"}
    assert drivers_vat(tracker_for({"public_stations": [lille], "pricing_stations": ["5010000102"]})) == Decimal(20)
    assert drivers_vat(tracker_for({"public_stations": [lille, gent]})) is None  # two countries: no one rate
    assert drivers_vat(tracker_for({"public_stations": [lille, gent], "pricing_stations": ["5010000101"]})) == 21
    slots = {
        "public_stations": [lille],
        "pricing_stations": ["5010000102"],
        "price_structure": {"energy_per_kwh": "1.00"},
        "community_discount": "0",
    }
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskPricingConfirmed().run(dispatcher, tracker_for(slots), domain))
    (summary,) = dispatcher.messages
    assert summary["vat_note"] == "20% VAT"
    assert "€1.00/kWh (€1.20 incl. VAT)" in summary["price_list"]
