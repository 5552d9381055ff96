"""Numbers and prices in words (charging_host/numbers.py, words in phrases/numbers.yml)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from charging_host.numbers import replace_number_words, words_to_number
from charging_host.pricing import parse_prices


@pytest.mark.parametrize(
    "typed,number",
    [
        ("thirty five cents", "0.35"),
        ("35 cent", "0.35"),
        ("35c", "0.35"),
        ("two euros", "2"),
        ("a euro fifty", "1.50"),
        ("two euros fifty cents", "2.50"),
        ("2 euro 50", "2.50"),
        ("half a euro", "0.50"),
        ("zero point three five", "0.35"),
        ("point thirty five", "0.35"),
        ("one point five", "1.5"),
        ("0,35", "0.35"),
        ("€0.35", "0.35"),
        ("EUR 0.35", "0.35"),
        ("1.50€", "1.50"),
        ("twenty", "20"),
        ("twenty-five", "25"),
        ("forty two", "42"),
        ("one hundred and five", "105"),
        ("a hundred", "100"),
        ("two and a half", "2.5"),
        ("three quarters", "0.75"),
        ("ten percent", "10"),
        ("about thirty five cents per kwh", "0.35"),
        ("-0.35", "-0.35"),
        ("minus five", "-5"),
    ],
)
def test_a_number_in_words_or_digits(typed, number):
    assert words_to_number(typed) == Decimal(number)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "hello",
        "the first one",  # "one" after "the first" is no number
        "this one",
        "2 euro an hour after 3 hours",  # two numbers: not one
        "five thirty",  # two numbers, not 35 nor 530
    ],
)
def test_no_single_number(typed):
    assert words_to_number(typed) is None


@pytest.mark.parametrize(
    "typed,written",
    [
        ("thirty five cents per kwh", "35 cents per kwh"),
        ("Thirty-Five cents per kWh", "35 cents per kWh"),
        ("a euro fifty to start", "1.50 euro to start"),
        ("2 euros 50 per kwh", "2.50 euros per kwh"),
        ("two and a half euro an hour after half an hour", "2.5 euro an hour after 0.5 hour"),
        ("zero point three five", "0.35"),
        ("35 cents per kwh", "35 cents per kwh"),  # digits stay as typed
        ("2 euro 3 hours", "2 euro 3 hours"),  # "3 hours" are no cents
        ("this one costs thirty cents", "this one costs 30 cents"),
        ("the first one", "the first one"),
        ("", ""),
    ],
)
def test_number_words_are_written_in_digits(typed, written):
    assert replace_number_words(typed) == written


def test_the_price_parser_reads_prices_in_words_once_written_in_digits():
    typed = "thirty-five cents per kWh, a euro fifty to start and two euros an hour after three hours"
    prices = parse_prices(replace_number_words(typed)).prices
    assert prices.energy_per_kwh == Decimal("0.35")
    assert prices.start_fee == Decimal("1.50")
    assert [(h.price, h.from_hours) for h in prices.hourly] == [(Decimal(2), Decimal(3))]
