import pytest

from charging_host.services import (
    allowed_services,
    parse_services,
    public_charging_stations,
    refused_services,
)
from charging_host.stations import parse_station_choice


@pytest.mark.parametrize(
    "typed,services",
    [
        ("both CPO and split billing", ["cpo", "split_billing"]),
        ("all three please", ["cpo", "split_billing", "public_charging_cards"]),
        ("just split billing", ["split_billing"]),
        ("Business Charging incl. CPO", ["cpo"]),
        ("I want to make my charger public and reimburse my employees", ["cpo", "split_billing"]),
        ("charging cards for our drivers", ["public_charging_cards"]),
        ("everything but not the cards", ["cpo", "split_billing"]),
        ("cpo without split billing", ["cpo"]),
        ("splitbiling", ["split_billing"]),
    ],
)
def test_services_in_words(typed, services):
    assert parse_services(typed) == services


@pytest.mark.parametrize("typed", ["", "hmm", "what do you recommend?"])
def test_no_service_recognised(typed):
    assert parse_services(typed) is None


def test_only_split_billing_without_vat_number():
    assert allowed_services(False) == {"split_billing"}
    assert refused_services(["cpo", "split_billing", "public_charging_cards"], False) == [
        "cpo",
        "public_charging_cards",
    ]
    assert refused_services(["cpo"], True) == []


STATIONS = [
    {"serial": "5010000101", "name": "Garage"},
    {"serial": "5010000102", "name": "Parking front"},
    {"serial": "5010000103", "name": "Back yard"},
]


@pytest.mark.parametrize(
    "typed,serials",
    [
        ("all of them", ["5010000101", "5010000102", "5010000103"]),
        ("the garage one", ["5010000101"]),
        ("5010000102", ["5010000102"]),
        ("1 and 3", ["5010000101", "5010000103"]),
        ("garage and back yard", ["5010000101", "5010000103"]),
    ],
)
def test_station_choice(typed, serials):
    assert parse_station_choice(typed, STATIONS) == serials


def test_station_choice_unknown():
    assert parse_station_choice("the one in Paris", STATIONS) is None
    assert parse_station_choice("7", STATIONS) is None


def test_who_may_open_stations_to_the_public():
    from charging_host.services import public_charging_refusal

    assert public_charging_refusal(["cpo"], "BE0123456749") is None
    assert public_charging_refusal(["split_billing"], None) == "no_vat_number"
    assert public_charging_refusal(["split_billing"], "BE0123456749") == "no_cpo_service"


STATIONS_WITH_CONNECTORS = [
    {"serial": "5010000101", "name": "Garage", "connectors": 2},
    {"serial": "5010000102", "name": "Parking front", "connectors": 1},
]


@pytest.mark.parametrize(
    "typed,points",
    [
        ("all of them", [("5010000101", 1), ("5010000101", 2), ("5010000102", 1)]),
        ("both connectors of the garage", [("5010000101", 1), ("5010000101", 2)]),
        ("Garage, connector 2", [("5010000101", 2)]),
        ("the parking front", [("5010000102", 1)]),
        ("5010000101 socket 1", [("5010000101", 1)]),
        ("garage connectors 1 and 2", [("5010000101", 1), ("5010000101", 2)]),
    ],
)
def test_charge_point_choice(typed, points):
    from charging_host.stations import parse_charge_point_choice

    chosen = parse_charge_point_choice(typed, STATIONS_WITH_CONNECTORS)
    assert chosen is not None
    assert [(p["serial"], p["position"]) for p in chosen] == points


def test_charge_point_choice_on_a_single_station():
    from charging_host.stations import parse_charge_point_choice

    one = [{"serial": "5010000301", "name": "Bedrijfsparking", "connectors": 2}]
    assert parse_charge_point_choice("both", one) == [
        {"serial": "5010000301", "position": 1},
        {"serial": "5010000301", "position": 2},
    ]
    assert parse_charge_point_choice("connector 2", one) == [{"serial": "5010000301", "position": 2}]
    assert parse_charge_point_choice("the one in Paris", one) is None


def account(stations, organisations):
    return {"charging_stations": stations, "organisations": organisations}


def test_who_may_open_which_stations():
    company = {"id": "o1", "services": ["cpo"], "vat_number": "BE0417497106", "registered_address": {"country": "FR"}}
    private = {"id": "o2", "services": ["split_billing"], "vat_number": None}
    station = {
        "serial": "1",
        "name": "A",
        "connectors": [{"position": 1, "public_charging": True}],
        "organisation_id": "o1",
    }
    assert public_charging_stations(account([station], [company])) == (
        # A station without an address is in its organisation's country (for the VAT drivers pay).
        [
            {
                "serial": "1",
                "name": "A",
                "organisation_id": "o1",
                "connectors": 1,
                "address": None,
                "country": "FR",
                "public": [1],
            }
        ],
        None,
    )
    assert public_charging_stations(account([dict(station, organisation_id="o2")], [private])) == ([], "no_vat_number")
    assert public_charging_stations(account([dict(station, organisation_id=None)], [])) == ([], "not_registered")
