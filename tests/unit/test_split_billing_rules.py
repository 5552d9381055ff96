"""The rules of split billing agreements, and the data they rest on (caps, VAT rates)."""

from datetime import date
from decimal import Decimal as D

import pytest

from charging_host.pricing import vat_percent_for
from charging_host.split_billing import (
    ACTIVE,
    ENDED,
    PENDING,
    above_cap,
    agreement_status,
    cap_for,
    quarter_of,
    rate_text,
    read_rate,
)


@pytest.mark.parametrize(
    ("confirmed", "ended", "end_date", "status"),
    [
        (False, False, None, PENDING),
        (True, False, None, ACTIVE),
        (True, False, date(2026, 12, 31), ACTIVE),
        (True, False, date(2026, 11, 1), ENDED),  # its end date has passed
        (False, True, None, ENDED),  # ended before it was confirmed
    ],
)
def test_the_status_follows_confirmation_and_dates(confirmed, ended, end_date, status):
    assert agreement_status(confirmed, ended, end_date, today=date(2026, 11, 27)) == status


@pytest.mark.parametrize(
    ("typed", "rate", "problem", "likely"),
    [
        ("0.28", D("0.28"), None, None),
        ("0,28 €/kWh", D("0.28"), None, None),
        ("28 cent", D("0.28"), None, None),
        ("twenty eight cents", D("0.28"), None, None),
        ("28", D("28"), "implausible", D("0.28")),
        ("0", D("0"), "not_positive", None),
        ("", None, "missing", None),
    ],
)
def test_a_rate_is_read_as_people_type_it(typed, rate, problem, likely):
    checked = read_rate(typed)
    assert (checked.rate, checked.problem, checked.likely) == (rate, problem, likely)


def test_the_api_writes_a_rate_with_a_decimal_point():
    assert [rate_text(D(x)) for x in ("0.28", "0.3", "0.2822", "1")] == ["0.28", "0.30", "0.2822", "1.00"]


def test_the_cap_is_the_quarters_figure_for_the_region():
    cap = cap_for("flanders", date(2025, 2, 10))
    assert cap is not None
    assert (cap.rate, cap.quarter, cap.current) == (D("0.2822"), "2025-Q1", True)
    assert cap_for("wallonia", date(2026, 1, 1)).rate == D("0.3523")  # type: ignore[union-attr]
    assert cap_for("brussels", date(2024, 12, 31)) is None  # the caps started in 2025
    assert cap_for("outside_belgium", date(2026, 1, 1)) is None


def test_a_quarter_the_data_does_not_know_gets_the_latest_figure_marked_as_old():
    cap = cap_for("flanders", date(2030, 5, 1))
    assert cap is not None and not cap.current
    assert cap.quarter < quarter_of(date(2030, 5, 1))
    assert cap.source.startswith("https://")


def test_only_a_rate_above_the_regions_cap_is_questioned():
    day = date(2025, 2, 10)
    assert above_cap(D("0.30"), "flanders", day) is not None  # Flanders 0.2822
    assert above_cap(D("0.30"), "brussels", day) is None  # Brussels 0.3294
    assert above_cap(D("0.90"), None, day) is None


def test_vat_rates_per_country_and_none_for_a_country_not_in_the_table():
    assert [vat_percent_for(c) for c in ("BE", "fr", "DE", "NL")] == [D(21), D(20), D(19), D(21)]
    assert vat_percent_for("PL") is None
    assert vat_percent_for(None) is None
