"""Answers read in context: the one station offered as a yes or no, the address
given minutes ago offered again, "same address for the other one"."""

from __future__ import annotations

from actions.public_charging import ActionAskStationAddress, ValidatePublicChargingForm
from actions.registration.form import ValidateRegistrationForm
from actions.registration.questions import ActionAskChargingStations
from tests.unit.conftest import tracker_for
from tests.unit.test_public_charging_actions import logged_in_slots
from tests.unit.test_registration_actions import responses, run, verified_slots

ONE_STATION = [{"serial": "5010000201", "name": "Driveway", "connectors": 1}]
KERKSTRAAT = {"street": "Kerkstraat 5", "postal_code": "9000", "city": "Gent", "country": "BE"}
GARAGE = {"serial": "5010000101", "name": "Garage", "connectors": 2, "address": KERKSTRAAT, "public": []}
FRONT = {"serial": "5010000102", "name": "Parking front", "connectors": 1, "address": None, "public": []}
BOTH = [{"serial": "5010000101", "position": 1}, {"serial": "5010000102", "position": 1}]


async def test_a_login_with_one_station_is_asked_a_yes_or_no(domain):
    tracker = tracker_for(verified_slots(account_stations=ONE_STATION))
    _, messages, _ = await run(ActionAskChargingStations(), tracker, domain)
    assert responses(messages) == ["utter_ask_charging_stations_only_one"]
    assert messages[0]["station_name"] == "Driveway (5010000201)"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]


async def test_my_charger_is_the_only_station(domain):
    slots = verified_slots(account_stations=ONE_STATION, services=["cpo"])
    for text in ("my charger", "yes", "that one"):
        tracker = tracker_for(slots, text, filled={"charging_stations": text}, requested_slot="charging_stations")
        set_slots, _, _ = await run(ValidateRegistrationForm(), tracker, domain)
        assert set_slots["charging_stations"] == ["5010000201"], text


async def test_the_address_given_for_the_other_station_is_offered(back_end, domain):
    slots = logged_in_slots(
        back_end, email="an.peeters@example.be", public_stations=[GARAGE, FRONT], charge_points=BOTH
    )
    _, messages, _ = await run(ActionAskStationAddress(), tracker_for(slots), domain)
    assert responses(messages) == ["utter_ask_station_address_offer"]
    assert messages[0]["station_name"] == "Parking front"
    assert messages[0]["address"] == "Kerkstraat 5, 9000 Gent, BE"


async def test_same_address_for_the_other_one_takes_it(back_end, domain):
    slots = logged_in_slots(
        back_end, email="an.peeters@example.be", public_stations=[GARAGE, FRONT], charge_points=BOTH
    )
    text = "same address for the other one"
    tracker = tracker_for(slots, text, filled={"station_address": text}, requested_slot="station_address")
    set_slots, _, _ = await run(ValidatePublicChargingForm(), tracker, domain)
    assert set_slots["public_stations"][1]["address"] == KERKSTRAAT
    assert set_slots["requested_slot"] == "visibility"


async def test_charge_points_visibility_and_hours_in_one_message(back_end, domain):
    slots = logged_in_slots(back_end, email="an.peeters@example.be", public_stations=[GARAGE, FRONT])
    text = "both connectors of the garage, hidden, 24/7"
    tracker = tracker_for(slots, text, filled={"charge_points": text}, requested_slot="charge_points")
    set_slots, messages, _ = await run(ValidatePublicChargingForm(), tracker, domain)
    assert set_slots["charge_points"] == [
        {"serial": "5010000101", "position": 1},
        {"serial": "5010000101", "position": 2},
    ]
    assert set_slots["visibility"] == "hidden"
    assert set_slots["opening_hours"] == {"twentyfourseven": True}
    assert set_slots["requested_slot"] == "public_charging_confirmed"
    assert responses(messages)[-1] == "utter_answers_taken"
