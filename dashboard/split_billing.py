"""Split billing agreements, both sides.

The employer (a member of an organisation registered for split billing) adds,
lists, changes and ends agreements; the employee (the login of the agreement's
e-mail address, made for them if they have none) reads theirs and confirms it
with the IBAN the reimbursements go to, the station and the card it applies to.
The rules are in ``charging_host.split_billing``.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection, Row

from charging_host import formats
from charging_host.contact import check_name, find_email
from charging_host.mandate import check_iban, mask_iban
from charging_host.services import SPLIT_BILLING
from charging_host.split_billing import (
    ENDED,
    PENDING,
    REGIONS,
    above_cap,
    agreement_status,
    parse_iso_date,
    rate_text,
    read_rate,
)
from dashboard import store
from dashboard.http import (
    ENGINE,
    MAILER,
    SETTINGS,
    AfterCommit,
    Refusal,
    account_session,
    idempotent,
    request_body,
    request_language,
    require_member,
)
from dashboard.store import iso, loads, utcnow

A = store.split_billing_agreements.c


def today() -> date:
    return utcnow().date()


def agreement_view(db: Connection, row: Row, full_iban: bool) -> dict[str, Any]:
    """An agreement as the API shows it; the IBAN masked unless ``full_iban``."""
    employee_email = db.execute(
        sa.select(store.accounts.c.email).where(store.accounts.c.id == row.employee_account_id)
    ).scalar_one()
    employer = db.execute(
        sa.select(store.organisations.c.legal_name).where(store.organisations.c.id == row.organisation_id)
    ).scalar_one()
    return {
        "id": row.id,
        "organisation_id": row.organisation_id,
        "employer": employer,
        "employee_email": employee_email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "rate_per_kwh": row.rate_per_kwh,
        "region": row.region,
        "start_date": row.start_date.isoformat(),
        "end_date": row.end_date.isoformat() if row.end_date else None,
        "status": agreement_status(row.confirmed_at is not None, row.ended_at is not None, row.end_date, today()),
        "iban": (row.iban if full_iban else mask_iban(row.iban)) if row.iban else None,
        "charging_station": row.charging_station,
        "card_uid": row.card_uid,
        "created_at": iso(row.created_at),
        "confirmed_at": iso(row.confirmed_at),
        "ended_at": iso(row.ended_at),
    }


def agreements_of(db: Connection, organisation_id: str, full_iban: bool) -> list[dict[str, Any]]:
    rows = db.execute(
        sa.select(store.split_billing_agreements)
        .where(A.organisation_id == organisation_id)
        .order_by(A.created_at, A.id)
    ).all()
    return [agreement_view(db, row, full_iban) for row in rows]


# --- checks ------------------------------------------------------------------------


def _employer_organisation(db: Connection, account_id: int, organisation_id: str) -> Row:
    """The caller's organisation, registered for split billing."""
    require_member(db, account_id, organisation_id)
    organisation = db.execute(sa.select(store.organisations).where(store.organisations.c.id == organisation_id)).one()
    if SPLIT_BILLING not in (loads(organisation.services) or []):
        raise Refusal(
            "split_billing_not_registered", "organisation_id", "the organisation has no split billing service", 409
        )
    return organisation


def _rate(body: dict[str, Any], start: date, region: str | None) -> str:
    checked = read_rate(body.get("rate_per_kwh"))
    if checked.problem == "missing":
        raise Refusal("missing_field", "rate_per_kwh", "rate_per_kwh is required")
    if not checked.ok or checked.rate is None:
        raise Refusal("rate_invalid", "rate_per_kwh", "rate_per_kwh is a price per kWh in euro, above 0 and at most 1")
    cap = above_cap(checked.rate, region, max(start, today()))
    if cap is not None:
        # Mandatory in Belgium since 2025 (Smappee applies the regulator's maximum).
        raise Refusal(
            "rate_above_cap",
            "rate_per_kwh",
            f"the rate is above the maximum of {cap.rate} EUR/kWh in {cap.region} ({cap.quarter})",
            cap=str(cap.rate),
            quarter=cap.quarter,
            region=cap.region,
            source=cap.source,
        )
    return rate_text(checked.rate)


def _date(body: dict[str, Any], key: str, required: bool) -> date | None:
    if body.get(key) is None:
        if required:
            raise Refusal("missing_field", key, f"{key} is required")
        return None
    parsed = parse_iso_date(body[key])
    if parsed is None:
        raise Refusal("invalid_date", key, f"{key} is a date (YYYY-MM-DD)")
    return parsed


def _end_date(body: dict[str, Any], start: date) -> date | None:
    end = _date(body, "end_date", required=False)
    if end is not None and (end < start or end < today()):
        raise Refusal("end_date_invalid", "end_date", "end_date may not lie before the start date or today")
    return end


