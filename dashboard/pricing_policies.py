"""Pricing policies: stored as the host said them, served as OCPI 2.2.1 Tariffs (one per group)."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection, Row

from charging_host.pricing import (
    DEFAULT_POLICY_NAME,
    MAX_DISCOUNT_PERCENT,
    MAX_POLICY_NAME_LENGTH,
    PriceStructure,
    card_uid,
    check_prices,
    to_ocpi_tariff,
    vat_percent_for,
)
from charging_host.services import public_charging_refusal
from dashboard import store
from dashboard.http import (
    ENGINE,
    SETTINGS,
    AfterCommit,
    Refusal,
    account_session,
    admin_only,
    idempotent,
    request_body,
    require_member,
)
from dashboard.organisations import organisation_view
from dashboard.settings import Settings
from dashboard.store import as_utc, dumps, iso, loads, utcnow

GROUP_KINDS = ("smappee_community", "tokens")


def _prices(data: object) -> PriceStructure:
    if not isinstance(data, dict):
        raise Refusal("prices_invalid", "prices", "prices is an object")
    try:
        prices = PriceStructure.from_dict(data)
    except (InvalidOperation, KeyError, TypeError, ValueError) as failure:
        raise Refusal("prices_invalid", "prices", "prices are decimal numbers") from failure
    problems = check_prices(prices)
    if problems:
        raise Refusal(
            "prices_implausible",
            "prices",
            f"prices look wrong: {', '.join(p.code for p in problems)}",
            problems=[{"code": p.code, "value": _str(p.value), "suggestion": _str(p.suggestion)} for p in problems],
        )
    return prices


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _groups(data: Any) -> list[dict[str, Any]]:
    """The groups besides Everybody (who pays the standard prices)."""
    groups = []
    for index, group in enumerate(data or []):
        field = f"groups[{index}]"
        kind = group.get("kind") if isinstance(group, dict) else None
        if kind not in GROUP_KINDS:
            raise Refusal("group_invalid", field, f"kind is one of {list(GROUP_KINDS)}")
        clean = {
            "kind": kind,
            "name": "Smappee Community" if kind == "smappee_community" else str(group.get("name") or "").strip(),
        }
        if not clean["name"] or len(clean["name"]) > 60:
            raise Refusal("group_invalid", field, "a group of tokens needs a name")
        if kind == "tokens":
            tokens = [card_uid(str(t)) for t in group.get("tokens") or []]
            if not tokens or None in tokens:
                raise Refusal("group_invalid", field, "tokens are RFID card UIDs (8 to 20 hexadecimal characters)")
            clean["tokens"] = sorted({t for t in tokens if t})
        if group.get("prices") is not None:
            clean["prices"] = _prices(group["prices"]).as_dict()
        else:
            try:
                discount = Decimal(str(group.get("discount_percent")))
            except InvalidOperation as failure:
                raise Refusal("group_invalid", field, "a group has a discount_percent or its own prices") from failure
            if not Decimal(0) < discount <= MAX_DISCOUNT_PERCENT:
                raise Refusal("group_invalid", field, "discount_percent is more than 0 and at most 100")
            clean["discount_percent"] = format(discount.normalize(), "f")
        groups.append(clean)
    return groups


def tariffs_of(policy: Row, country: str | None) -> list[dict[str, Any]]:
    """The OCPI tariffs of a policy at a station in ``country`` (its VAT rate): the
    standard one (Everybody), then one per group."""
    prices = PriceStructure.from_dict(loads(policy.prices))
    updated = as_utc(policy.updated_at)
    vat = vat_percent_for(country)
    country_code = (country or "BE").upper()
    tariffs = [to_ocpi_tariff(prices, policy.id, policy.name, vat, updated, country_code)]
    for group in loads(policy.groups):
        slug = (
            "community"
            if group["kind"] == "smappee_community"
            else re.sub(r"[^a-z0-9]+", "-", group["name"].lower()).strip("-")
        )
        own = PriceStructure.from_dict(group["prices"]) if group.get("prices") else prices
        tariffs.append(
            to_ocpi_tariff(
                own,
                f"{policy.id}-{slug}"[:36],
                f"{policy.name}: {group['name']}",
                vat,
                updated,
                country_code,
                discount_percent=Decimal(group.get("discount_percent") or 0),
            )
        )
    return tariffs


def station_countries(db: Connection, policy: Row) -> list[str]:
    """The countries of a policy's stations (a station without an address is in its
    organisation's country); the organisation's country while it has no station."""
    organisation = loads(
        db.execute(
            sa.select(store.organisations.c.registered_address).where(
                store.organisations.c.id == policy.organisation_id
            )
        ).scalar_one()
    )
    home = str(organisation.get("country") or "BE").upper()
    addresses = (
        db.execute(
            sa.select(store.charging_stations.c.address)
            .join(store.station_policies, store.station_policies.c.serial == store.charging_stations.c.serial)
            .where(store.station_policies.c.policy_id == policy.id)
        )
        .scalars()
        .all()
    )
    countries = {str((loads(a) or {}).get("country") or home).upper() for a in addresses} or {home}
    return sorted(countries)


def policy_tariffs(db: Connection, policy: Row) -> list[dict[str, Any]]:
    """The tariffs drivers are shown, per country of the policy's stations (each with its VAT rate)."""
    countries = station_countries(db, policy)
    tariffs = []
    for country in countries:
        for tariff in tariffs_of(policy, country):
            if len(countries) > 1:
                tariff["id"] = f"{tariff['id']}-{country.lower()}"[:36]
            tariffs.append(tariff)
    return tariffs


