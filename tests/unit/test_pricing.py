from datetime import datetime
from decimal import Decimal as D

import pytest

from charging_host.pricing import (
    HourlyPrice,
    PriceStructure,
    check_prices,
    parse_prices,
    sample_session_cost,
    shown_prices,
    to_ocpi_tariff,
)
from charging_host.tariff import Session, session_cost

H = HourlyPrice


@pytest.mark.parametrize(
    "typed,expected",
    [
        (
            "35 cent per kWh, 1 euro to start, 2 euro an hour after 3 hours",
            PriceStructure(D("0.35"), D("1"), (H(D("2"), D("3")),)),
        ),
        ("0,35 per kwh", PriceStructure(D("0.35"))),
        ("€0.35/kWh", PriceStructure(D("0.35"))),
        ("0.35€/kWh", PriceStructure(D("0.35"))),
        ("EUR 0,29 per kWh and a start fee of €0,50", PriceStructure(D("0.29"), D("0.50"))),
        ("30c/kwh", PriceStructure(D("0.30"))),
        ("0.25 euro per kWh + 0.50 starting fee", PriceStructure(D("0.25"), D("0.50"))),
        ("1,50 euro per hour", PriceStructure(None, None, (H(D("1.50")),))),
        ("0.35/kWh plus 1 euro/h", PriceStructure(D("0.35"), None, (H(D("1")),))),
        ("3 cent a minute", PriceStructure(None, None, (H(D("1.80")),))),
        ("€ 0,40 per kWh; €1 per session", PriceStructure(D("0.40"), D("1"))),
        ("0.32 eur per kw/h", PriceStructure(D("0.32"))),
        ("40 cents per kilowatt hour", PriceStructure(D("0.40"))),
        (
            "0.30 per kWh, 1 euro per hour and 3 euro per hour after 4 hours",
            PriceStructure(D("0.30"), None, (H(D("1")), H(D("3"), D("4")))),
        ),
        ("kWh 0,33 and then after the third hour 2€/h", PriceStructure(D("0.33"), None, (H(D("2"), D("3")),))),
        ("0,3 eur/kwh, 2 eur per uur na 3 uur", PriceStructure(D("0.3"), None, (H(D("2"), D("3")),))),
        ("45ct per kWh en 0,50 instapkost", PriceStructure(D("0.45"), D("0.50"))),
        ("1 euro per charge and 0.30 per kWh", PriceStructure(D("0.30"), D("1"))),
        ("0.35 per kWh, 2 euro an hour, after 90 minutes", PriceStructure(D("0.35"), None, (H(D("2"), D("1.5")),))),
        ("0.28/kwh flat fee 0.75", PriceStructure(D("0.28"), D("0.75"))),
        ("0.35 per kWh, no start fee", PriceStructure(D("0.35"))),
    ],
)
def test_prices_as_people_say_them(typed, expected):
    parsed = parse_prices(typed)
    assert parsed.prices == expected, parsed


def test_a_bare_number_is_what_the_question_asked():
    assert parse_prices("0,35", expecting="energy_per_kwh").prices.energy_per_kwh == D("0.35")
    assert parse_prices("1", expecting="start_fee").prices.start_fee == D("1")
    unclear = parse_prices("0,35")
    assert unclear.unclear and not unclear.found_anything


def test_saying_there_is_none():
    assert parse_prices("no start fee").none_for == ["start_fee"]
    assert parse_prices("no hourly price").none_for == ["per_hour"]


@pytest.mark.parametrize(
    "prices,code,suggestion",
    [
        (PriceStructure(D("35")), "energy_too_high", D("0.35")),
        (PriceStructure(D("0.35"), D("50")), "start_fee_too_high", D("0.5")),
        (PriceStructure(D("0.35"), None, (H(D("200")),)), "hourly_too_high", D("2")),
        (PriceStructure(D("-0.35")), "negative", None),
        (PriceStructure(None, D("1")), "energy_missing", None),
        (PriceStructure(D("0.35"), None, (H(D("1"), D("3")), H(D("2"), D("2")))), "second_starts_before_first", None),
        (PriceStructure(D("0.35"), None, (H(D("1"), D("30")),)), "hours_out_of_range", None),
        (PriceStructure(D("0")), "all_free", None),
    ],
)
def test_implausible_prices_are_questioned(prices, code, suggestion):
    problems = check_prices(prices)
    assert problems[0].code == code
    assert problems[0].suggestion == suggestion


