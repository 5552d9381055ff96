"""Opening charge points: the actions, with rasa-sdk trackers, the real domain and the real back end."""

import pytest

from actions import conversation
from actions.login import VERIFIED
from actions.public_charging import (
    ActionApplyPublicCharging,
    ActionAskChargePoints,
    ActionStartPublicCharging,
    ValidatePublicChargingForm,
    hours_label,
)
from tests.outbox import latest_login_code
from tests.unit.conftest import tracker_for
from tests.unit.test_registration_actions import responses, run

EMAIL = "open.public@example.be"
SHOP = {"serial": "5010000701", "name": "Shop front", "connectors": 2, "address": None, "public": []}


def logged_in_slots(back_end, email=EMAIL, **extra):
    client = conversation.dashboard()
    client.request_login_code(email)
    verified = client.verify_login_code(email, latest_login_code(back_end.outbox, email))
    session = {"token": verified["access_token"], "expires_at": verified["expires_at"]}
    return {
        "account_email": email,
        "login_code": VERIFIED,
        "account_session": session,
        "public_charging_mode": "enable",
        **extra,
    }


def test_opening_hours_read_back_in_a_line(domain):
    hours = {
        "twentyfourseven": False,
        "regular_hours": [{"weekday": d, "period_begin": "07:00", "period_end": "19:00"} for d in range(1, 6)]
        + [{"weekday": 6, "period_begin": "09:00", "period_end": "13:00"}],
    }
    assert hours_label(hours, domain) == "Mon-Fri 07:00-19:00; Sat 09:00-13:00"
    assert hours_label({"twentyfourseven": True}, domain) == "24/7"


async def test_the_stations_are_looked_up_when_already_logged_in(back_end, domain):
    slots = logged_in_slots(back_end)
    set_slots, _, events = await run(
        ActionStartPublicCharging(), tracker_for(slots, "make it public", intent="open_public_charging"), domain
    )
    assert set_slots["public_stations"][0]["serial"] == "5010000701"
    assert set_slots["public_charging_mode"] == "enable" and "public_charging_blocked" not in [
        k for k, v in set_slots.items() if v
    ]
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "public_charging_form"


async def test_a_split_billing_host_is_told_why_not(back_end, domain):
    slots = logged_in_slots(back_end, "split.only@example.be")
    set_slots, messages, _ = await run(ActionStartPublicCharging(), tracker_for(slots, "make it public"), domain)
    assert set_slots["public_charging_blocked"] == "no_vat_number"
    assert responses(messages) == ["utter_public_charging_refused_no_vat_number"]


async def test_connectors_are_offered_as_buttons(domain):
    slots = {"public_stations": [SHOP], "public_charging_mode": "enable"}
    _, messages, _ = await run(ActionAskChargePoints(), tracker_for(slots), domain)
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Shop front, connector 1",
        "Shop front, connector 2",
        "All of them",
    ]


async def test_the_address_is_asked_for_a_station_without_one_and_saved(back_end, domain):
    slots = logged_in_slots(back_end, public_stations=[SHOP], charge_points=[{"serial": "5010000701", "position": 1}])
    form = ValidatePublicChargingForm()
    from rasa_sdk.executor import CollectingDispatcher

    asked = await form.required_slots([], CollectingDispatcher(), tracker_for(slots), domain)
    assert "station_address" in asked
    tracker = tracker_for(
        slots,
        "Markt 3, 8500 Kortrijk",
        filled={"station_address": "Markt 3, 8500 Kortrijk"},
        requested_slot="station_address",
    )
    set_slots, _, _ = await run(form, tracker, domain)
    assert set_slots["public_stations"][0]["address"]["city"] == "Kortrijk"
    assert set_slots["requested_slot"] == "visibility"


@pytest.mark.parametrize("text,expected", [("keep it hidden", "hidden"), ("visible to everyone", "public")])
async def test_visibility_and_its_warning(domain, back_end, text, expected):
    slots = logged_in_slots(back_end, public_stations=[SHOP])
    tracker = tracker_for(slots, text, filled={"visibility": text}, requested_slot="visibility")
    set_slots, messages, _ = await run(ValidatePublicChargingForm(), tracker, domain)
    assert set_slots["visibility"] == expected
    assert ("utter_hidden_visibility_warning" in responses(messages)) == (expected == "hidden")


async def test_hours_that_are_not_understood_are_asked_again(domain, back_end):
    slots = logged_in_slots(back_end, public_stations=[SHOP])
    tracker = tracker_for(
        slots,
        "whenever the shop is open",
        filled={"opening_hours": "whenever the shop is open"},
        requested_slot="opening_hours",
    )
    set_slots, messages, _ = await run(ValidatePublicChargingForm(), tracker, domain)
    assert set_slots["opening_hours"] is None and responses(messages) == ["utter_opening_hours_unclear"]


async def test_applying_opens_each_connector_and_shows_its_qr_code(back_end, domain):
    client = conversation.dashboard()
    slots = logged_in_slots(back_end)
    client.set_station_address(
        slots["account_session"]["token"],
        "5010000701",
        {"street": "Markt 3", "postal_code": "8500", "city": "Kortrijk", "country": "BE"},
    )
    slots |= {
        "public_stations": [SHOP],
        "visibility": "public",
        "opening_hours": {"twentyfourseven": True},
        "charge_points": [{"serial": "5010000701", "position": 1}, {"serial": "5010000701", "position": 2}],
        "public_charging_confirmed": True,
    }
    set_slots, messages, _ = await run(ActionApplyPublicCharging(), tracker_for(slots, "yes", intent="affirm"), domain)
    assert responses(messages) == [
        "utter_public_charging_opened",
        "utter_qr_code",
        "utter_qr_code",
        "utter_qr_instructions",
        "utter_next_step_pricing",
    ]
    assert messages[1]["image"].startswith(back_end.url + "/v1/qr/5010000701/1.png?")
    assert set_slots["charge_points"] is None  # the flow's answers are forgotten once applied
    assert set_slots["suggested_step"] == "pricing"  # "ok, let's do that" sets the prices next
    me = client.get_account(slots["account_session"]["token"])
    assert [c["public_charging"] for c in me["charging_stations"][0]["connectors"]] == [True, True]


async def test_an_unregistered_owner_is_sent_to_the_registration(domain):
    set_slots, messages, events = await run(
        ActionApplyPublicCharging(), tracker_for({"public_charging_blocked": "not_registered"}), domain
    )
    assert responses(messages) == ["utter_public_charging_register_first"]
    assert set_slots["return_to_flow"] == "action_start_public_charging"
    assert events[-1]["name"] == "registration_form"
