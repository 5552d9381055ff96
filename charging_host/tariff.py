"""OCPI 2.2.1 tariffs: what a charging session costs.

A tariff is the OCPI ``Tariff`` object as a dict (``elements`` of
``price_components`` with optional ``restrictions``). The rules implemented:

- per dimension (ENERGY, TIME, PARKING_TIME, FLAT) the first element whose
  restrictions match is active; an element without restrictions is the
  fallback, so it comes last;
- restrictions are evaluated as the session goes on (time of day and day of
  week in local time, session duration, energy so far, current, power);
- ``step_size`` rounds up the total volume of a dimension with the step of
  the last element that billed it, at the end of the session, or earlier when
  the dimension stops being billed at all; charging time billed by rounding
  up is not billed again as parking right after it when one element prices
  both;
- ``min_price`` and ``max_price`` bound the total, excl. and incl. VAT.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

ENERGY, FLAT, TIME, PARKING_TIME = "ENERGY", "FLAT", "TIME", "PARKING_TIME"
DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


@dataclass(frozen=True)
class Period:
    """A stretch of a session: charging (with the energy delivered) or parked without charging."""

    seconds: int
    energy_kwh: float = 0.0
    charging: bool = True
    current_a: float | None = None
    power_kw: float | None = None


@dataclass(frozen=True)
class Session:
    start: datetime  # local time at the charge point
    periods: tuple[Period, ...]

    @classmethod
    def simple(
        cls,
        start: datetime,
        energy_kwh: float,
        charging_minutes: float,
        parking_minutes: float = 0,
        current_a: float | None = None,
    ) -> Session:
        periods = [Period(round(charging_minutes * 60), energy_kwh, True, current_a)]
        if parking_minutes:
            periods.append(Period(round(parking_minutes * 60), 0.0, False))
        return cls(start, tuple(periods))


@dataclass
class CostLine:
    dimension: str
    volume: Fraction  # kWh, hours, or 1 for FLAT
    price: Decimal
    vat: Decimal | None

    @property
    def excl_vat(self) -> Fraction:
        return Fraction(self.price) * self.volume

    @property
    def incl_vat(self) -> Fraction | None:
        return None if self.vat is None else self.excl_vat * (1 + Fraction(self.vat) / 100)


@dataclass
class Cost:
    excl_vat: Decimal
    incl_vat: Decimal | None  # None when the tariff gives no VAT
    lines: list[CostLine] = field(default_factory=list)


def _money(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(23, 59, 59, 999999) if (hours, minutes) == ("24", "00") else time(int(hours), int(minutes))


@dataclass(frozen=True)
class _Moment:
    now: datetime
    elapsed_s: int
    energy_kwh: Fraction
    current_a: float | None
    power_kw: float | None


def restrictions_match(restrictions: dict[str, Any] | None, moment: _Moment) -> bool:
    if not restrictions:
        return True
    r = restrictions
    if r.get("reservation"):
        return False  # reservations are not sessions
    if r.get("day_of_week") and DAYS[moment.now.weekday()] not in r["day_of_week"]:
        return False
    if r.get("start_time") or r.get("end_time"):
        start = _clock(r.get("start_time") or "00:00")
        end = _clock(r.get("end_time") or "24:00")
        now = moment.now.time()
        inside = start <= now < end if start <= end else (now >= start or now < end)
        if not inside:
            return False
    if r.get("start_date") and moment.now.date().isoformat() < r["start_date"]:
        return False
    if r.get("end_date") and moment.now.date().isoformat() >= r["end_date"]:
        return False
    if r.get("min_duration") is not None and moment.elapsed_s < r["min_duration"]:
        return False
    if r.get("max_duration") is not None and moment.elapsed_s >= r["max_duration"]:
        return False
    if r.get("min_kwh") is not None and moment.energy_kwh < Fraction(str(r["min_kwh"])):
        return False
    if r.get("max_kwh") is not None and moment.energy_kwh >= Fraction(str(r["max_kwh"])):
        return False
    for key, value, above in (
        ("min_current", moment.current_a, True),
        ("max_current", moment.current_a, False),
        ("min_power", moment.power_kw, True),
        ("max_power", moment.power_kw, False),
    ):
        if r.get(key) is not None:
            if value is None:
                return False
            if (above and value < r[key]) or (not above and value >= r[key]):
                return False
    return True


def _component(element: dict[str, Any], dimension: str) -> dict[str, Any] | None:
    return next((c for c in element["price_components"] if c["type"] == dimension), None)


def active_element(tariff: dict[str, Any], dimension: str, moment: _Moment) -> int | None:
    for index, element in enumerate(tariff["elements"]):
        if _component(element, dimension) and restrictions_match(element.get("restrictions"), moment):
            return index
    return None


def session_cost(tariff: dict[str, Any], session: Session) -> Cost:
    """The cost of a session by OCPI 2.2.1's rules, in the tariff's currency."""
    elements = tariff["elements"]
    # Per second: which element bills each dimension. Energy is spread evenly over a period.
    log: dict[str, list[tuple[int, int | None, Fraction]]] = {ENERGY: [], TIME: [], PARKING_TIME: []}
    elapsed, energy = 0, Fraction(0)
    first = _Moment(
        session.start,
        0,
        Fraction(0),
        session.periods[0].current_a if session.periods else None,
        session.periods[0].power_kw if session.periods else None,
    )
    flat_index = active_element(tariff, FLAT, first)
    last_charging_second = -1
    for period in session.periods:
        per_second = Fraction(str(period.energy_kwh)) / period.seconds if period.seconds else Fraction(0)
        for _ in range(period.seconds):
            moment = _Moment(
                session.start + timedelta(seconds=elapsed),
                elapsed,
                energy,
                period.current_a if period.charging else 0,
                period.power_kw if period.charging else 0,
            )
            if period.charging:
                log[TIME].append((elapsed, active_element(tariff, TIME, moment), Fraction(1)))
                log[ENERGY].append((elapsed, active_element(tariff, ENERGY, moment), per_second))
                last_charging_second = elapsed
            else:
                log[PARKING_TIME].append((elapsed, active_element(tariff, PARKING_TIME, moment), Fraction(1)))
            energy += per_second
            elapsed += 1

    volumes: dict[tuple[str, int], Fraction] = {}
    time_rounded_up = _bill(log[TIME], TIME, elements, volumes)
    # Charging time billed beyond the real charging covers the parking right
    # after it, when the same element prices both (OCPI's step_size example #1;
    # its complex example, with separate elements, bills both).
    last_time_element = next((index for _, index, _ in reversed(log[TIME]) if index is not None), None)
    if time_rounded_up and log[PARKING_TIME] and last_time_element is not None:
        covered_until = last_charging_second + time_rounded_up
        log[PARKING_TIME] = [
            entry
            for entry in log[PARKING_TIME]
            if not (last_charging_second < entry[0] <= covered_until and entry[1] == last_time_element)
        ]
    _bill(log[PARKING_TIME], PARKING_TIME, elements, volumes)
    _bill(log[ENERGY], ENERGY, elements, volumes)

    lines: list[CostLine] = []
    if flat_index is not None:
        component = _component(elements[flat_index], FLAT)
        assert component is not None  # active_element only picks elements that price FLAT
        lines.append(CostLine(FLAT, Fraction(1), Decimal(str(component["price"])), _vat(component)))
    for (dimension, index), volume in volumes.items():
        component = _component(elements[index], dimension)
        assert component is not None  # active_element only picks elements that price the dimension
        unit = Fraction(1, 1000) if dimension == ENERGY else Fraction(1, 3600)  # Wh, seconds -> kWh, hours
        lines.append(CostLine(dimension, volume * unit, Decimal(str(component["price"])), _vat(component)))

    excl = sum((line.excl_vat for line in lines), Fraction(0))
    incl_parts = [line.incl_vat for line in lines if line.incl_vat is not None]
    incl = None if len(incl_parts) < len(lines) else sum(incl_parts, Fraction(0))
    excl, incl = _bounded(tariff, excl, incl)
    return Cost(_money(excl), None if incl is None else _money(incl), lines)


def _vat(component: dict[str, Any]) -> Decimal | None:
    return None if component.get("vat") is None else Decimal(str(component["vat"]))


def _bill(
    entries: list[tuple[int, int | None, Fraction]],
    dimension: str,
    elements: list[dict[str, Any]],
    volumes: dict[tuple[str, int], Fraction],
) -> int:
    """Add a dimension's volumes per element, in its step units (Wh or seconds), with step_size rounding.

    Returns how many seconds (or Wh) the final rounding added.
    """
    scale = 1000 if dimension == ENERGY else 1  # energy is logged in kWh, stepped in Wh
    total = Fraction(0)
    current: int | None = None
    added = 0
    for _, index, amount in entries:
        if index != current and current is not None and index is None:
            added = _round_up(dimension, current, elements, total, volumes)
            total += added
        current = index
        if index is not None:
            volumes[(dimension, index)] = volumes.get((dimension, index), Fraction(0)) + amount * scale
            total += amount * scale
    if current is not None:
        added = _round_up(dimension, current, elements, total, volumes)
    return added


def _round_up(
    dimension: str,
    index: int,
    elements: list[dict[str, Any]],
    total: Fraction,
    volumes: dict[tuple[str, int], Fraction],
) -> int:
    component = _component(elements[index], dimension)
    assert component is not None  # the element billed this dimension
    step = int(component.get("step_size") or 1)
    billed = math.ceil(total / step) * step
    extra = billed - total
    if extra:
        volumes[(dimension, index)] = volumes.get((dimension, index), Fraction(0)) + extra
    return math.ceil(extra)


def _bounded(tariff: dict[str, Any], excl: Fraction, incl: Fraction | None) -> tuple[Fraction, Fraction | None]:
    for key, pick in (("min_price", max), ("max_price", min)):
        bound = tariff.get(key)
        if not bound:
            continue
        excl = pick(excl, Fraction(str(bound["excl_vat"])))
        if incl is not None and bound.get("incl_vat") is not None:
            incl = pick(incl, Fraction(str(bound["incl_vat"])))
    return excl, incl
