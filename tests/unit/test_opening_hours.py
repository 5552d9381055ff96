import pytest

from charging_host.opening_hours import parse_opening_hours


def days(result):
    return {(h["weekday"], h["period_begin"], h["period_end"]) for h in result["regular_hours"]}


def test_weekdays_and_closed_on_sunday():
    result = parse_opening_hours("weekdays 7 to 19, closed on Sunday")
    assert days(result) == {(d, "07:00", "19:00") for d in range(1, 6)}


def test_several_ranges_and_days():
    result = parse_opening_hours("mon-fri 8:00-18:00, saturday 9h-13h, closed on sunday")
    assert (6, "09:00", "13:00") in days(result)
    assert (1, "08:00", "18:00") in days(result) and not any(d == 7 for d, _, _ in days(result))


def test_am_pm():
    assert days(parse_opening_hours("every day 7am to 10pm")) == {(d, "07:00", "22:00") for d in range(1, 8)}


@pytest.mark.parametrize("typed", ["24/7", "always open", "day and night"])
def test_always_open(typed):
    assert parse_opening_hours(typed) == {"twentyfourseven": True}


@pytest.mark.parametrize("typed", ["whenever", "weekdays 19 to 7", "monday 25 to 26"])
def test_not_understood(typed):
    assert parse_opening_hours(typed) is None
