"""Registering an organisation as a charging host (``POST /v1/registrations``), in one transaction.

Everything is checked again (``dashboard.organisations``), the stations must be
the caller's and free, and the e-mails go out once the transaction is committed.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection

from charging_host.contact import check_name, find_email
from charging_host.services import CPO, in_service_order
from dashboard import store
from dashboard.http import (
    ENGINE,
    MAILER,
    SETTINGS,
    AfterCommit,
    Refusal,
    account_session,
    hash_secret,
    idempotent,
    request_body,
    request_language,
    require_member,
)
from dashboard.mailer import Mailer, word
from dashboard.organisations import (
    check_mandate,
    check_new_organisation,
    check_services,
    new_organisation_id,
    organisation_view,
    parse_time,
)
from dashboard.settings import Settings
from dashboard.store import dumps, iso, utcnow

logger = logging.getLogger(__name__)


def reference_for(registration_id: int, created_at: datetime) -> str:
    return f"REG-{created_at:%Y}-{registration_id:06d}"


@account_session
async def create_registration(request: web.Request, account_id: int) -> web.Response:
    settings, mailer = request.app[SETTINGS], request.app[MAILER]
    language = request_language(request)

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        result, invitation = _register(db, settings, account_id, body)

        def send() -> None:
            if invitation:
                _send_invitation(mailer, settings, language, *invitation)
            _send_confirmation(mailer, language, result)
            logger.info(
                "registration %s for organisation %s", result["registration"]["reference"], result["organisation"]["id"]
            )

        return result, send

    return await idempotent(request, account_id, 201, work)


def _register(
    db: Connection, settings: Settings, account_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], tuple[str, str, str, str] | None]:
    """Store a registration; the invitation to mail when someone else was named administrator."""
    now = utcnow()
    current, columns = _organisation(db, account_id, body.get("organisation") or {})
    has_vat = bool((current or columns)["vat_number"])
    services = check_services(body.get("services"), has_vat)
    columns |= _agreements(db, settings, body, current)
    serials, linked = _stations(db, account_id, body.get("charging_stations"), current, CPO in services)
    invitation = None
    if current is None:
        invited = _invited_admin(db, account_id, body.get("admin") or {}, now)
        organisation_id = new_organisation_id()
        db.execute(
            store.organisations.insert().values(
                id=organisation_id,
                admin_account_id=account_id,  # until someone invited accepts
                services=dumps(services),
                created_at=now,
                **columns,
            )
        )
        db.execute(
            store.organisation_members.insert().values(
                organisation_id=organisation_id, account_id=account_id, role="admin"
            )
        )
        if invited:
            invitation = _invite(db, settings, organisation_id, columns["legal_name"], *invited, now)
    else:
        organisation_id = current["id"]
        merged = in_service_order([*current["services"], *services])
        db.execute(
            store.organisations.update()
            .where(store.organisations.c.id == organisation_id)
            .values(services=dumps(merged), **columns)
        )
    for serial in serials:
        if serial not in linked:
            db.execute(store.organisation_stations.insert().values(organisation_id=organisation_id, serial=serial))

    registration_id = db.execute(
        store.registrations.insert().values(organisation_id=organisation_id, account_id=account_id, created_at=now)
    ).inserted_primary_key[0]
    reference = reference_for(registration_id, now)
    db.execute(
        store.registrations.update().where(store.registrations.c.id == registration_id).values(reference=reference)
    )
    result = {
        "registration": {"id": registration_id, "reference": reference, "created_at": iso(now)},
        "organisation": organisation_view(db, organisation_id, full_iban=False),
    }
    return result, invitation


def _organisation(
    db: Connection, account_id: int, data: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """An existing organisation of the caller's (and no new columns), or a new one's checked columns."""
    existing_id = data.get("id")
    if not existing_id:
        columns = check_new_organisation(data)
        vat_number = columns["vat_number"]
        if (
            vat_number
            and db.execute(
                sa.select(store.organisations.c.id).where(store.organisations.c.vat_number == vat_number)
            ).first()
        ):
            raise Refusal(
                "vat_number_taken", "organisation.vat_number", "an organisation with this VAT number is registered", 409
            )
        return None, columns
    require_member(db, account_id, existing_id, field="organisation.id")
    return organisation_view(db, existing_id, full_iban=True), {}


def _agreements(
    db: Connection, settings: Settings, body: dict[str, Any], current: dict[str, Any] | None
) -> dict[str, Any]:
    """The terms and the mandate's columns: required unless the organisation has them already."""
    columns: dict[str, Any] = {}
    terms = body.get("terms") or {}
    if current is None or not current["terms_accepted_at"] or terms:
        if str(terms.get("version")) != settings.terms_version:
            raise Refusal(
                "terms_not_accepted",
                "terms.version",
                f"the current Terms & Conditions ({settings.terms_version}) must be accepted",
            )
        columns["terms_accepted_at"] = parse_time(terms.get("accepted_at"), "terms.accepted_at")
        columns["terms_version"] = settings.terms_version

    if current is None or not current["mandate"] or body.get("mandate"):

        def reference_taken(reference: str) -> bool:
            used = sa.select(store.organisations.c.id).where(store.organisations.c.mandate_reference == reference)
            return db.execute(used).first() is not None

        mandate = check_mandate(body.get("mandate") or {}, reference_taken)
        columns["mandate"] = dumps(mandate)
        columns["mandate_reference"] = mandate["reference"]
    return columns


