"""HTTP helpers the dashboard back end and the agent console share (both on aiohttp and SQLAlchemy)."""

from __future__ import annotations

import hmac
import json
import os
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Engine, make_url

from common.migrations import make_sqlite_folder, upgrade


def error(status: int, code: str, message: str, field: str | None = None, **extra: Any) -> web.Response:
    """The JSON error every endpoint answers: ``{"error": {"code", "message", "field"?, ...}}``."""
    body = {"error": {"code": code, "message": message, **({"field": field} if field else {}), **extra}}
    return web.json_response(body, status=status)


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def has_token(request: web.Request, expected: str) -> bool:
    """Whether the request carries ``expected`` as its bearer token (compared in constant time)."""
    token = bearer_token(request)
    return bool(token) and hmac.compare_digest(str(token), expected)


def bad_request(code: str, message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(
        text=json.dumps({"error": {"code": code, "message": message}}), content_type="application/json"
    )


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    """JSON as the standard has it: Python's parser also takes NaN and Infinity."""
    return json.loads(text, parse_constant=_no_constants)


async def json_object(request: web.Request) -> dict[str, Any]:
    """The request's body, which must be a JSON object (400 otherwise)."""
    try:
        body = await request.json(loads=strict_json)
    except (ValueError, UnicodeDecodeError) as failure:
        raise bad_request("invalid_json", "body is not JSON") from failure
    if not isinstance(body, dict):
        raise bad_request("invalid_json", "body must be a JSON object")
    return body


def sql_engine(url: str, service: str) -> Engine:
    """An engine on ``url``, a SQLite file (its folder made) or a server database
    whose lost connections are replaced, with ``service``'s migrations applied
    ("dashboard" or "console") unless ``MIGRATE_ON_START=false``: production
    runs ``python -m common.migrations upgrade`` before a new version starts."""
    make_sqlite_folder(url)
    if os.environ.get("MIGRATE_ON_START", "true").strip().lower() != "false":
        upgrade(url, service)
    if make_url(url).get_backend_name() == "sqlite":
        return sa.create_engine(url, future=True, connect_args={"check_same_thread": False})
    return sa.create_engine(url, future=True, pool_pre_ping=True)  # survives a database restart
