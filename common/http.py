"""HTTP helpers the dashboard back end and the agent console share (both on aiohttp and SQLAlchemy)."""

from __future__ import annotations

import hmac
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Engine


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


def sql_engine(url: str, metadata: sa.MetaData) -> Engine:
    """An engine on ``url`` with ``metadata``'s tables created: a SQLite file (its
    folder made) or a server database, whose lost connections are replaced."""
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, future=True, connect_args={"check_same_thread": False})
    else:
        engine = sa.create_engine(url, future=True, pool_pre_ping=True)  # survives a database restart
    metadata.create_all(engine)
    return engine
