"""What every handler of the back end shares: app keys, errors, authentication, idempotency."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
import yaml
from aiohttp import web
from jsonschema import Draft4Validator, RefResolver
from sqlalchemy.engine import Connection

from charging_host.catalogue import SOURCE_LANGUAGE, accepted_language
from common.http import bearer_token, error, has_token, json_object
from dashboard import store
from dashboard.mailer import Mailer
from dashboard.settings import Settings
from dashboard.store import as_utc, loads, utcnow

logger = logging.getLogger(__name__)


class Refusal(Exception):
    """A request the back end refuses, with nothing changed; ``status`` is the HTTP status."""

    def __init__(self, code: str, field: str | None, message: str, status: int = 422, **extra: Any):
        super().__init__(message)
        self.code, self.field, self.message, self.status, self.extra = code, field, message, status, extra


SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", sa.engine.Engine)
MAILER = web.AppKey("mailer", Mailer)


def hash_secret(settings: Settings, value: str) -> str:
    return hmac.new(settings.secret.encode(), value.encode(), hashlib.sha256).hexdigest()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def client_only(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if not has_token(request, request.app[SETTINGS].api_token):
            return error(401, "unauthorised", "a client token is required")
        return await handler(request)

    return wrapped


def admin_only(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if not has_token(request, request.app[SETTINGS].admin_token):
            return error(401, "unauthorised", "the admin token is required")
        return await handler(request)

    return wrapped


def account_session(handler: Callable[[web.Request, int], Awaitable[web.StreamResponse]]) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        token = bearer_token(request)
        if not token:
            return error(401, "unauthorised", "an account session token is required")
        settings, engine = request.app[SETTINGS], request.app[ENGINE]
        with engine.connect() as db:
            row = db.execute(
                sa.select(store.sessions).where(store.sessions.c.token_hash == hash_secret(settings, token))
            ).first()
        if not row or as_utc(row.expires_at) < utcnow():
            return error(401, "session_expired", "the session has expired: verify a new login code")
        return await handler(request, row.account_id)

    return wrapped


def require_member(db: Connection, account_id: int, organisation_id: str, field: str = "organisation_id") -> None:
    """An organisation the login is not a member of is refused as if it did not exist (404)."""
    member = db.execute(
        sa.select(store.organisation_members.c.account_id)
        .where(store.organisation_members.c.organisation_id == organisation_id)
        .where(store.organisation_members.c.account_id == account_id)
    ).first()
    if not organisation_id or not member:
        raise Refusal("organisation_not_found", field, "no such organisation for this login", 404)


# --- request bodies, checked against the contract ----------------------------------

OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")


def _as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: ``nullable: true`` admits null."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@functools.lru_cache(maxsize=1)
def _contract() -> dict[str, Any]:
    return cast("dict[str, Any]", _as_json_schema(yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))))


@functools.lru_cache(maxsize=64)  # one per route: built once, not on every request
def _body_validator(path: str, method: str) -> Draft4Validator | None:
    contract = _contract()
    operation = contract["paths"].get(path, {}).get(method.lower(), {})
    schema = (((operation.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get("schema")
    if schema is None:
        return None
    return Draft4Validator(schema, resolver=RefResolver.from_schema(contract))


async def request_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, of the types the contract (openapi.yaml) gives: a wrong
    type anywhere is a 400 that names the field, before any handler reads the body."""
    body = await json_object(request)
    resource = request.match_info.route.resource
    validator = _body_validator(resource.canonical, request.method) if resource else None
    problems = sorted(validator.iter_errors(body), key=lambda e: list(e.path)) if validator else []
    problem = problems[0] if problems else None
    if problem is not None:
        field = ".".join(str(part) for part in problem.absolute_path) or None
        raise Refusal(
            "invalid_body", field, f"{field or 'the body'} does not fit the contract ({problem.validator})", 400
        )
    return body


# --- idempotent writes -----------------------------------------------------------

CLIENT_SCOPE = 0  # keys sent with the client token, before any account is known
AfterCommit = Callable[[], None]


async def idempotent(
    request: web.Request,
    scope: int,
    status: int,
    work: Callable[[Connection, dict[str, Any]], tuple[dict[str, Any], AfterCommit]],
) -> web.Response:
    """Run ``work(db, body)`` once per Idempotency-Key, in one transaction.

    The same key with the same body gets the first answer again (and nothing
    is done twice: no second registration, no second e-mail); the same key
    with another body is refused. ``work`` returns its result and what to do
    once it is committed (sending mail). A ``Refusal`` rolls the transaction
    back and is not remembered: nothing happened, so the same request may be
    sent again.
    """
    engine = request.app[ENGINE]
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 100:
        return error(400, "idempotency_key_required", "send an Idempotency-Key header (at most 100 characters)")
    body = await request_body(request)
    request_hash = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    stored_key = f"{scope}:{key}"

    def replay() -> web.Response | None:
        with engine.connect() as db:
            seen = db.execute(
                sa.select(store.idempotency_keys).where(store.idempotency_keys.c.key == stored_key)
            ).first()
        if not seen:
            return None
        if seen.request_hash != request_hash:
            return error(409, "idempotency_key_reused", "this Idempotency-Key was used for another request")
        return web.json_response(loads(seen.response), status=seen.status, headers={"Idempotent-Replayed": "true"})

    earlier = replay()
    if earlier is not None:
        return earlier
    try:
        with engine.begin() as db:
            result, after_commit = work(db, body)
            db.execute(
                store.idempotency_keys.insert().values(
                    key=stored_key,
                    account_id=scope,
                    request_hash=request_hash,
                    status=status,
                    response=json.dumps(result),
                    created_at=utcnow(),
                )
            )
    except sa.exc.IntegrityError as clash:
        # A concurrent request with the same key won the race: answer as it did.
        earlier = replay()
        if earlier is not None:
            return earlier
        # Another request stored the same unique data (a VAT number, a mandate
        # reference) at the same moment: nothing of this one was kept.
        raise Refusal(
            "conflict", None, "the same data was stored by another request: read it, then decide", 409
        ) from clash
    after_commit()
    return web.json_response(result, status=status)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refusal as refused:
        # Raised inside `engine.begin()`: the transaction was rolled back, nothing changed.
        return error(refused.status, refused.code, refused.message, refused.field, **refused.extra)
    except web.HTTPException as http_error:
        if http_error.content_type == "application/json":
            raise
        return error(http_error.status, "http_error", http_error.reason)
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error(500, "internal_error", "the back end failed; nothing was changed")


def request_language(request: web.Request) -> str:
    """The first supported language of the request's ``Accept-Language`` (the host's
    conversation, as the assistant sends it), else English: the e-mails it causes are in it."""
    return accepted_language(request.headers.get("Accept-Language", "")) or SOURCE_LANGUAGE
