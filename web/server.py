"""The support site's server: the demo support page with the chat widget, and
the agent console (pages and the small API behind its login).

    /                       support page; the widget talks to Rasa over socket.io
    /console                agent console (login page until logged in)
    /console/api/...        the console's API: cookie session, JSON only
    /internal/handoffs      the action server queues a conversation (bearer token)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import json
import logging
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import yaml
from aiohttp import web

from channels.transcript import history_of
from charging_host.catalogue import SOURCE_LANGUAGE, accepted_language, supported, translate
from common.domain_texts import response_text
from common.http import error, has_token, json_object
from web import handoffs
from web.agents import Agent, load_agents, password_matches
from web.rasa_api import RasaApi, RasaUnavailable
from web.settings import PROJECT_ROOT, WebSettings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
WIDGET_TEXTS = Path(__file__).with_name("widget_texts.yml")
SOCKET_IO_CLIENT = PROJECT_ROOT / "web" / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
COOKIE = "console_session"
# Set on a browser after a successful login (a "device cookie"): failed logins
# from that browser are counted apart from everyone else's, so someone guessing
# an agent's password locks out only untrusted browsers, never the agent's own.
DEVICE_COOKIE = "console_device"
DEVICE_COOKIE_TTL = 365 * 24 * 3600
MAX_AGENT_MESSAGE = 2000
# Failed logins allowed per user name in LOGIN_WINDOW seconds.
LOGIN_FAILURES_ALLOWED = 5
LOGIN_WINDOW = 900

# The console's own words to the user, delivered on the user's channel: with
# every other sentence in the domain (domain/handoff.yml), {agent} filled in.
JOINED, ENDED = "utter_agent_joined", "utter_agent_handed_back"

SETTINGS = web.AppKey("settings", WebSettings)
ENGINE = web.AppKey("engine", object)
RASA = web.AppKey("rasa", RasaApi)
HTTP = web.AppKey("http", aiohttp.ClientSession)
FAILED_LOGINS = web.AppKey("failed_logins", dict)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# --- the console's login cookie: signed, so it needs no server-side store ---


def _sign(settings: WebSettings, payload: str) -> str:
    return hmac.new(settings.secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def session_cookie(settings: WebSettings, username: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + settings.session_ttl_seconds)
    return _signed(settings, {"u": username, "exp": expires})


def _signed(settings: WebSettings, claims: dict[str, Any]) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode()
    return f"{payload}.{_sign(settings, payload)}"


def _claims(settings: WebSettings, cookie: str) -> dict[str, Any] | None:
    """The claims of a cookie this server signed, or None."""
    payload, _, signature = cookie.partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(settings, payload)):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None


def device_of(request: web.Request, username: str) -> str | None:
    """The id of this browser, if an agent logged in as ``username`` from it before."""
    claims = _claims(request.app[SETTINGS], request.cookies.get(DEVICE_COOKIE, ""))
    if not claims or claims.get("u") != username:
        return None
    return str(claims.get("d") or "") or None


def agent_of(request: web.Request) -> Agent | None:
    settings = request.app[SETTINGS]
    claims = _claims(settings, request.cookies.get(COOKIE, ""))
    if claims is None or claims.get("exp", 0) < time.time():
        return None
    # Read the file each time: removing an agent takes effect at once.
    return load_agents(settings.agents_file).get(str(claims.get("u") or ""))


def agent_only(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        agent = agent_of(request)
        if agent is None:
            return error(401, "login_required", "log in to the console first")
        request["agent"] = agent
        return await handler(request)

    return wrapped


# --- middlewares: same-origin writes, security headers ---


@web.middleware
async def same_origin_writes(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The console's cookie is SameSite=Strict; on top, a write must be JSON and,
    when the browser names its origin, come from this site (no CSRF)."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.path.startswith("/console/api/"):
        if request.content_type != "application/json":
            return error(415, "json_only", "send JSON")
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:
            return error(403, "cross_origin", "requests from other sites are refused")
    return await handler(request)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    settings = request.app[SETTINGS]
    rasa = settings.rasa_public_url
    websocket = rasa.replace("https://", "wss://").replace("http://", "ws://")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: {settings.dashboard_public_url}; connect-src 'self' {rasa} {websocket}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


# --- pages ---


def _page(name: str, **values: str) -> web.Response:
    text = (STATIC / name).read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
    return web.Response(text=text, content_type="text/html", headers={"Cache-Control": "no-store"})


def page_language(request: web.Request) -> str:
    """The support page's language: ``?lang=nl``, else the browser's first supported one, else English."""
    asked = supported(request.query.get("lang"))
    return asked or accepted_language(request.headers.get("Accept-Language", "")) or SOURCE_LANGUAGE


@functools.cache
def site_texts(language: str) -> dict[str, str]:
    """The support page's and the widget's words (``web/widget_texts.yml``) in ``language``."""
    english = yaml.safe_load(WIDGET_TEXTS.read_text(encoding="utf-8")) or {}
    return {str(key): translate("widget", str(key), str(text), language) for key, text in english.items()}


async def support_page(request: web.Request) -> web.Response:
    language = page_language(request)
    texts = site_texts(language)
    return _page(
        "support.html",
        rasa_url=request.app[SETTINGS].rasa_public_url,
        lang=language,
        widget_texts=json.dumps({k: v for k, v in texts.items() if not k.startswith("page_")}),
        **{k: v for k, v in texts.items() if k.startswith("page_")},
    )


async def console_page(request: web.Request) -> web.Response:
    return _page("console.html")


async def socket_io_client(request: web.Request) -> web.StreamResponse:
    if not SOCKET_IO_CLIENT.exists():
        return error(500, "not_installed", "socket.io-client is missing: run scripts/setup.sh (npm ci in web/)")
    return web.FileResponse(SOCKET_IO_CLIENT, headers={"Content-Type": "application/javascript"})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


# --- console API ---


async def login(request: web.Request) -> web.Response:
    body = await json_object(request)
    username, password = str(body.get("username") or ""), str(body.get("password") or "")
    agent = load_agents(request.app[SETTINGS].agents_file).get(username)
    # Failures are counted per agent and per browser the agent used before
    # (device cookie); all other browsers share one count per agent, and
    # unknown names one count: the table stays as small as the agents' browsers.
    device = device_of(request, username) if agent else None
    failures: deque[float] = request.app[FAILED_LOGINS][(username if agent else "", device or "")]
    now = time.time()
    while failures and failures[0] < now - LOGIN_WINDOW:
        failures.popleft()
    if len(failures) >= LOGIN_FAILURES_ALLOWED:
        return error(429, "too_many_attempts", "too many failed logins: wait 15 minutes")
    if agent is None or not password_matches(password, agent.password_hash):
        failures.append(now)
        return error(401, "wrong_login", "user name or password is wrong")
    failures.clear()
    settings = request.app[SETTINGS]
    response = web.json_response({"username": agent.username, "name": agent.name})
    response.set_cookie(
        DEVICE_COOKIE,
        _signed(settings, {"u": agent.username, "d": device or secrets.token_hex(8)}),
        httponly=True,
        samesite="Strict",
        secure=settings.secure_cookies,
        path="/console/api/login",
        max_age=DEVICE_COOKIE_TTL,
    )
    response.set_cookie(
        COOKIE,
        session_cookie(settings, agent.username),
        httponly=True,
        samesite="Strict",
        secure=settings.secure_cookies,
        path="/console",
        max_age=settings.session_ttl_seconds,
    )
    return response


async def logout(request: web.Request) -> web.Response:
    response = web.json_response({"status": "logged out"})
    response.del_cookie(COOKIE, path="/console")
    return response


@agent_only
async def me(request: web.Request) -> web.Response:
    agent: Agent = request["agent"]
    return web.json_response({"username": agent.username, "name": agent.name})


@agent_only
async def list_handoffs(request: web.Request) -> web.Response:
    return web.json_response({"handoffs": handoffs.open_handoffs(request.app[ENGINE])})


def _handoff(request: web.Request) -> dict[str, Any] | None:
    return handoffs.get_handoff(request.app[ENGINE], request.match_info["handoff_id"])


@agent_only
async def show_handoff(request: web.Request) -> web.Response:
    handoff = _handoff(request)
    if handoff is None:
        return error(404, "not_found", "no such hand-off")
    try:
        tracker = await request.app[RASA].tracker(handoff["conversation_id"])
    except RasaUnavailable as failure:
        logger.warning("tracker of a hand-off: %s", failure)
        return error(502, "assistant_unavailable", "the assistant's server does not answer; try again")
    return web.json_response(
        {
            **handoff,
            "paused": bool(tracker.get("paused")),
            "messages": history_of(tracker.get("events") or []),
        }
    )


@agent_only
async def take_handoff(request: web.Request) -> web.Response:
    agent: Agent = request["agent"]
    handoff = handoffs.take(request.app[ENGINE], request.match_info["handoff_id"], agent.username)
    if handoff is None:
        return error(409, "not_available", "another agent has this conversation, or it was handed back")
    rasa = request.app[RASA]
    try:
        await rasa.pause(handoff["conversation_id"])
        language = handoff["summary"].get("language")
        joined = response_text(JOINED, request.app[SETTINGS].domain_dir, language, agent=agent.name)
        await rasa.say(handoff["conversation_id"], agent.name, joined, handoff="joined", language=language)
    except RasaUnavailable as failure:
        logger.warning("take-over: %s", failure)
        return error(
            502, "assistant_unavailable", "taken, but the user was not told yet: the assistant's server does not answer"
        )
    return web.json_response(handoff)


def _mine(request: web.Request) -> dict[str, Any] | None:
    handoff = _handoff(request)
    if handoff and handoff["status"] == handoffs.TAKEN and handoff["agent"] == request["agent"].username:
        return handoff
    return None


@agent_only
async def send_message(request: web.Request) -> web.Response:
    handoff = _mine(request)
    if handoff is None:
        return error(409, "not_yours", "take the conversation over first")
    text = str((await json_object(request)).get("text") or "").strip()
    if not text or len(text) > MAX_AGENT_MESSAGE:
        return error(422, "invalid_text", f"write between 1 and {MAX_AGENT_MESSAGE} characters")
    try:
        language = handoff["summary"].get("language")
        await request.app[RASA].say(handoff["conversation_id"], request["agent"].name, text, language=language)
    except RasaUnavailable as failure:
        logger.warning("agent message: %s", failure)
        return error(502, "assistant_unavailable", "not delivered: the assistant's server does not answer; try again")
    return web.json_response({"status": "sent"}, status=201)


@agent_only
async def hand_back(request: web.Request) -> web.Response:
    await json_object(request)
    handoff = _mine(request)
    if handoff is None:
        return error(409, "not_yours", "only the agent who took the conversation can hand it back")
    agent: Agent = request["agent"]
    rasa = request.app[RASA]
    try:
        language = handoff["summary"].get("language")
        ended = response_text(ENDED, request.app[SETTINGS].domain_dir, language, agent=agent.name)
        await rasa.say(handoff["conversation_id"], agent.name, ended, handoff="ended", language=language)
        await rasa.hand_back(handoff["conversation_id"])
    except RasaUnavailable as failure:
        logger.warning("hand-back: %s", failure)
        return error(502, "assistant_unavailable", "not handed back: the assistant's server does not answer; try again")
    return web.json_response(handoffs.hand_back(request.app[ENGINE], handoff["id"], agent.username))


# --- the action server queues a conversation ---


async def queue_handoff(request: web.Request) -> web.Response:
    if not has_token(request, request.app[SETTINGS].handoff_token):
        return error(401, "unauthorised", "the hand-off token is required")
    body = await json_object(request)
    conversation_id = str(body.get("conversation_id") or "")
    if not conversation_id or not isinstance(body.get("summary"), dict):
        return error(422, "invalid_handoff", "conversation_id and summary are required")
    handoff = handoffs.open_handoff(
        request.app[ENGINE],
        conversation_id,
        str(body.get("channel") or "unknown"),
        str(body.get("reason") or "asked"),
        body["summary"],
    )
    return web.json_response(handoff, status=201)


def create_app(settings: WebSettings | None = None) -> web.Application:
    settings = settings or WebSettings.from_env()
    app = web.Application(middlewares=[same_origin_writes, security_headers], client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app[ENGINE] = handoffs.connect(settings.database_url)
    app[FAILED_LOGINS] = defaultdict(deque)
    for name in (JOINED, ENDED):  # fail at start, not at the first take-over
        response_text(name, settings.domain_dir, agent="")

    async def http_client(app: web.Application):
        app[HTTP] = aiohttp.ClientSession()
        app[RASA] = RasaApi(settings.rasa_url, settings.rasa_token, app[HTTP])
        yield
        await app[HTTP].close()

    app.cleanup_ctx.append(http_client)
    app.add_routes(
        [
            web.get("/", support_page),
            web.get("/health", health),
            web.get("/vendor/socket.io.min.js", socket_io_client),
            web.static("/static", STATIC),
            web.get("/console", console_page),
            web.post("/console/api/login", login),
            web.post("/console/api/logout", logout),
            web.get("/console/api/me", me),
            web.get("/console/api/handoffs", list_handoffs),
            web.get("/console/api/handoffs/{handoff_id}", show_handoff),
            web.post("/console/api/handoffs/{handoff_id}/take", take_handoff),
            web.post("/console/api/handoffs/{handoff_id}/messages", send_message),
            web.post("/console/api/handoffs/{handoff_id}/hand-back", hand_back),
            web.post("/internal/handoffs", queue_handoff),
        ]
    )
    return app