def policy_view(db: Connection, settings: Settings, policy: Row) -> dict[str, Any]:
    serials = (
        db.execute(
            sa.select(store.station_policies.c.serial)
            .where(store.station_policies.c.policy_id == policy.id)
            .order_by(store.station_policies.c.serial)
        )
        .scalars()
        .all()
    )
    vat_rates = {country: vat_percent_for(country) for country in station_countries(db, policy)}
    return {
        "id": policy.id,
        "organisation_id": policy.organisation_id,
        "name": policy.name,
        "prices": loads(policy.prices),
        "groups": loads(policy.groups),
        "charging_stations": list(serials),
        "prices_include_vat": False,
        # The VAT drivers pay on top, per country of the policy's stations (null: not known).
        "vat_percent": {country: None if rate is None else str(rate) for country, rate in vat_rates.items()},
        "tariffs": policy_tariffs(db, policy),
        "updated_at": iso(policy.updated_at),
    }


def _eligible_organisation(db: Connection, account_id: int, organisation_id: str) -> dict[str, Any]:
    require_member(db, account_id, organisation_id)
    organisation = organisation_view(db, organisation_id, full_iban=False)
    refusal = public_charging_refusal(organisation["services"], organisation["vat_number"])
    if refusal:
        raise Refusal(refusal, "organisation_id", "this organisation may not sell charging", 403)
    return organisation


def _assign(db: Connection, policy_id: str, organisation: dict[str, Any], serials: object) -> None:
    if not isinstance(serials, list):
        raise Refusal("charging_stations_invalid", "charging_stations", "charging_stations is a list of serials")
    for serial in serials:
        if str(serial) not in organisation["charging_stations"]:
            raise Refusal(
                "station_not_found", "charging_stations", f"station {serial} is not in this organisation", 404
            )
        db.execute(store.station_policies.delete().where(store.station_policies.c.serial == str(serial)))
        db.execute(store.station_policies.insert().values(serial=str(serial), policy_id=policy_id))


def _policy_row(db: Connection, policy_id: str) -> Row | None:
    return db.execute(sa.select(store.pricing_policies).where(store.pricing_policies.c.id == policy_id)).first()


def _owned_policy(db: Connection, account_id: int, policy_id: str) -> Row:
    policy = _policy_row(db, policy_id)
    if policy is None:
        raise Refusal("policy_not_found", None, "no such pricing policy", 404)
    _eligible_organisation(db, account_id, policy.organisation_id)
    return policy


