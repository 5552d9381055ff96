"""Which stations and connectors a host means (charging_host/stations.py, words in phrases/stations.yml).
More cases, the first ones written, are in test_services.py."""

from __future__ import annotations

import pytest

from charging_host.stations import parse_charge_point_choice, parse_station_choice

GARAGE, FRONT, BACK = "5010000101", "5010000102", "5010000103"
THREE = [
    {"serial": GARAGE, "name": "Garage"},
    {"serial": FRONT, "name": "Parking front"},
    {"serial": BACK, "name": "Back yard"},
]


@pytest.mark.parametrize(
    "typed,serials",
    [
        # positions in the list shown
        ("the first one", [GARAGE]),
        ("the second", [FRONT]),
        ("2nd", [FRONT]),
        ("the last one", [BACK]),
        ("1 and 3", [GARAGE, BACK]),
        ("1, 2 & 3", [GARAGE, FRONT, BACK]),
        ("first two", [GARAGE, FRONT]),
        ("the last two", [FRONT, BACK]),
        ("station 2", [FRONT]),
        ("number 3", [BACK]),
        ("#1", [GARAGE]),
        # names, in part, misspelt, in other words
        ("garage", [GARAGE]),
        ("the Garage please", [GARAGE]),
        ("garag", [GARAGE]),
        ("grage", [GARAGE]),
        ("parkng front", [FRONT]),
        ("the front one", [FRONT]),
        ("the one at the back", [BACK]),
        ("the rear one", [BACK]),
        ("backyard", [BACK]),
        ("garage and back yard", [GARAGE, BACK]),
        # serial numbers
        ("5010000102", [FRONT]),
        ("5010 000 102", [FRONT]),
        ("the one ending in 0103", [BACK]),
        # all of them, and all but some
        ("all", [GARAGE, FRONT, BACK]),
        ("all of them", [GARAGE, FRONT, BACK]),
        ("every one", [GARAGE, FRONT, BACK]),
        ("all stations", [GARAGE, FRONT, BACK]),
        ("all but the garage", [FRONT, BACK]),
        ("all except the garage", [FRONT, BACK]),
        ("everything except 2", [GARAGE, BACK]),
        ("all except the garage and the back yard", [FRONT]),
        ("all of them except the first", [FRONT, BACK]),
        # leaving out
        ("no, not the garage", [FRONT, BACK]),
        ("not the garage, the back yard", [BACK]),
        ("the garage, not the front", [GARAGE]),
        ("only the garage", [GARAGE]),
        ("the garage, that's all", [GARAGE]),  # "that's all" is not all of them
    ],
)
def test_stations_meant(typed, serials):
    assert parse_station_choice(typed, THREE) == serials


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "how much does it cost",
        "it",  # which one?
        "that one",
        "the station",
        "yes",
        "both",  # there are three
        "no",
        "none of them",
        "the one in Paris",
        "7",
        "1 OR 1=1",  # no position in what looks like code
        "alert(1)",
    ],
)
def test_nothing_meant_among_several(typed):
    assert parse_station_choice(typed, THREE) is None


ONE = [{"serial": "5010000401", "name": "Bahnhofstraße"}]


@pytest.mark.parametrize(
    "typed",
    ["my charger", "it", "that one", "this one", "the station", "yes", "yes please", "de laadpaal", "the wallbox"],
)
def test_the_only_station_by_a_pronoun_or_a_yes(typed):
    assert parse_station_choice(typed, ONE) == ["5010000401"]


@pytest.mark.parametrize("typed", ["Bahnhof", "bahnhofstrasse", "Bahnhofstraße", "the first one"])
def test_the_only_station_by_name_or_position(typed):
    assert parse_station_choice(typed, ONE) == ["5010000401"]


@pytest.mark.parametrize(
    "typed", ["how much does it cost", "no", "not that one", "not the Bahnhofstraße", "the one in Paris"]
)
def test_the_only_station_is_not_guessed(typed):
    assert parse_station_choice(typed, ONE) is None


def test_both_of_two_and_words_that_mean_the_same():
    two = [{"serial": "5010000201", "name": "Achterkant"}, {"serial": "5010000202", "name": "Oprit"}]
    assert parse_station_choice("both", two) == ["5010000201", "5010000202"]
    assert parse_station_choice("the one at the back", two) == ["5010000201"]
    assert parse_station_choice("the driveway", two) == ["5010000202"]


