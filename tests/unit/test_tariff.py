"""The cost calculator against the worked examples of the OCPI 2.2.1 Tariffs module."""

from datetime import datetime
from decimal import Decimal

import pytest

from charging_host.tariff import Period, Session, session_cost


def component(kind, price, step=1, vat=None):
    c = {"type": kind, "price": price, "step_size": step}
    if vat is not None:
        c["vat"] = vat
    return c


def tariff(*elements, **extra):
    return {
        "country_code": "BE",
        "party_id": "SMP",
        "id": "t",
        "currency": "EUR",
        "elements": list(elements),
        "last_updated": "2026-01-01T00:00:00Z",
        **extra,
    }


MONDAY_MORNING = datetime(2026, 11, 23, 9, 30)
SATURDAY_AFTERNOON = datetime(2026, 11, 28, 13, 30)

ENERGY_025 = {"price_components": [component("ENERGY", 0.25, 1, 10.0)]}
START_050 = {"price_components": [component("FLAT", 0.50, 1, 20.0)]}


def cost(t, session):
    result = session_cost(t, session)
    return result.excl_vat, result.incl_vat


def test_simple_025_per_kwh():
    assert cost(tariff(ENERGY_025), Session.simple(MONDAY_MORNING, 20, 60)) == (Decimal("5.00"), Decimal("5.50"))


def test_025_per_kwh_and_start_fee():
    t = tariff(START_050, ENERGY_025)
    assert cost(t, Session.simple(MONDAY_MORNING, 20, 60)) == (Decimal("5.50"), Decimal("6.10"))


def test_minimum_price():
    t = tariff(ENERGY_025, min_price={"excl_vat": 0.50, "incl_vat": 0.55})
    assert cost(t, Session.simple(MONDAY_MORNING, 20, 60)) == (Decimal("5.00"), Decimal("5.50"))
    assert cost(t, Session.simple(MONDAY_MORNING, 1.5, 20)) == (Decimal("0.50"), Decimal("0.55"))


def test_025_per_kwh_parking_and_start_fee():
    t = tariff(START_050, ENERGY_025, {"price_components": [component("PARKING_TIME", 2.00, 900, 20.0)]})
    session = Session.simple(MONDAY_MORNING, 20, 60, parking_minutes=40)
    assert cost(t, session) == (Decimal("7.00"), Decimal("7.90"))


def test_maximum_price():
    t = tariff(START_050, ENERGY_025, max_price={"excl_vat": 10.00, "incl_vat": 11.00})
    assert cost(t, Session.simple(MONDAY_MORNING, 50, 300)) == (Decimal("10.00"), Decimal("11.00"))
    assert cost(t, Session.simple(MONDAY_MORNING, 30, 200)) == (Decimal("8.00"), Decimal("8.85"))


def test_2_euro_per_hour_charging():
    t = tariff({"price_components": [component("TIME", 2.00, 60, 10.0)]})
    assert cost(t, Session.simple(MONDAY_MORNING, 15, 150)) == (Decimal("5.00"), Decimal("5.50"))


def test_3_euro_per_hour_and_5_euro_per_hour_parking():
    t = tariff({"price_components": [component("TIME", 3.00, 60, 10.0), component("PARKING_TIME", 5.00, 300, 20.0)]})
    session = Session.simple(MONDAY_MORNING, 15, 150, parking_minutes=42)
    assert cost(t, session) == (Decimal("11.25"), Decimal("12.75"))


def test_alternative_text_example_19_per_hour_billed_per_5_minutes():
    t = tariff({"price_components": [component("TIME", 1.90, 300, 5.2)]})
    assert cost(t, Session.simple(MONDAY_MORNING, 10, 150)) == (Decimal("4.75"), Decimal("5.00"))


def test_energy_billed_per_100_wh():
    t = tariff({"price_components": [component("ENERGY", 0.25, 100, 10.0)]})
    assert cost(t, Session.simple(MONDAY_MORNING, 20.45, 120)) == (Decimal("5.13"), Decimal("5.64"))


