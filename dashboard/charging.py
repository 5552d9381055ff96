"""Charging stations: address, public charging per charge point, Scan & Charge QR images."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection, Row

from charging_host.contact import check_address_fields
from charging_host.qr import payment_link, qr_png, qr_svg
from charging_host.services import public_charging_refusal
from common.http import error
from dashboard import store
from dashboard.http import ENGINE, SETTINGS, Refusal, account_session, request_body
from dashboard.organisations import organisation_view
from dashboard.settings import Settings
from dashboard.store import dumps, loads, utcnow

VISIBILITIES = ("public", "hidden")


def qr_signature(settings: Settings, serial: str, position: int, expires: int) -> str:
    message = f"qr:{serial}:{position}:{expires}".encode()
    return hmac.new(settings.secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def qr_urls(settings: Settings, serial: str, position: int) -> dict[str, str]:
    """Signed links to a connector's QR images: a browser can show them without a token."""
    expires = int(time.time()) + settings.qr_url_ttl_seconds
    query = f"expires={expires}&signature={qr_signature(settings, serial, position, expires)}"
    base = f"{settings.public_url}/v1/qr/{serial}/{position}"
    return {
        "link": payment_link(settings.qr_link_template, serial, position),
        "png_url": f"{base}.png?{query}",
        "svg_url": f"{base}.svg?{query}",
    }


def station_view(
    db: Connection, settings: Settings, station: Row, organisation: dict[str, Any] | None
) -> dict[str, Any]:
    """A station as its owner sees it: connectors with their public-charging settings."""
    rows = {
        row.position: row
        for row in db.execute(sa.select(store.connectors).where(store.connectors.c.serial == station.serial))
    }
    policy_id = db.execute(
        sa.select(store.station_policies.c.policy_id).where(store.station_policies.c.serial == station.serial)
    ).scalar_one_or_none()
    may_sell = (
        organisation is not None
        and public_charging_refusal(organisation["services"], organisation["vat_number"]) is None
    )
    connectors = []
    for position in range(1, station.connectors + 1):
        row = rows.get(position)
        public = bool(row and row.public_charging)
        connector = {
            "position": position,
            "public_charging": public,
            # Opening a charge point sets these; closing it means "No public charging".
            "session_activation": "authenticated" if public else None,
            "cpo": "Smappee Services" if public else None,
            "visibility": row.visibility if public and row else None,
            "opening_hours": (loads(row.opening_hours) if row and row.opening_hours else None) if public else None,
        }
        if public and may_sell:
            connector["scan_and_charge"] = qr_urls(settings, station.serial, position)
        connectors.append(connector)
    return {
        "serial": station.serial,
        "name": station.name,
        "address": loads(station.address),
        "organisation_id": organisation["id"] if organisation else None,
        "pricing_policy_id": policy_id,
        "connectors": connectors,
        **loads(station.details),
    }


def owned_station(db: Connection, account_id: int, serial: str) -> Row:
    station = db.execute(sa.select(store.charging_stations).where(store.charging_stations.c.serial == serial)).first()
    if not station or station.account_id != account_id:
        raise Refusal("station_not_found", "serial", "no such charging station on this login", 404)
    return station


def station_organisation(db: Connection, serial: str) -> dict[str, Any] | None:
    organisation_id = db.execute(
        sa.select(store.organisation_stations.c.organisation_id).where(store.organisation_stations.c.serial == serial)
    ).scalar_one_or_none()
    return organisation_view(db, organisation_id, full_iban=False) if organisation_id else None


@account_session
async def put_station_address(request: web.Request, account_id: int) -> web.Response:
    body = await request_body(request)
    serial = request.match_info["serial"]
    with request.app[ENGINE].begin() as db:
        station = owned_station(db, account_id, serial)
        checked = check_address_fields(body)
        if not checked.ok:
            return error(422, "address_invalid", "street, postal_code, city and country make an address", "address")
        assert checked.value is not None  # ok: a value
        db.execute(
            store.charging_stations.update()
            .where(store.charging_stations.c.serial == serial)
            .values(address=dumps(checked.value.as_dict()))
        )
        station = owned_station(db, account_id, serial)
        return web.json_response(station_view(db, request.app[SETTINGS], station, station_organisation(db, serial)))