def _stations(
    db: Connection, account_id: int, serials: Any, current: dict[str, Any] | None, cpo: bool
) -> tuple[list[str], dict[str, str]]:
    """The stations asked for, each on the caller's account and in no other organisation;
    and those already linked to this organisation. Only the CPO function is linked to
    stations: split billing and cards have no station step (the stations are the
    employees' own, and a fleet manager's login may hold none)."""
    if not cpo:
        if serials:
            raise Refusal(
                "stations_not_expected", "charging_stations", "charging stations are chosen only for the cpo service"
            )
        return [], {}
    if not isinstance(serials, list) or not serials:
        raise Refusal("missing_field", "charging_stations", "choose at least one charging station")
    wanted = [str(s) for s in serials]
    owned = dict(
        db.execute(
            sa.select(store.charging_stations.c.serial, store.charging_stations.c.account_id).where(
                store.charging_stations.c.serial.in_(wanted)
            )
        ).all()
    )
    for serial in wanted:
        if owned.get(serial) != account_id:
            raise Refusal("station_not_found", "charging_stations", f"station {serial} is not on this account", 404)
    linked = dict(
        db.execute(
            sa.select(store.organisation_stations.c.serial, store.organisation_stations.c.organisation_id).where(
                store.organisation_stations.c.serial.in_(wanted)
            )
        ).all()
    )
    for serial, organisation_id in linked.items():
        if current is None or organisation_id != current["id"]:
            raise Refusal(
                "station_taken", "charging_stations", f"station {serial} already belongs to an organisation", 409
            )
    return wanted, linked


def _invited_admin(db: Connection, account_id: int, admin: dict[str, Any], now: datetime) -> tuple[int, str] | None:
    """Another person named administrator: their login (made for them if they have
    none) and name; None when the caller administers the organisation themself."""
    if not admin.get("email"):
        return None
    email = find_email(str(admin["email"]))
    if not email.ok:
        raise Refusal("email_invalid", "admin.email", "admin.email is not an e-mail address")
    assert email.value is not None  # ok: a value
    row = db.execute(sa.select(store.accounts).where(store.accounts.c.email == email.value)).first()
    if row:
        return None if row.id == account_id else (row.id, row.name)
    name = check_name(str(admin.get("name", "")))
    if not name.ok:
        raise Refusal("name_invalid", "admin.name", "a new administrator needs a name")
    assert name.value is not None  # ok: a value
    new_id = db.execute(
        store.accounts.insert().values(email=email.value, name=name.value, invited=True, created_at=now)
    ).inserted_primary_key[0]
    return new_id, name.value


def _invite(
    db: Connection,
    settings: Settings,
    organisation_id: str,
    organisation_name: str,
    invitee: int,
    name: str,
    now: datetime,
) -> tuple[str, str, str, str]:
    """Store an invitation to administer the organisation; what to mail: address, name, organisation, token."""
    token = secrets.token_urlsafe(24)
    db.execute(
        store.admin_invitations.insert().values(
            token_hash=hash_secret(settings, token),
            organisation_id=organisation_id,
            account_id=invitee,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.invitation_ttl_seconds),
        )
    )
    email = db.execute(sa.select(store.accounts.c.email).where(store.accounts.c.id == invitee)).scalar_one()
    return email, name, organisation_name, token


@account_session
async def accept_admin_invitation(request: web.Request, account_id: int) -> web.Response:
    """The invited login accepts: it administers the organisation from now on."""
    body = await request_body(request)
    settings = request.app[SETTINGS]
    token_hash = hash_secret(settings, str(body.get("token") or ""))
    now = utcnow()
    with request.app[ENGINE].begin() as db:
        invitation = db.execute(
            sa.select(store.admin_invitations).where(store.admin_invitations.c.token_hash == token_hash)
        ).first()
        if invitation is None or invitation.accepted_at is not None or store.as_utc(invitation.expires_at) < now:
            raise Refusal("invitation_not_found", "token", "no open invitation with this token", 404)
        if invitation.account_id != account_id:
            raise Refusal("invitation_not_yours", "token", "this invitation is for another login", 403)
        organisation_id = invitation.organisation_id
        members = store.organisation_members
        db.execute(members.update().where(members.c.organisation_id == organisation_id).values(role="member"))
        db.execute(
            members.delete()
            .where(members.c.organisation_id == organisation_id)
            .where(members.c.account_id == account_id)
        )
        db.execute(members.insert().values(organisation_id=organisation_id, account_id=account_id, role="admin"))
        db.execute(
            store.organisations.update()
            .where(store.organisations.c.id == organisation_id)
            .values(admin_account_id=account_id)
        )
        db.execute(
            store.admin_invitations.update()
            .where(store.admin_invitations.c.token_hash == token_hash)
            .values(accepted_at=now)
        )
        return web.json_response(organisation_view(db, organisation_id, full_iban=False))


def _send_invitation(
    mailer: Mailer, settings: Settings, language: str, email: str, name: str, organisation_name: str, token: str
) -> None:
    link = f"{settings.invitation_url}?token={token}"
    mailer.send(email, "invitation", language, name=name, organisation_name=organisation_name, invitation_url=link)


def _send_confirmation(mailer: Mailer, language: str, result: dict[str, Any]) -> None:
    organisation, reference = result["organisation"], result["registration"]["reference"]
    for address in sorted({organisation["admin_email"], organisation["invoice_email"]} - {None}):
        mailer.send(
            address,
            "registration-confirmation",
            language,
            reference=reference,
            legal_name=organisation["legal_name"],
            services=", ".join(word(f"service_{s}", language) for s in organisation["services"]),
            charging_stations=", ".join(organisation["charging_stations"]) or "-",
            iban=(organisation.get("mandate") or {}).get("iban", "-"),
        )


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/registrations", create_registration)
    app.router.add_post("/v1/admin-invitations/accept", accept_admin_invitation)
