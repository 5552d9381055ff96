"""Pricing policies: prices as people say them, sane bounds, the OCPI tariff, what a session costs.

Decisions (docs/decisions.md): hosts enter prices excluding VAT, in euro; the
price per hour counts the whole time the car is plugged in (charging or not),
so in OCPI terms it is a TIME and a PARKING_TIME component at the same price.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from charging_host import formats
from charging_host.numbers import replace_number_words
from charging_host.tariff import Session, session_cost

ENERGY_PRICE, START_FEE, HOURLY = "energy_per_kwh", "start_fee", "per_hour"

# Plausible bounds, excl. VAT. Above them a price is questioned, not stored:
# 35 EUR/kWh is a decimal mistake.
MAX_ENERGY_PRICE = Decimal("1.50")
MAX_START_FEE = Decimal("10.00")
MAX_HOURLY_PRICE = Decimal("20.00")
MAX_HOURS_BEFORE_SECOND_PRICE = Decimal("24")
MAX_DISCOUNT_PERCENT = Decimal(100)

# What Smappee calls a pricing policy saved without a name.
DEFAULT_POLICY_NAME = "Default pricing"
MAX_POLICY_NAME_LENGTH = 80

# An RFID card's UID, as printed on the card: 8 to 20 hexadecimal characters.
_CARD_UID = re.compile(r"[0-9A-F]{8,20}")
_CARD_UID_IN_TEXT = re.compile(r"\b[0-9A-Fa-f]{8,20}\b")


def card_uid(value: str) -> str | None:
    """A card UID as stored (upper case, without separators), or None when it is not one."""
    uid = re.sub(r"[\s:-]", "", value).upper()
    return uid if _CARD_UID.fullmatch(uid) else None


def find_card_uids(text: str) -> list[str]:
    """The card UIDs in "04A1B2C3D4, 04a1b2c3d5 free for staff", each once, sorted."""
    return sorted({uid.upper() for uid in _CARD_UID_IN_TEXT.findall(text or "")})


@dataclass(frozen=True)
class HourlyPrice:
    price: Decimal  # per hour plugged in
    from_hours: Decimal = Decimal(0)  # counted from the start of the session


@dataclass(frozen=True)
class PriceStructure:
    energy_per_kwh: Decimal | None = None
    start_fee: Decimal | None = None
    hourly: tuple[HourlyPrice, ...] = ()  # at most two, the later one starting later

    def as_dict(self) -> dict[str, Any]:
        return {
            "energy_per_kwh": _text(self.energy_per_kwh),
            "start_fee": _text(self.start_fee),
            "hourly": [{"price": _text(h.price), "from_hours": _text(h.from_hours)} for h in self.hourly],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PriceStructure:
        return cls(
            energy_per_kwh=_decimal(data.get("energy_per_kwh")),
            start_fee=_decimal(data.get("start_fee")),
            hourly=tuple(
                HourlyPrice(Decimal(str(h["price"])), Decimal(str(h.get("from_hours", 0))))
                for h in data.get("hourly") or []
            ),
        )

    def with_suggestion(self, code: str, suggestion: Decimal) -> PriceStructure:
        """This structure with the price a ``PriceProblem`` of that code questioned replaced by its suggestion."""
        if code == "energy_too_high":
            return replace(self, energy_per_kwh=suggestion)
        if code == "start_fee_too_high":
            return replace(self, start_fee=suggestion)
        hourly = tuple(replace(h, price=suggestion) if h.price > suggestion * 10 else h for h in self.hourly)
        return replace(self, hourly=hourly)

    def merged(self, other: PriceStructure) -> PriceStructure:
        """This structure with what ``other`` says on top (a correction or an addition)."""
        return PriceStructure(
            energy_per_kwh=other.energy_per_kwh if other.energy_per_kwh is not None else self.energy_per_kwh,
            start_fee=other.start_fee if other.start_fee is not None else self.start_fee,
            hourly=other.hourly or self.hourly,
        )


def _decimal(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# --- understanding prices as typed -------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<minus>-\s*)?(?:€|eur\b|euro\b)?\s*(?P<number>\d+(?:[.,]\d{1,4})?|[.,]\d{1,4})\s*"
    r"(?P<unit>€|eur(?:o|os)?\b|cents?\b|centimes?\b|ct\b|c\b|eurocent\b)?",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\b(?:after|from|na|vanaf|après|à partir de|dès|nach|ab)\s+(?:the\s+)?(?P<number>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>hours?|hrs?|h|uur|uren|u|heures?|stunden?|std|minutes?|mins?|min|minuut|minuten)\b"
    r"|\bafter\s+(?:the\s+)?(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+hour\b",
    re.IGNORECASE,
)
_ORDINAL_HOURS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_CLAUSES = re.compile(
    r"\s*(?:;|,(?!\d)|\band\b|\bplus\b|\+|&|\bthen\b|\ben\b|\bet\b|\bund\b|\b(?:daarna|puis|ensuite|dann|danach)\b|\n)\s*",
    re.IGNORECASE,
)
_KINDS = [
    (ENERGY_PRICE, r"kwh|kw/h|kw h|kilowatt|/kw\b|per kw\b"),
    ("per_minute", r"\bmin(?:ute)?s?\b|/min|minuut|minuten"),
    (HOURLY, r"hour|/h\b|per h\b|\bh\b|\bhr\b|uur|heure|stunde|hourly|/u\b|per u\b|\bstd\b"),
    (
        START_FEE,
        r"start|session|per charge|connect|flat|fee|plug|transaction|instap|opstart|sessie|démarrage"
        r"|laadbeurt|forfait|ladevorgang|grundgebühr",
    ),
]
_NONE = re.compile(
    r"\b(?:no|none|without|zero|geen|zonder|pas de|sans|aucun|aucuns|aucune|kein|keine|keinen|ohne)\b"
    r"|\b(?:free|gratis|gratuit|gratuite|kostenlos|umsonst)\b",
    re.IGNORECASE,
)


@dataclass
class ParsedPrices:
    prices: PriceStructure = field(default_factory=PriceStructure)
    unclear: list[str] = field(default_factory=list)  # clauses with a number we could not place
    negative: bool = False
    none_for: list[str] = field(default_factory=list)  # kinds explicitly said to be absent ("no start fee")

    @property
    def found_anything(self) -> bool:
        p = self.prices
        return p.energy_per_kwh is not None or p.start_fee is not None or bool(p.hourly) or bool(self.none_for)


def _amounts(clause: str) -> list[tuple[Decimal, bool, int, int]]:
    """Every amount in a clause: (value in euro, negative, start, end)."""
    found = []
    for match in _AMOUNT.finditer(clause):
        number = match.group("number").replace(",", ".")
        try:
            value = Decimal(number if not number.startswith(".") else "0" + number)
        except InvalidOperation:
            continue
        unit = (match.group("unit") or "").lower()
        if unit.startswith("c") or unit == "eurocent":
            value = value / 100
        found.append((value, bool(match.group("minus")), match.start("number"), match.end()))
    return found


def _kind_near(text: str, after_amount: bool) -> str | None:
    """The kind named closest to an amount: the first word after it, or the last before it."""
    best: tuple[int, str] | None = None
    for kind, pattern in _KINDS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            distance = match.start() if after_amount else len(text) - match.end()
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None


def parse_prices(text: str, expecting: str | None = None) -> ParsedPrices:
    """Prices from "35 cent per kWh, 1 euro to start, 2 euro an hour after 3 hours".

    ``expecting`` is the kind of price the question asked for: a bare number
    ("0,35") is taken as that. Numbers in words are read as numbers first
    ("thirty five cents per kwh", "a euro fifty to start").
    """
    result = ParsedPrices()
    energy = start = None
    hourly: list[HourlyPrice] = []
    clauses = [c for c in _CLAUSES.split(replace_number_words(text or "")) if c and c.strip()]
    for clause in clauses:
        after = _AFTER.search(clause)
        from_hours = Decimal(0)
        if after:
            if after.group("ordinal"):
                from_hours = Decimal(_ORDINAL_HOURS[after.group("ordinal").lower()])
            else:
                from_hours = Decimal(after.group("number").replace(",", "."))
                if after.group("unit").lower().startswith("min"):
                    from_hours = from_hours / 60
            clause = clause[: after.start()] + " " + clause[after.end() :]
        amounts = _amounts(clause)
        if not amounts:
            kind = _kind_near(clause, after_amount=True)
            if kind and _NONE.search(clause):
                result.none_for.append(HOURLY if kind == "per_minute" else kind)
            elif after and hourly and from_hours:
                # "... 2 euro an hour, after 3 hours": the threshold came as its own clause.
                hourly[-1] = replace(hourly[-1], from_hours=from_hours)
            continue
        for position, (value, minus, start_at, end_at) in enumerate(amounts):
            next_start = amounts[position + 1][2] if position + 1 < len(amounts) else len(clause)
            previous_end = amounts[position - 1][3] if position else 0
            kind = _kind_near(clause[end_at:next_start], True) or _kind_near(clause[previous_end:start_at], False)
            result.negative = result.negative or minus
            if kind is None and after and hourly:
                kind = HOURLY  # "and 2 euro after 3 hours"
            kind = kind or expecting
            if kind is None:
                result.unclear.append(clause.strip())
            elif kind == ENERGY_PRICE:
                energy = value
            elif kind == START_FEE:
                start = value
            elif kind in (HOURLY, "per_minute"):
                hourly.append(HourlyPrice(value * 60 if kind == "per_minute" else value, from_hours))
    result.prices = PriceStructure(energy, start, tuple(hourly))
    return result


# --- plausibility ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceProblem:
    """``code`` is one of: ``negative``, ``energy_missing``, ``energy_too_high``,
    ``start_fee_too_high``, ``hourly_too_high``, ``too_many_hourly_prices``,
    ``hours_out_of_range``, ``second_starts_before_first``, ``all_free``.
    ``suggestion`` is the likely meant value where a decimal slipped."""

    code: str
    value: Decimal | None = None
    suggestion: Decimal | None = None


def _slipped(value: Decimal, limit: Decimal) -> Decimal | None:
    for divisor in (Decimal(100), Decimal(10), Decimal(1000)):
        if Decimal(0) < value / divisor <= limit:
            return (value / divisor).normalize()
    return None


def check_prices(prices: PriceStructure) -> list[PriceProblem]:
    problems: list[PriceProblem] = []
    values = [prices.energy_per_kwh, prices.start_fee] + [h.price for h in prices.hourly]
    if any(v is not None and v < 0 for v in values):
        return [PriceProblem("negative")]
    if prices.energy_per_kwh is None:
        problems.append(PriceProblem("energy_missing"))
    elif prices.energy_per_kwh > MAX_ENERGY_PRICE:
        problems.append(
            PriceProblem("energy_too_high", prices.energy_per_kwh, _slipped(prices.energy_per_kwh, MAX_ENERGY_PRICE))
        )
    if prices.start_fee is not None and prices.start_fee > MAX_START_FEE:
        problems.append(PriceProblem("start_fee_too_high", prices.start_fee, _slipped(prices.start_fee, MAX_START_FEE)))
    if len(prices.hourly) > 2:
        problems.append(PriceProblem("too_many_hourly_prices"))
    for hour_price in prices.hourly:
        if hour_price.price > MAX_HOURLY_PRICE:
            problems.append(
                PriceProblem("hourly_too_high", hour_price.price, _slipped(hour_price.price, MAX_HOURLY_PRICE))
            )
        if not (0 <= hour_price.from_hours <= MAX_HOURS_BEFORE_SECOND_PRICE):
            problems.append(PriceProblem("hours_out_of_range", hour_price.from_hours))
    if len(prices.hourly) == 2 and prices.hourly[1].from_hours <= prices.hourly[0].from_hours:
        problems.append(PriceProblem("second_starts_before_first", prices.hourly[1].from_hours))
    if not problems and all(not v for v in values):
        problems.append(PriceProblem("all_free"))
    return problems


# --- the OCPI tariff -------------------------------------------------------------------------------


def to_ocpi_tariff(
    prices: PriceStructure,
    tariff_id: str,
    name: str,
    vat_percent: Decimal | None,
    last_updated: datetime,
    country_code: str = "BE",
    party_id: str = "SMP",
    discount_percent: Decimal = Decimal(0),
) -> dict[str, Any]:
    """An OCPI 2.2.1 Tariff: FLAT for the start fee, ENERGY per kWh, and per hour
    plugged in as TIME + PARKING_TIME; a price that starts later gets a
    ``min_duration`` restriction and comes first, the fallback comes last."""
    factor = (Decimal(100) - discount_percent) / Decimal(100)

    def price(value: Decimal) -> float:
        return float((value * factor).quantize(Decimal("0.0001"), ROUND_HALF_UP))

    # OCPI: no "vat" means none applies or it is unknown; a rate is never guessed.
    vat = {} if vat_percent is None else {"vat": float(vat_percent)}

    def component(kind: str, value: Decimal, step_size: int) -> dict[str, Any]:
        return {"type": kind, "price": price(value), **vat, "step_size": step_size}

    elements: list[dict[str, Any]] = []
    if prices.start_fee:
        elements.append({"price_components": [component("FLAT", prices.start_fee, 1)]})
    if prices.energy_per_kwh is not None:
        elements.append({"price_components": [component("ENERGY", prices.energy_per_kwh, 1)]})
    for hour_price in sorted(prices.hourly, key=lambda h: h.from_hours, reverse=True):
        element: dict[str, Any] = {
            "price_components": [component(kind, hour_price.price, 60) for kind in ("TIME", "PARKING_TIME")]
        }
        if hour_price.from_hours:
            element["restrictions"] = {"min_duration": int(hour_price.from_hours * 3600)}
        elements.append(element)
    return {
        "country_code": country_code,
        "party_id": party_id,
        "id": tariff_id,
        "currency": "EUR",
        "type": "REGULAR",
        "tariff_alt_text": [{"language": "en", "text": name}],
        "elements": elements,
        "last_updated": last_updated.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }


@dataclass(frozen=True)
class SampleCost:
    kwh: Decimal
    hours: Decimal
    host_price: Decimal  # what the host receives, excl. VAT
    commission: Decimal  # Smappee's, excl. VAT, added on top
    vat: Decimal
    driver_pays: Decimal  # incl. VAT


def sample_session_cost(
    prices: PriceStructure,
    vat_percent: Decimal,
    commission_percent: Decimal,
    kwh: Decimal = Decimal(20),
    hours: Decimal = Decimal(3),
) -> SampleCost:
    """What a typical session costs the driver, and what the host receives."""
    tariff = to_ocpi_tariff(prices, "sample", "sample", Decimal(0), datetime(2026, 1, 5))
    session = Session.simple(datetime(2026, 1, 5, 10, 0), float(kwh), float(hours * 60))
    host_price = session_cost(tariff, session).excl_vat
    cent = Decimal("0.01")
    commission = (host_price * commission_percent / 100).quantize(cent, ROUND_HALF_UP)
    vat = ((host_price + commission) * vat_percent / 100).quantize(cent, ROUND_HALF_UP)
    return SampleCost(kwh, hours, host_price, commission, vat, host_price + commission + vat)


def euro(value: Decimal, places: int = 2) -> str:
    """The amount as the conversation's language writes it (€0.35, € 0,35, 0,35 €)."""
    return formats.euro(value, places)


