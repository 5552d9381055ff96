"""The account a session belongs to: its name, its charging stations and its organisations (``GET /v1/me``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection

from dashboard import store
from dashboard.charging import station_organisation, station_view
from dashboard.http import ENGINE, SETTINGS, account_session
from dashboard.organisations import organisation_view
from dashboard.settings import Settings


def _account_view(db: Connection, settings: Settings, account_id: int) -> dict[str, Any]:
    account = db.execute(sa.select(store.accounts).where(store.accounts.c.id == account_id)).one()
    stations = db.execute(
        sa.select(store.charging_stations)
        .where(store.charging_stations.c.account_id == account_id)
        .order_by(store.charging_stations.c.serial)
    ).all()
    organisation_ids = (
        db.execute(
            sa.select(store.organisation_members.c.organisation_id)
            .where(store.organisation_members.c.account_id == account_id)
            .order_by(store.organisation_members.c.organisation_id)
        )
        .scalars()
        .all()
    )
    # Each organisation is read once, for the list and for its stations alike.
    organisations = {oid: organisation_view(db, oid, full_iban=False) for oid in organisation_ids}
    linked = dict(
        db.execute(
            sa.select(store.organisation_stations.c.serial, store.organisation_stations.c.organisation_id).where(
                store.organisation_stations.c.serial.in_([s.serial for s in stations])
            )
        ).all()
    )

    def organisation_of(serial: str) -> dict[str, Any] | None:
        organisation_id = linked.get(serial)
        if organisation_id is None:
            return None
        return organisations.get(organisation_id) or station_organisation(db, serial)

    return {
        "email": account.email,
        "name": account.name,
        "charging_stations": [station_view(db, settings, s, organisation_of(s.serial)) for s in stations],
        "charging_cards": [
            {"uid": c.uid, "label": c.label}
            for c in db.execute(
                sa.select(store.charging_cards)
                .where(store.charging_cards.c.account_id == account_id)
                .order_by(store.charging_cards.c.uid)
            )
        ],
        "organisations": list(organisations.values()),
    }


@account_session
async def get_me(request: web.Request, account_id: int) -> web.Response:
    with request.app[ENGINE].connect() as db:
        return web.json_response(_account_view(db, request.app[SETTINGS], account_id))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/me", get_me)
