"""One-time login codes: mailed to a Smappee login, verified for a session token.

Only a trusted client (the assistant) may ask for and verify codes. Codes are
stored hashed, expire, allow a few tries, and a new one voids the last.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection

from charging_host.contact import find_email
from charging_host.text import clean_text
from common.http import error
from dashboard import store
from dashboard.http import (
    CLIENT_SCOPE,
    ENGINE,
    MAILER,
    SETTINGS,
    AfterCommit,
    Refusal,
    client_only,
    hash_secret,
    idempotent,
    request_body,
    request_language,
)
from dashboard.store import as_utc, iso, utcnow


@client_only
async def request_login_code(request: web.Request) -> web.Response:
    settings, mailer = request.app[SETTINGS], request.app[MAILER]
    language = request_language(request)

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
            mailer.send(email.value, "login-code", language, name=account.name, code=code, minutes=minutes)

        result = {"email": email.value, "expires_at": iso(expires_at), "max_attempts": settings.login_code_max_attempts}
        return result, send

    return await idempotent(request, CLIENT_SCOPE, 202, work)


@client_only
async def verify_login_code(request: web.Request) -> web.Response:
    settings, engine = request.app[SETTINGS], request.app[ENGINE]
    body = await request_body(request)
    email = find_email(str(body.get("email", "")))
    code = clean_text(str(body.get("code", "")))
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


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/login-codes", request_login_code)
    app.router.add_post("/v1/login-codes/verify", verify_login_code)