def test_sane_prices_pass():
    assert check_prices(PriceStructure(D("0.35"), D("1"), (H(D("1")), H(D("2"), D("3"))))) == []
    assert check_prices(PriceStructure(D("0"), None, (H(D("2")),))) == []  # time-based only


def test_the_domain_brief_example_costs_5_50():
    prices = PriceStructure(D("0.25"), D("0.50"))
    tariff = to_ocpi_tariff(prices, "p1", "Default pricing", D(21), datetime(2026, 11, 24))
    assert session_cost(tariff, Session.simple(datetime(2026, 11, 24, 10), 20, 120)).excl_vat == D("5.50")


def test_the_tariff_has_a_fallback_element_last_and_min_duration_first():
    prices = PriceStructure(D("0.35"), D("1"), (H(D("1")), H(D("2"), D("3"))))
    tariff = to_ocpi_tariff(prices, "p1", "Visitors", D(21), datetime(2026, 11, 24, 12, 0, 5))
    kinds = [[c["type"] for c in e["price_components"]] for e in tariff["elements"]]
    assert kinds == [["FLAT"], ["ENERGY"], ["TIME", "PARKING_TIME"], ["TIME", "PARKING_TIME"]]
    assert tariff["elements"][2]["restrictions"] == {"min_duration": 10800}
    assert "restrictions" not in tariff["elements"][3]
    assert tariff["last_updated"] == "2026-11-24T12:00:05"
    assert all(c["vat"] == 21.0 for e in tariff["elements"] for c in e["price_components"])
    # 20 kWh over 4 plugged-in hours: 1 + 7 + 3 h x 1 + 1 h x 2 = 13
    session = Session.simple(datetime(2026, 11, 24, 10), 20, 120, parking_minutes=120)
    assert session_cost(tariff, session).excl_vat == D("13.00")


def test_a_group_discount_lowers_every_price():
    prices = PriceStructure(D("0.40"), D("1"))
    tariff = to_ocpi_tariff(
        prices, "p1-community", "Smappee Community", D(21), datetime(2026, 11, 24), discount_percent=D(25)
    )
    assert [e["price_components"][0]["price"] for e in tariff["elements"]] == [0.75, 0.30]


def test_sample_session_with_commission_and_vat():
    prices = PriceStructure(D("0.35"), D("1"), (H(D("2"), D("3")),))
    sample = sample_session_cost(prices, vat_percent=D(21), commission_percent=D(10))
    # 20 kWh x 0.35 + 1 start = 8.00 (the hourly price starts only after 3 hours)
    assert sample.host_price == D("8.00")
    assert sample.commission == D("0.80")
    assert sample.vat == D("1.85")
    assert sample.driver_pays == D("10.65")


def test_prices_are_shown_per_kwh_then_per_minute_then_per_session():
    prices = PriceStructure(D("0.35"), D("1"), (H(D("3"), D("3")), H(D("2"))))
    shown = shown_prices(prices, D(21))
    assert [p.kind for p in shown] == ["per_kwh", "per_minute", "per_minute", "per_session"]
    assert (shown[0].price, shown[0].price_incl_vat) == (D("0.35"), D("0.4235"))
    assert (shown[1].per_hour, shown[1].from_hours) == (D("2"), D(0))  # the earlier hourly price first
    assert (shown[2].per_hour, shown[2].from_hours) == (D("3"), D("3"))
    assert shown[2].price == D("0.05") and shown[3].price_incl_vat == D("1.21")


def test_prices_in_words_are_read_as_numbers():
    from charging_host.pricing import parse_prices

    parsed = parse_prices("thirty five cents per kwh and a euro fifty to start")
    assert parsed.prices.energy_per_kwh == D("0.35")
    assert parsed.prices.start_fee == D("1.50")