@account_session
async def put_public_charging(request: web.Request, account_id: int) -> web.Response:
    """Open a charge point to the public (or close it). PUT: the same body twice changes nothing."""
    body = await request_body(request)
    serial, position = request.match_info["serial"], int(request.match_info["position"])
    settings = request.app[SETTINGS]
    with request.app[ENGINE].begin() as db:
        station = owned_station(db, account_id, serial)
        if not 1 <= position <= station.connectors:
            return error(404, "connector_not_found", f"this station has {station.connectors} connector(s)")
        enabled = bool(body.get("enabled"))
        visibility = body.get("visibility", "public")
        if visibility not in VISIBILITIES:
            return error(422, "visibility_invalid", "visibility is public or hidden", "visibility")
        hours = body.get("opening_hours")
        if hours is not None and not _valid_hours(hours):
            return error(422, "opening_hours_invalid", "opening_hours is OCPI Hours", "opening_hours")
        organisation = station_organisation(db, serial)
        if enabled:
            if organisation is None:
                return error(403, "not_registered", "register as a charging host first")
            refusal = public_charging_refusal(organisation["services"], organisation["vat_number"])
            if refusal:
                return error(403, refusal, "this organisation may not open stations to the public")
            if not station.address:
                return error(409, "address_missing", "set the station's address first", "address")
        values = {
            "public_charging": enabled,
            "visibility": visibility,
            "opening_hours": dumps(hours) if enabled and hours and not hours.get("twentyfourseven") else None,
            "updated_at": utcnow(),
        }
        key = (store.connectors.c.serial == serial) & (store.connectors.c.position == position)
        if db.execute(sa.select(store.connectors.c.serial).where(key)).first():
            db.execute(store.connectors.update().where(key).values(**values))
        else:
            db.execute(store.connectors.insert().values(serial=serial, position=position, **values))
        return web.json_response(station_view(db, settings, station, organisation))


def _valid_hours(hours: object) -> bool:
    if not isinstance(hours, dict):
        return False
    if hours.get("twentyfourseven"):
        return True
    periods = hours.get("regular_hours")
    return isinstance(periods, list) and all(
        isinstance(p, dict)
        and p.get("weekday") in range(1, 8)
        and isinstance(p.get("period_begin"), str)
        and isinstance(p.get("period_end"), str)
        and p["period_begin"] < p["period_end"]
        for p in periods
    )


async def get_qr_image(request: web.Request) -> web.Response:
    """A connector's QR code. No token: the link is signed and expires, and it changes nothing."""
    settings = request.app[SETTINGS]
    serial, position, kind = (
        request.match_info["serial"],
        int(request.match_info["position"]),
        request.match_info["kind"],
    )
    try:
        expires = int(request.query.get("expires", "0"))
    except ValueError:
        expires = 0
    signature = request.query.get("signature", "")
    expected = qr_signature(settings, serial, position, expires)
    if expires < time.time() or not hmac.compare_digest(signature, expected):
        return error(403, "link_expired", "this QR link is invalid or expired: ask for a new one")
    with request.app[ENGINE].connect() as db:
        row = db.execute(
            sa.select(store.connectors).where(
                (store.connectors.c.serial == serial) & (store.connectors.c.position == position)
            )
        ).first()
        organisation = station_organisation(db, serial)
    if (
        not row
        or not row.public_charging
        or organisation is None
        or public_charging_refusal(organisation["services"], organisation["vat_number"])
    ):
        return error(404, "qr_not_available", "this charge point is not open for Scan & Charge")
    link = payment_link(settings.qr_link_template, serial, position)
    if kind == "svg":
        return web.Response(body=qr_svg(link), content_type="image/svg+xml")
    return web.Response(body=qr_png(link), content_type="image/png")


def add_routes(app: web.Application) -> None:
    app.router.add_put("/v1/charging-stations/{serial}/address", put_station_address)
    app.router.add_put("/v1/charging-stations/{serial}/connectors/{position:\\d+}/public-charging", put_public_charging)
    app.router.add_get("/v1/qr/{serial}/{position:\\d+}.{kind:(png|svg)}", get_qr_image)