def _region(body: dict[str, Any], organisation: Row) -> str | None:
    """Where the employee lives: a Belgian employer must say (the cap depends on it)."""
    region = body.get("region")
    if region is None and (loads(organisation.registered_address) or {}).get("country") == "BE":
        raise Refusal("missing_field", "region", "a Belgian employer gives the employee's region (for the cap)")
    if region is not None and region not in REGIONS:
        raise Refusal("region_invalid", "region", f"region is one of {list(REGIONS)}")
    return region


def _employee_account(db: Connection, body: dict[str, Any], first_name: str, last_name: str) -> tuple[int, str]:
    """The employee's login, made (as invited) when the address has none."""
    email = find_email(str(body.get("employee_email") or ""))
    if not email.ok or email.value != str(body.get("employee_email")).strip().lower():
        raise Refusal("email_invalid", "employee_email", "employee_email is not an e-mail address")
    assert email.value is not None  # ok: a value
    row = db.execute(sa.select(store.accounts.c.id).where(store.accounts.c.email == email.value)).first()
    if row:
        return row.id, email.value
    new_id = db.execute(
        store.accounts.insert().values(
            email=email.value, name=f"{first_name} {last_name}", invited=True, created_at=utcnow()
        )
    ).inserted_primary_key[0]
    return new_id, email.value


def _open_agreement(db: Connection, organisation_id: str, employee_account_id: int) -> Row | None:
    """The employee's agreement with this employer that has not ended, if any."""
    rows = db.execute(
        sa.select(store.split_billing_agreements)
        .where(A.organisation_id == organisation_id)
        .where(A.employee_account_id == employee_account_id)
        .where(A.ended_at.is_(None))
    ).all()
    return next((r for r in rows if r.end_date is None or r.end_date >= today()), None)


def _agreement_row(db: Connection, agreement_id: str, **where: Any) -> Row:
    query = sa.select(store.split_billing_agreements).where(A.id == agreement_id)
    for column, value in where.items():
        query = query.where(getattr(A, column) == value)
    row = db.execute(query).first()
    if row is None:
        raise Refusal("agreement_not_found", "agreement_id", "no such agreement", 404)
    return row


def _not_ended(row: Row) -> None:
    if agreement_status(row.confirmed_at is not None, row.ended_at is not None, row.end_date, today()) == ENDED:
        raise Refusal(
            "agreement_ended", "agreement_id", "an ended agreement can't be changed or restarted: make a new one", 409
        )


# --- the employer ----------------------------------------------------------------------


@account_session
async def create_agreement(request: web.Request, account_id: int) -> web.Response:
    organisation_id = request.match_info["organisation_id"]
    mailer, settings = request.app[MAILER], request.app[SETTINGS]
    language = request_language(request)  # the employer's: the employee's own is not known yet

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        organisation = _employer_organisation(db, account_id, organisation_id)
        names = {}
        for key in ("first_name", "last_name"):
            name = check_name(str(body.get(key) or ""))
            if not name.ok or name.value is None:
                raise Refusal("name_invalid", key, f"{key} is not a name")
            names[key] = name.value
        start = _date(body, "start_date", required=True)
        assert start is not None  # required
        if start < today():
            raise Refusal("start_date_invalid", "start_date", "start_date may not lie in the past")
        region = _region(body, organisation)
        rate = _rate(body, start, region)
        end = _end_date(body, start)
        employee_id, email = _employee_account(db, body, names["first_name"], names["last_name"])
        if _open_agreement(db, organisation_id, employee_id) is not None:
            raise Refusal(
                "agreement_exists", "employee_email", "this employee has an agreement that has not ended", 409
            )
        now = utcnow()
        agreement_id = "sba_" + secrets.token_hex(6)
        db.execute(
            store.split_billing_agreements.insert().values(
                id=agreement_id,
                organisation_id=organisation_id,
                employee_account_id=employee_id,
                first_name=names["first_name"],
                last_name=names["last_name"],
                rate_per_kwh=rate,
                region=region,
                start_date=start,
                end_date=end,
                created_at=now,
                updated_at=now,
            )
        )
        view = agreement_view(db, _agreement_row(db, agreement_id), full_iban=False)

        def send() -> None:
            mailer.send(
                email,
                "split-billing-invitation",
                language,
                first_name=names["first_name"],
                employer=organisation.legal_name,
                rate=formats.number(Decimal(rate), language),
                start_date=formats.long_date(start, language),
                assistant_url=settings.assistant_url,
            )

        return view, send

    return await idempotent(request, account_id, 201, work)


@account_session
async def list_agreements(request: web.Request, account_id: int) -> web.Response:
    organisation_id = request.match_info["organisation_id"]
    with request.app[ENGINE].connect() as db:
        _employer_organisation(db, account_id, organisation_id)
        return web.json_response({"agreements": agreements_of(db, organisation_id, full_iban=False)})