@dataclass(frozen=True)
class ShownPrice:
    """One price as drivers are shown it: excl. and incl. VAT. An hourly price
    is shown per minute (and per hour), from ``from_hours`` on."""

    kind: str  # "per_kwh", "per_minute" or "per_session"
    price: Decimal
    price_incl_vat: Decimal
    per_hour: Decimal | None = None
    from_hours: Decimal = Decimal(0)


def shown_prices(prices: PriceStructure, vat_percent: Decimal) -> list[ShownPrice]:
    """The prices in the order EU law (AFIR) wants them shown: per kWh, per minute, per session."""
    with_vat = (Decimal(100) + vat_percent) / Decimal(100)
    shown: list[ShownPrice] = []
    if prices.energy_per_kwh is not None:
        shown.append(ShownPrice("per_kwh", prices.energy_per_kwh, prices.energy_per_kwh * with_vat))
    for hourly in sorted(prices.hourly, key=lambda h: h.from_hours):
        per_minute = hourly.price / 60
        shown.append(ShownPrice("per_minute", per_minute, per_minute * with_vat, hourly.price, hourly.from_hours))
    if prices.start_fee:
        shown.append(ShownPrice("per_session", prices.start_fee, prices.start_fee * with_vat))
    return shown


@functools.cache
def _vat_rates() -> dict[str, Any]:
    with (Path(__file__).with_name("data") / "vat_rates.yml").open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    return data


def vat_percent_for(country: str | None) -> Decimal | None:
    """The standard VAT rate drivers pay at a station in ``country``; None when the table lacks it."""
    rate = _vat_rates()["standard_rates"].get((country or "").upper())
    return None if rate is None else Decimal(str(rate))