COMPLEX = tariff(
    {"price_components": [component("FLAT", 2.50, 1, 15.0)]},
    {"price_components": [component("TIME", 1.00, 900, 20.0)], "restrictions": {"max_current": 32.00}},
    {
        "price_components": [component("TIME", 2.00, 600, 20.0)],
        "restrictions": {"min_current": 32.00, "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]},
    },
    {
        "price_components": [component("TIME", 1.25, 600, 20.0)],
        "restrictions": {"min_current": 32.00, "day_of_week": ["SATURDAY", "SUNDAY"]},
    },
    {
        "price_components": [component("PARKING_TIME", 5.00, 300, 10.0)],
        "restrictions": {
            "start_time": "09:00",
            "end_time": "18:00",
            "day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
        },
    },
    {
        "price_components": [component("PARKING_TIME", 6.00, 300, 10.0)],
        "restrictions": {"start_time": "10:00", "end_time": "17:00", "day_of_week": ["SATURDAY"]},
    },
)


def test_complex_tariff_on_a_monday_morning_at_16_ampere():
    session = Session.simple(MONDAY_MORNING, 10, 147, parking_minutes=42, current_a=16)
    assert cost(COMPLEX, session) == (Decimal("8.75"), Decimal("10.00"))


def test_complex_tariff_on_a_saturday_afternoon_at_43_ampere():
    session = Session.simple(SATURDAY_AFTERNOON, 30, 114, parking_minutes=71, current_a=43)
    assert cost(COMPLEX, session) == (Decimal("12.50"), Decimal("14.13"))


STEP_SIZE = tariff(
    {
        "price_components": [component("TIME", 1.20, 1800), component("PARKING_TIME", 1.00, 900)],
        "restrictions": {"start_time": "00:00", "end_time": "17:00"},
    },
    {
        "price_components": [component("TIME", 2.40, 900), component("PARKING_TIME", 1.00, 900)],
        "restrictions": {"start_time": "17:00", "end_time": "20:00"},
    },
    {"price_components": [component("TIME", 2.40, 900)], "restrictions": {"start_time": "20:00", "end_time": "23:59"}},
)


@pytest.mark.parametrize(
    "start,charging,parking,expected",
    [
        (datetime(2026, 11, 23, 16, 55), 10, 2, Decimal("0.50")),  # switching element #1
        (datetime(2026, 11, 23, 16, 35), 35, 0, Decimal("1.30")),  # switching element #2
        (datetime(2026, 11, 23, 19, 55), 10, 2, Decimal("0.60")),  # switching to free parking
    ],
)
def test_step_size_when_switching_elements(start, charging, parking, expected):
    excl, incl = cost(STEP_SIZE, Session.simple(start, 5, charging, parking_minutes=parking))
    assert excl == expected and incl is None  # no VAT given: no total incl. VAT


def test_max_power_restriction():
    t = tariff(
        {"price_components": [component("ENERGY", 0.20)], "restrictions": {"max_power": 16.00}},
        {"price_components": [component("ENERGY", 0.35)], "restrictions": {"max_power": 32.00}},
        {"price_components": [component("ENERGY", 0.50)]},
    )
    session = Session(
        MONDAY_MORNING,
        (
            Period(600, 1.0, True, power_kw=6),
            Period(3000, 40.0, True, power_kw=48),
            Period(450, 0.5, True, power_kw=4),
        ),
    )
    assert cost(t, session)[0] == Decimal("20.30")


def test_max_duration_restriction():
    t = tariff(
        {"price_components": [component("ENERGY", 0.00)], "restrictions": {"max_duration": 1800}},
        {"price_components": [component("ENERGY", 0.25)], "restrictions": {"max_duration": 3600}},
        {"price_components": [component("ENERGY", 0.40)]},
    )
    session = Session(MONDAY_MORNING, (Period(1800, 5.0, True), Period(600, 1.2, True)))
    assert cost(t, session)[0] == Decimal("0.30")


def test_a_price_that_starts_after_three_hours():
    """Our own shape: 2 EUR/h plugged in after 3 hours, 1 EUR/h before (min_duration, fallback last)."""
    t = tariff(
        {
            "price_components": [component("TIME", 2.00, 60), component("PARKING_TIME", 2.00, 60)],
            "restrictions": {"min_duration": 3 * 3600},
        },
        {"price_components": [component("TIME", 1.00, 60), component("PARKING_TIME", 1.00, 60)]},
    )
    assert cost(t, Session.simple(MONDAY_MORNING, 20, 120, parking_minutes=120))[0] == Decimal("5.00")