@account_session
async def change_agreement(request: web.Request, account_id: int) -> web.Response:
    """A new rate (from now on) and/or an end date set, moved or taken away (null)."""
    organisation_id, agreement_id = request.match_info["organisation_id"], request.match_info["agreement_id"]
    body = await request_body(request)
    with request.app[ENGINE].begin() as db:
        organisation = _employer_organisation(db, account_id, organisation_id)
        row = _agreement_row(db, agreement_id, organisation_id=organisation_id)
        _not_ended(row)
        changes: dict[str, Any] = {}
        if "region" in body:
            changes["region"] = _region(body, organisation)
        if "rate_per_kwh" in body:
            changes["rate_per_kwh"] = _rate(body, row.start_date, changes.get("region", row.region))
        if "end_date" in body:
            changes["end_date"] = _end_date(body, row.start_date)
        if not changes:
            raise Refusal("nothing_to_change", None, "send rate_per_kwh, end_date or region")
        db.execute(
            store.split_billing_agreements.update().where(A.id == agreement_id).values(updated_at=utcnow(), **changes)
        )
        return web.json_response(agreement_view(db, _agreement_row(db, agreement_id), full_iban=False))


@account_session
async def end_agreement(request: web.Request, account_id: int) -> web.Response:
    """Ended today, for good (the API has no way back: a new agreement is made instead)."""
    organisation_id, agreement_id = request.match_info["organisation_id"], request.match_info["agreement_id"]
    with request.app[ENGINE].begin() as db:
        _employer_organisation(db, account_id, organisation_id)
        row = _agreement_row(db, agreement_id, organisation_id=organisation_id)
        _not_ended(row)
        now = utcnow()
        end = min(row.end_date or now.date(), now.date())
        db.execute(
            store.split_billing_agreements.update()
            .where(A.id == agreement_id)
            .values(ended_at=now, end_date=max(end, row.start_date), updated_at=now)
        )
        return web.json_response(agreement_view(db, _agreement_row(db, agreement_id), full_iban=False))


# --- the employee ------------------------------------------------------------------------


@account_session
async def my_agreements(request: web.Request, account_id: int) -> web.Response:
    with request.app[ENGINE].connect() as db:
        rows = db.execute(
            sa.select(store.split_billing_agreements)
            .where(A.employee_account_id == account_id)
            .order_by(A.created_at, A.id)
        ).all()
        return web.json_response({"agreements": [agreement_view(db, row, full_iban=False) for row in rows]})


@account_session
async def confirm_agreement(request: web.Request, account_id: int) -> web.Response:
    agreement_id = request.match_info["agreement_id"]

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        row = _agreement_row(db, agreement_id, employee_account_id=account_id)
        _not_ended(row)
        if agreement_status(row.confirmed_at is not None, False, row.end_date, today()) != PENDING:
            raise Refusal("agreement_confirmed", "agreement_id", "this agreement is confirmed already", 409)
        iban = check_iban(str(body.get("iban") or ""))
        if iban.error == "not_sepa":
            raise Refusal("iban_not_sepa", "iban", "the IBAN's country is outside SEPA")
        if not iban.ok:
            raise Refusal("iban_invalid", "iban", f"IBAN: {iban.error}")
        holder = check_name(str(body.get("account_holder") or ""))
        if not holder.ok:
            raise Refusal("name_invalid", "account_holder", "account_holder is not a name")
        station = _own(db, store.charging_stations, "serial", body.get("charging_station"), account_id)
        card = _own(db, store.charging_cards, "uid", body.get("card_uid"), account_id)
        now = utcnow()
        db.execute(
            store.split_billing_agreements.update()
            .where(A.id == agreement_id)
            .values(
                iban=iban.iban,
                account_holder=holder.value,
                charging_station=station,
                card_uid=card,
                confirmed_at=now,
                updated_at=now,
            )
        )
        return agreement_view(db, _agreement_row(db, agreement_id), full_iban=False), lambda: None

    return await idempotent(request, account_id, 200, work)


def _own(db: Connection, table: sa.Table, key: str, value: Any, account_id: int) -> str | None:
    """A station or card of the employee's login: required when the login has any."""
    column = table.c[key]
    owned = set(db.execute(sa.select(column).where(table.c.account_id == account_id)).scalars())
    field = "charging_station" if key == "serial" else "card_uid"
    if value is None:
        if owned:
            raise Refusal("missing_field", field, f"{field} is required: choose one of this login's")
        return None
    if str(value) not in owned:
        raise Refusal("not_found", field, f"{field} is not on this login", 404)
    return str(value)


def add_routes(app: web.Application) -> None:
    base = "/v1/organisations/{organisation_id}/split-billing-agreements"
    app.router.add_post(base, create_agreement)
    app.router.add_get(base, list_agreements)
    app.router.add_patch(base + "/{agreement_id}", change_agreement)
    app.router.add_post(base + "/{agreement_id}/end", end_agreement)
    app.router.add_get("/v1/me/split-billing-agreements", my_agreements)
    app.router.add_post("/v1/me/split-billing-agreements/{agreement_id}/confirm", confirm_agreement)
