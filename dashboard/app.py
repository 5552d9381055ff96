"""The dashboard back end: implements dashboard/openapi.yaml on aiohttp.

Three kinds of caller, each with its own bearer token:
- a trusted client (the assistant) asks for and verifies one-time login codes;
- an account session (from a verified code) reads its account and registers;
- support staff (admin token) list what was registered.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection

from charging_host.contact import check_name, find_email
from charging_host.services import in_service_order
from common.http import error, json_object
from dashboard import charging, pricing_policies, store
from dashboard.charging import station_organisation, station_view
from dashboard.http import (
    CLIENT_SCOPE,
    ENGINE,
    MAILER,
    SETTINGS,
    AfterCommit,
    account_session,
    admin_only,
    client_only,
    hash_secret,
    idempotent,
    json_errors,
)
from dashboard.mailer import Mailer
from dashboard.registrations import (
    Refusal,
    check_mandate,
    check_new_organisation,
    check_services,
    new_organisation_id,
    organisation_view,
    parse_time,
    reference_for,
)
from dashboard.settings import Settings
from dashboard.store import as_utc, dumps, iso, utcnow

logger = logging.getLogger(__name__)
OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")

# --- health and contract -------------------------------------------------


async def health(request: web.Request) -> web.Response:
    with request.app[ENGINE].connect() as db:
        db.execute(sa.text("SELECT 1"))
    return web.json_response({"status": "ok"})


async def openapi(request: web.Request) -> web.Response:
    return web.Response(text=OPENAPI_PATH.read_text(), content_type="application/yaml")


# --- one-time login codes -------------------------------------------------


@client_only
async def request_login_code(request: web.Request) -> web.Response:
    settings, mailer = request.app[SETTINGS], request.app[MAILER]

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        email = find_email(str(body.get("email", "")))
        if not email.ok:
            raise Refusal("email_invalid", "email", "not an e-mail address")
        now = utcnow()
        account = db.execute(sa.select(store.accounts).where(store.accounts.c.email == email.value)).first()
        if not account:
            raise Refusal("account_not_found", "email", "no Smappee account with this e-mail address", 404)
        recent = db.execute(
            sa.select(sa.func.count())
            .select_from(store.login_codes)
            .where(store.login_codes.c.account_id == account.id)
            .where(store.login_codes.c.created_at > now - timedelta(hours=1))
        ).scalar_one()
        if recent >= settings.login_codes_per_hour:
            raise Refusal("too_many_codes", None, "too many codes asked for this account; try again later", 429)
        # A new code replaces any earlier one.
        db.execute(
            store.login_codes.update()
            .where(store.login_codes.c.account_id == account.id)
            .where(store.login_codes.c.used.is_(False))
            .values(used=True)
        )
        code = f"{secrets.randbelow(1_000_000):06d}"
        expires_at = now + timedelta(seconds=settings.login_code_ttl_seconds)
        db.execute(
            store.login_codes.insert().values(
                account_id=account.id,
                code_hash=hash_secret(settings, code),
                created_at=now,
                expires_at=expires_at,
                attempts=0,
                used=False,
            )
        )
        minutes = settings.login_code_ttl_seconds // 60

        def send() -> None:
            assert email.value is not None  # ok: a value
            mailer.send(email.value, "login-code", name=account.name, code=code, minutes=minutes)

        result = {"email": email.value, "expires_at": iso(expires_at), "max_attempts": settings.login_code_max_attempts}
        return result, send

    return await idempotent(request, CLIENT_SCOPE, 202, work)


@client_only
async def verify_login_code(request: web.Request) -> web.Response:
    settings, engine = request.app[SETTINGS], request.app[ENGINE]
    body = await json_object(request)
    email = find_email(str(body.get("email", "")))
    code = str(body.get("code", "")).strip()
    if not email.ok:
        return error(422, "email_invalid", "not an e-mail address", "email")
    now = utcnow()
    with engine.begin() as db:
        account = db.execute(sa.select(store.accounts).where(store.accounts.c.email == email.value)).first()
        pending = None
        if account:
            pending = db.execute(
                sa.select(store.login_codes)
                .where(store.login_codes.c.account_id == account.id)
                .where(store.login_codes.c.used.is_(False))
                .order_by(store.login_codes.c.id.desc())
            ).first()
        if not pending:
            return error(404, "no_pending_code", "no code is waiting for this address: ask for a new one")
        if as_utc(pending.expires_at) < now:
            db.execute(store.login_codes.update().where(store.login_codes.c.id == pending.id).values(used=True))
            return error(410, "code_expired", "the code has expired: ask for a new one")
        if not hmac.compare_digest(pending.code_hash, hash_secret(settings, code)):
            attempts = pending.attempts + 1
            exhausted = attempts >= settings.login_code_max_attempts
            db.execute(
                store.login_codes.update()
                .where(store.login_codes.c.id == pending.id)
                .values(attempts=attempts, used=exhausted)
            )
            if exhausted:
                return error(429, "too_many_attempts", "too many wrong codes: ask for a new one")
            return error(
                422,
                "code_invalid",
                "the code is not right",
                "code",
                attempts_left=settings.login_code_max_attempts - attempts,
            )
        db.execute(store.login_codes.update().where(store.login_codes.c.id == pending.id).values(used=True))
        token = secrets.token_urlsafe(32)
        expires_at = now + timedelta(seconds=settings.session_ttl_seconds)
        db.execute(
            store.sessions.insert().values(
                token_hash=hash_secret(settings, token), account_id=account.id, expires_at=expires_at
            )
        )
    return web.json_response(
        {
            "access_token": token,
            "expires_at": iso(expires_at),
            "account": {"email": account.email, "name": account.name},
        }
    )


# --- the account ----------------------------------------------------------


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
        "organisations": list(organisations.values()),
    }


@account_session
async def get_me(request: web.Request, account_id: int) -> web.Response:
    with request.app[ENGINE].connect() as db:
        return web.json_response(_account_view(db, request.app[SETTINGS], account_id))


# --- registrations -----------------------------------------------------------


@account_session
async def create_registration(request: web.Request, account_id: int) -> web.Response:
    settings, mailer = request.app[SETTINGS], request.app[MAILER]

    def work(db: Connection, body: dict[str, Any]) -> tuple[dict[str, Any], AfterCommit]:
        result, invitation = _register(db, settings, account_id, body)

        def send() -> None:
            if invitation:
                _send_invitation(mailer, settings, *invitation)
            _send_confirmation(mailer, result)
            logger.info(
                "registration %s for organisation %s", result["registration"]["reference"], result["organisation"]["id"]
            )

        return result, send

    return await idempotent(request, account_id, 201, work)


def _register(
    db: Connection, settings: Settings, account_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], tuple[str, str, str] | None]:
    now = utcnow()
    org_data = body.get("organisation") or {}
    existing_id = org_data.get("id")
    if existing_id:
        member = db.execute(
            sa.select(store.organisation_members)
            .where(store.organisation_members.c.organisation_id == existing_id)
            .where(store.organisation_members.c.account_id == account_id)
        ).first()
        if not member:
            raise Refusal("organisation_not_found", "organisation.id", "no such organisation for this account", 404)
        current = organisation_view(db, existing_id, full_iban=True)
        has_vat = bool(current["vat_number"])
        columns: dict[str, Any] = {}
        needs_terms, needs_mandate = not current["terms_accepted_at"], not current["mandate"]
        admin_account_id = None
    else:
        columns = check_new_organisation(org_data)
        has_vat = bool(columns["vat_number"])
        needs_terms = needs_mandate = True
        current = None

    services = check_services(body.get("services"), has_vat)

    terms = body.get("terms") or {}
    if needs_terms or terms:
        if str(terms.get("version")) != settings.terms_version:
            raise Refusal(
                "terms_not_accepted",
                "terms.version",
                f"the current Terms & Conditions ({settings.terms_version}) must be accepted",
            )
        columns["terms_accepted_at"] = parse_time(terms.get("accepted_at"), "terms.accepted_at")
        columns["terms_version"] = settings.terms_version

    if needs_mandate or body.get("mandate"):

        def reference_taken(reference: str) -> bool:
            used = sa.select(store.organisations.c.id).where(store.organisations.c.mandate_reference == reference)
            return db.execute(used).first() is not None

        mandate = check_mandate(body.get("mandate") or {}, reference_taken)
        columns["mandate"] = dumps(mandate)
        columns["mandate_reference"] = mandate["reference"]

    serials = body.get("charging_stations")
    if not isinstance(serials, list) or not serials:
        raise Refusal("missing_field", "charging_stations", "choose at least one charging station")
    owned = dict(
        db.execute(
            sa.select(store.charging_stations.c.serial, store.charging_stations.c.account_id).where(
                store.charging_stations.c.serial.in_([str(s) for s in serials])
            )
        ).all()
    )
    for serial in serials:
        if owned.get(str(serial)) != account_id:
            raise Refusal("station_not_found", "charging_stations", f"station {serial} is not on this account", 404)
    linked = dict(
        db.execute(
            sa.select(store.organisation_stations.c.serial, store.organisation_stations.c.organisation_id).where(
                store.organisation_stations.c.serial.in_([str(s) for s in serials])
            )
        ).all()
    )
    for serial, organisation_id in linked.items():
        if organisation_id != existing_id:
            raise Refusal(
                "station_taken", "charging_stations", f"station {serial} already belongs to an organisation", 409
            )

    invitation = None
    if not existing_id:
        admin_account_id, invitation = _resolve_admin(
            db, account_id, body.get("admin") or {}, columns["legal_name"], now
        )
        organisation_id = new_organisation_id()
        db.execute(
            store.organisations.insert().values(
                id=organisation_id,
                admin_account_id=admin_account_id,
                services=dumps(services),
                created_at=now,
                **columns,
            )
        )
        for member_id, role in {account_id: "member", admin_account_id: "admin"}.items():
            db.execute(
                store.organisation_members.insert().values(
                    organisation_id=organisation_id, account_id=member_id, role=role
                )
            )
    else:
        organisation_id = existing_id
        assert current is not None  # read above for an existing organisation
        merged = in_service_order([*current["services"], *services])
        db.execute(
            store.organisations.update()
            .where(store.organisations.c.id == organisation_id)
            .values(services=dumps(merged), **columns)
        )
    for serial in serials:
        if str(serial) not in linked:
            db.execute(store.organisation_stations.insert().values(organisation_id=organisation_id, serial=str(serial)))

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


def _resolve_admin(
    db: Connection, account_id: int, admin: dict[str, Any], organisation_name: str, now: datetime
) -> tuple[int, tuple[str, str, str] | None]:
    """The administrator: the caller's own login, another existing login, or a new one (invited)."""
    if not admin.get("email"):
        return account_id, None
    email = find_email(str(admin["email"]))
    if not email.ok:
        raise Refusal("email_invalid", "admin.email", "admin.email is not an e-mail address")
    assert email.value is not None  # ok: a value
    row = db.execute(sa.select(store.accounts).where(store.accounts.c.email == email.value)).first()
    if row:
        return row.id, None
    name = check_name(str(admin.get("name", "")))
    if not name.ok:
        raise Refusal("name_invalid", "admin.name", "a new administrator needs a name")
    assert name.value is not None  # ok: a value
    new_id = db.execute(
        store.accounts.insert().values(email=email.value, name=name.value, invited=True, created_at=now)
    ).inserted_primary_key[0]
    return new_id, (email.value, name.value, organisation_name)