def test_a_word_two_names_share_means_both():
    fronts = [{"serial": "1000001", "name": "Office front"}, {"serial": "1000002", "name": "Parking front"}]
    assert parse_station_choice("the front", fronts) == ["1000001", "1000002"]
    assert parse_station_choice("parking front", fronts) == ["1000002"]


GARAGE_2 = [
    {"serial": GARAGE, "name": "Garage", "connectors": 2},
    {"serial": FRONT, "name": "Office front", "connectors": 1},
]


def points(chosen):
    return None if chosen is None else [(p["serial"], p["position"]) for p in chosen]


@pytest.mark.parametrize(
    "typed,meant",
    [
        ("both connectors of office front", [(FRONT, 1)]),
        ("both connectors of the garage", [(GARAGE, 1), (GARAGE, 2)]),
        ("connector 2 of the garage", [(GARAGE, 2)]),
        ("connector nr 2 of the garage", [(GARAGE, 2)]),
        ("the garage, connector 2", [(GARAGE, 2)]),
        ("Garage connector 2", [(GARAGE, 2)]),  # what the button answers
        ("garage 1 and 2", [(GARAGE, 1), (GARAGE, 2)]),
        ("garage connector 1 and office front connector 1", [(GARAGE, 1), (FRONT, 1)]),
        ("all connectors", [(GARAGE, 1), (GARAGE, 2), (FRONT, 1)]),
        ("all of them", [(GARAGE, 1), (GARAGE, 2), (FRONT, 1)]),
        ("the first two connectors", [(GARAGE, 1), (GARAGE, 2)]),  # in the list of charge points
        ("the second one", [(GARAGE, 2)]),
        ("the last one", [(FRONT, 1)]),
        ("1 and 3", [(GARAGE, 1), (FRONT, 1)]),
        ("the first station", [(GARAGE, 1), (GARAGE, 2)]),
        ("the second charger, connector 1", [(FRONT, 1)]),
        ("all except garage connector 2", [(GARAGE, 1), (FRONT, 1)]),
        ("the garage but not connector 2", [(GARAGE, 1)]),
        ("no, not the garage", [(FRONT, 1)]),
        ("5010000101 socket 1", [(GARAGE, 1)]),
    ],
)
def test_charge_points_meant(typed, meant):
    assert points(parse_charge_point_choice(typed, GARAGE_2)) == meant


@pytest.mark.parametrize(
    "typed",
    ["connector 2", "how much does it cost", "it", "garage connector 5", "the one in Paris"],  # connector 2 of which?
)
def test_no_charge_point_meant(typed):
    assert parse_charge_point_choice(typed, GARAGE_2) is None


ONE_WITH_TWO = [{"serial": "5010000301", "name": "Bedrijfsparking", "connectors": 2}]


@pytest.mark.parametrize(
    "typed,positions",
    [
        ("both", [1, 2]),
        ("both connectors", [1, 2]),
        ("all connectors", [1, 2]),
        ("connector 2", [2]),
        ("the first two connectors", [1, 2]),
        ("the first one", [1]),
        ("it", [1, 2]),
        ("the parking", [1, 2]),  # the end of "Bedrijfsparking"
    ],
)
def test_charge_points_of_the_only_station(typed, positions):
    assert points(parse_charge_point_choice(typed, ONE_WITH_TWO)) == [("5010000301", p) for p in positions]


def test_a_plain_yes_picks_a_charge_point_only_when_there_is_one():
    assert parse_charge_point_choice("yes", ONE_WITH_TWO) is None
    one = [{"serial": "5010000501", "name": "Shed", "connectors": 1}]
    assert points(parse_charge_point_choice("yes", one)) == [("5010000501", 1)]


def test_many_stations_and_a_long_text():
    many = [{"serial": f"50100009{n:02d}", "name": f"Station {n}", "connectors": 2} for n in range(1, 41)]
    assert parse_station_choice("the last one", many) == ["5010000940"]
    assert parse_station_choice("all " * 1000, many) == [s["serial"] for s in many]
    assert parse_charge_point_choice("x" * 1_000_000, many) is None