@account_session
async def create_policy(request: web.Request, account_id: int) -> web.Response:
    settings = request.app[SETTINGS]

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        organisation = _eligible_organisation(db, account_id, str(body.get("organisation_id") or ""))
        name = str(body.get("name") or "").strip() or DEFAULT_POLICY_NAME
        if len(name) > MAX_POLICY_NAME_LENGTH:
            raise Refusal("name_invalid", "name", f"a name has at most {MAX_POLICY_NAME_LENGTH} characters")
        now = utcnow()
        policy_id = "pol_" + secrets.token_hex(5)
        db.execute(
            store.pricing_policies.insert().values(
                id=policy_id,
                organisation_id=organisation["id"],
                name=name,
                prices=dumps(_prices(body.get("prices")).as_dict()),
                groups=dumps(_groups(body.get("groups"))),
                created_at=now,
                updated_at=now,
            )
        )
        _assign(db, policy_id, organisation, body.get("charging_stations") or [])
        return policy_view(db, settings, _policy_row(db, policy_id)), lambda: None

    return await idempotent(request, account_id, 201, work)


@account_session
async def list_policies(request: web.Request, account_id: int) -> web.Response:
    settings = request.app[SETTINGS]
    with request.app[ENGINE].connect() as db:
        organisation_ids = (
            db.execute(
                sa.select(store.organisation_members.c.organisation_id).where(
                    store.organisation_members.c.account_id == account_id
                )
            )
            .scalars()
            .all()
        )
        policies = db.execute(
            sa.select(store.pricing_policies)
            .where(store.pricing_policies.c.organisation_id.in_(organisation_ids))
            .order_by(store.pricing_policies.c.created_at)
        ).all()
        return web.json_response({"pricing_policies": [policy_view(db, settings, p) for p in policies]})


@account_session
async def get_policy(request: web.Request, account_id: int) -> web.Response:
    with request.app[ENGINE].connect() as db:
        policy = _owned_policy(db, account_id, request.match_info["policy_id"])
        return web.json_response(policy_view(db, request.app[SETTINGS], policy))


@account_session
async def update_policy(request: web.Request, account_id: int) -> web.Response:
    """Change name, prices or groups. Sessions already running keep the price they started with."""
    body = await request_body(request)
    with request.app[ENGINE].begin() as db:
        policy = _owned_policy(db, account_id, request.match_info["policy_id"])
        values: dict[str, Any] = {"updated_at": utcnow()}
        if "name" in body:
            values["name"] = str(body["name"] or "").strip()[:MAX_POLICY_NAME_LENGTH] or DEFAULT_POLICY_NAME
        if "prices" in body:
            values["prices"] = dumps(_prices(body["prices"]).as_dict())
        if "groups" in body:
            values["groups"] = dumps(_groups(body["groups"]))
        db.execute(store.pricing_policies.update().where(store.pricing_policies.c.id == policy.id).values(**values))
        return web.json_response(policy_view(db, request.app[SETTINGS], _policy_row(db, policy.id)))


@account_session
async def assign_policy(request: web.Request, account_id: int) -> web.Response:
    body = await request_body(request)
    with request.app[ENGINE].begin() as db:
        policy = _owned_policy(db, account_id, request.match_info["policy_id"])
        organisation = _eligible_organisation(db, account_id, policy.organisation_id)
        _assign(db, policy.id, organisation, body.get("charging_stations"))
        return web.json_response(policy_view(db, request.app[SETTINGS], policy))


@account_session
async def get_policy_tariffs(request: web.Request, account_id: int) -> web.Response:
    with request.app[ENGINE].connect() as db:
        policy = _owned_policy(db, account_id, request.match_info["policy_id"])
        return web.json_response({"tariffs": policy_tariffs(db, policy)})


@admin_only
async def list_tariffs(request: web.Request) -> web.Response:
    """Every tariff, as OCPI 2.2.1 Tariff objects: what a roaming partner would be sent."""
    with request.app[ENGINE].connect() as db:
        policies = db.execute(sa.select(store.pricing_policies).order_by(store.pricing_policies.c.created_at)).all()
        return web.json_response({"tariffs": [t for p in policies for t in policy_tariffs(db, p)]})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/pricing-policies", create_policy)
    app.router.add_get("/v1/pricing-policies", list_policies)
    app.router.add_get("/v1/pricing-policies/{policy_id}", get_policy)
    app.router.add_put("/v1/pricing-policies/{policy_id}", update_policy)
    app.router.add_put("/v1/pricing-policies/{policy_id}/charging-stations", assign_policy)
    app.router.add_get("/v1/pricing-policies/{policy_id}/tariffs", get_policy_tariffs)
    app.router.add_get("/v1/tariffs", list_tariffs)
