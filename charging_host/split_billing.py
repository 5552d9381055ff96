"""Split billing agreements: an employer reimburses an employee's home charging.

The rules (Smappee's support articles, docs/decisions.md): one agreement per
employee, with a reimbursement rate per kWh, a start date (may lie in the
future) and an optional end date. It is *pending* until the employee confirms
it with their IBAN, then *active*; once *ended* it can't restart (a new one is
made). It can't be paused. The rate may be changed at any time.

In Belgium the reimbursement of home charging is capped by the regulator's
quarterly rate per region (``data/reimbursement_caps.yml``): that file says
which quarters it knows, where the figures come from and when they were read,
so the assistant can say how old its figure is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from charging_host.numbers import words_to_number

PENDING, ACTIVE, ENDED = "pending", "active", "ended"
STATUSES = (PENDING, ACTIVE, ENDED)

FLANDERS, WALLONIA, BRUSSELS = "flanders", "wallonia", "brussels"
BELGIAN_REGIONS = (FLANDERS, WALLONIA, BRUSSELS)
OUTSIDE_BELGIUM = "outside_belgium"
REGIONS = (*BELGIAN_REGIONS, OUTSIDE_BELGIUM)  # where the employee lives: the cap depends on it

# A rate is in euro per kWh. Above this it is almost surely a slip ("28" for 0.28): asked, not stored.
PLAUSIBLE_RATE = Decimal("1.00")
RATE_PLACES = Decimal("0.0001")

DATA_DIR = Path(__file__).with_name("data")


def agreement_status(confirmed: bool, ended: bool, end_date: date | None, today: date) -> str:
    """Ended when ended by hand or its end date has passed; else active once confirmed."""
    if ended or (end_date is not None and end_date < today):
        return ENDED
    return ACTIVE if confirmed else PENDING


# --- the rate ----------------------------------------------------------------------


@dataclass(frozen=True)
class RateCheck:
    rate: Decimal | None  # euro per kWh, 4 places
    problem: str | None = None  # "missing", "not_positive", "implausible"
    likely: Decimal | None = None  # what an implausible rate probably meant (28 -> 0.28)

    @property
    def ok(self) -> bool:
        return self.problem is None


def read_rate(value: Any) -> RateCheck:
    """A rate typed by a host ("0,28", "28 cent", "€0.28/kWh") or sent by a client ("0.28")."""
    if isinstance(value, Decimal):
        rate: Decimal | None = value
    elif isinstance(value, str) and value.strip():
        try:
            rate = Decimal(value.strip())
        except InvalidOperation:
            rate = words_to_number(value)
    else:
        rate = None
    if rate is None:
        return RateCheck(None, "missing")
    if rate <= 0:
        return RateCheck(rate, "not_positive")
    rate = rate.quantize(RATE_PLACES)
    if rate > PLAUSIBLE_RATE:
        likely = rate / 100 if rate / 100 <= PLAUSIBLE_RATE else None
        return RateCheck(rate, "implausible", likely.quantize(RATE_PLACES) if likely else None)
    return RateCheck(rate)


def rate_text(rate: Decimal) -> str:
    """The rate as the API writes it: a string with a decimal point, no needless zeros past the cents."""
    text = format(rate.quantize(RATE_PLACES), "f").rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


# --- the Belgian cap ----------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    region: str
    rate: Decimal  # euro per kWh, as published
    quarter: str  # "2025-Q1": the quarter the figure is for
    source: str  # the address it was read from
    read_on: date  # when it was read
    current: bool  # False: the quarter asked for is later than any the data knows


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@functools.cache
def _caps() -> dict[str, Any]:
    with (DATA_DIR / "reimbursement_caps.yml").open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data


def cap_for(region: str, on: date) -> Cap | None:
    """The cap in a Belgian region for the quarter of ``on``: that quarter's figure, or the
    latest one known before it (then ``current`` is False); None outside Belgium or before the caps."""
    if region not in BELGIAN_REGIONS:
        return None
    data = _caps()
    wanted = quarter_of(on)
    known = sorted(q for q in data["quarters"] if q <= wanted)
    if not known:
        return None
    quarter = known[-1]
    figures = data["quarters"][quarter]
    read_on = figures.get("read_on", data["read_on"])
    return Cap(
        region=region,
        rate=Decimal(str(figures[region])),
        quarter=quarter,
        source=str(figures.get("source", data["source"])),
        read_on=read_on if isinstance(read_on, date) else date.fromisoformat(str(read_on)),
        current=quarter == wanted,
    )


def caps_rule_source() -> str:
    return str(_caps()["rule_source"])


def above_cap(rate: Decimal, region: str | None, on: date) -> Cap | None:
    """The cap a rate exceeds (for the quarter it starts in), else None."""
    cap = cap_for(region, on) if region else None
    return cap if cap is not None and rate > cap.rate else None


# --- dates ---------------------------------------------------------------------------


def parse_iso_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