def _send_invitation(mailer: Mailer, settings: Settings, email: str, name: str, organisation_name: str) -> None:
    mailer.send(
        email, "invitation", name=name, organisation_name=organisation_name, invitation_url=settings.invitation_url
    )


def _send_confirmation(mailer: Mailer, result: dict[str, Any]) -> None:
    organisation, reference = result["organisation"], result["registration"]["reference"]
    for address in sorted({organisation["admin_email"], organisation["invoice_email"]} - {None}):
        mailer.send(
            address,
            "registration-confirmation",
            reference=reference,
            legal_name=organisation["legal_name"],
            services=", ".join(organisation["services"]),
            charging_stations=", ".join(organisation["charging_stations"]),
            iban=(organisation.get("mandate") or {}).get("iban", "-"),
        )


# --- support staff ---------------------------------------------------------


@admin_only
async def list_organisations(request: web.Request) -> web.Response:
    with request.app[ENGINE].connect() as db:
        ids = db.execute(sa.select(store.organisations.c.id).order_by(store.organisations.c.created_at)).scalars().all()
        return web.json_response({"organisations": [organisation_view(db, i, full_iban=True) for i in ids]})


@admin_only
async def get_organisation(request: web.Request) -> web.Response:
    organisation_id = request.match_info["organisation_id"]
    with request.app[ENGINE].connect() as db:
        exists = db.execute(
            sa.select(store.organisations.c.id).where(store.organisations.c.id == organisation_id)
        ).first()
        if not exists:
            return error(404, "organisation_not_found", "no such organisation")
        return web.json_response(organisation_view(db, organisation_id, full_iban=True))


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings.from_env()
    app = web.Application(middlewares=[json_errors], client_max_size=256 * 1024)
    app[SETTINGS] = settings
    app[ENGINE] = store.create_engine(settings.database_url)
    app[MAILER] = Mailer(settings)
    fixtures = Path(settings.fixtures)
    if fixtures.exists():
        store.load_fixtures(app[ENGINE], json.loads(fixtures.read_text()))
    else:
        logger.warning("fixture file %s not found: no accounts loaded", fixtures)
    app.router.add_get("/v1/health", health)
    app.router.add_get("/v1/openapi.yaml", openapi)
    app.router.add_post("/v1/login-codes", request_login_code)
    app.router.add_post("/v1/login-codes/verify", verify_login_code)
    app.router.add_get("/v1/me", get_me)
    app.router.add_post("/v1/registrations", create_registration)
    app.router.add_get("/v1/organisations", list_organisations)
    app.router.add_get("/v1/organisations/{organisation_id}", get_organisation)
    charging.add_routes(app)
    pricing_policies.add_routes(app)
    return app
