"""The dashboard back end: implements dashboard/openapi.yaml on aiohttp.

Three kinds of caller, each with its own bearer token:
- a trusted client (the assistant) asks for and verifies one-time login codes (``login``);
- an account session (from a verified code) reads its account (``accounts``),
  registers (``registrations``), opens stations (``charging``) and sets
  prices (``pricing_policies``);
- support staff (admin token) list what was registered (``organisations``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import sqlalchemy as sa
from aiohttp import web

from dashboard import accounts, charging, login, organisations, pricing_policies, registrations, split_billing, store
from dashboard.http import ENGINE, MAILER, SETTINGS, json_errors
from dashboard.mailer import Mailer
from dashboard.settings import Settings

logger = logging.getLogger(__name__)
OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")

# --- health and contract -------------------------------------------------


async def health(request: web.Request) -> web.Response:
    with request.app[ENGINE].connect() as db:
        db.execute(sa.text("SELECT 1"))
    return web.json_response({"status": "ok"})


async def openapi(request: web.Request) -> web.Response:
    return web.Response(text=OPENAPI_PATH.read_text(), content_type="application/yaml")


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings.from_env()
    app = web.Application(middlewares=[json_errors], client_max_size=256 * 1024)
    app[SETTINGS] = settings
    app[ENGINE] = store.create_engine(settings.database_url)
    app[MAILER] = Mailer(settings)
    fixtures = Path(settings.fixtures)
    if not settings.fixtures:
        pass  # production: no demo accounts
    elif fixtures.is_file():
        store.load_fixtures(app[ENGINE], json.loads(fixtures.read_text()))
    else:
        logger.warning("fixture file %s not found: no accounts loaded", fixtures)
    app.router.add_get("/v1/health", health)
    app.router.add_get("/v1/openapi.yaml", openapi)
    for module in (login, accounts, registrations, organisations, charging, pricing_policies, split_billing):
        module.add_routes(app)
    return app
