"""Fixtures for the actions' unit tests: the real domain, the real back end, trackers."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from rasa_sdk import Tracker

from actions import conversation, sessions
from actions import settings as action_settings
from dashboard.app import create_app
from dashboard.settings import Settings
from scripts.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The assistant's real domain: a validation test with an empty one validates nothing."""
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain")).as_dict()


class BackEnd:
    """The dashboard back end, run for real on 127.0.0.1 in a background thread."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.outbox = tmp / "outbox"
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = Settings(
            public_url=self.url,
            database_url=f"sqlite:///{tmp}/dashboard.db",
            api_token="unit-client-token",
            admin_token="unit-admin-token",
            fixtures=str(ROOT / "tests" / "e2e" / "accounts.json"),
            outbox=str(self.outbox),
        )
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        runner = web.AppRunner(create_app(self.settings))
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._runner = runner
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> BackEnd:
        self._thread.start()
        assert self._ready.wait(10), "back end did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@pytest.fixture
def back_end(tmp_path, monkeypatch):
    server = BackEnd(tmp_path).start()
    monkeypatch.setenv("DASHBOARD_URL", server.url)
    monkeypatch.setenv("DASHBOARD_API_TOKEN", "unit-client-token")
    monkeypatch.setenv("DASHBOARD_RETRIES", "1")
    monkeypatch.setenv("DASHBOARD_TIMEOUT", "5")
    action_settings.get_settings.cache_clear()
    conversation.dashboard.cache_clear()
    yield server
    server.stop()
    action_settings.get_settings.cache_clear()
    conversation.dashboard.cache_clear()


def tracker_for(
    slots: dict[str, Any],
    text: str = "",
    intent: str = "inform",
    filled: dict[str, Any] | None = None,
    requested_slot: str | None = None,
    sender_id: str = "unit-test",
) -> Tracker:
    """A tracker just after the user said ``text`` while the form asked ``requested_slot``.

    ``filled`` are the slots Rasa filled from that message (they get validated).
    """
    session = slots.get("account_session")
    if isinstance(session, dict) and "token" in session:
        # As after a login: the action server keeps the token, the slot says until when.
        sessions.keep(sender_id, session["token"], session["expires_at"])
        slots = slots | {"account_session": {"expires_at": session["expires_at"]}}
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events: list[dict[str, Any]] = [
        {"event": "active_loop", "name": "registration_form"},
        {"event": "slot", "name": "requested_slot", "value": requested_slot},
        {"event": "user", "text": text, "parse_data": message},
    ]
    all_slots = {"requested_slot": requested_slot, **slots}
    for name, value in (filled or {}).items():
        events.append({"event": "slot", "name": name, "value": value})
        all_slots[name] = value
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "registration_form"},
        latest_action_name="action_listen",
    )


# --- the back end in-process, for its endpoint tests -------------------------------------


@pytest.fixture
def settings(tmp_path):
    return Settings(
        database_url=f"sqlite:///{tmp_path}/dashboard.db",
        api_token="client-token",
        admin_token="admin-token",
        fixtures=str(ROOT / "fixtures" / "accounts.json"),
        outbox=str(tmp_path / "outbox"),
        login_code_ttl_seconds=600,
        login_code_max_attempts=3,
        login_codes_per_hour=4,
    )


@pytest_asyncio.fixture
async def client(settings):
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client
