"""Settings of the action server, read from the environment in one place.

Nothing is read at import time: ``get_settings()`` reads once, on first use,
so tests can set the environment first.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from common import defaults


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    dashboard_url: str
    dashboard_token: str
    dashboard_timeout: float
    dashboard_retries: int
    vies_enabled: bool
    vies_url: str
    vies_timeout: float
    terms_url: str
    terms_version: str
    mandate_scheme: str
    creditor_name: str
    creditor_address: str
    creditor_id: str
    commission_percent: str
    console_url: str
    handoff_token: str
    console_timeout: float
    sessions_redis_url: str


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = os.environ.get
    return Settings(
        dashboard_url=env("DASHBOARD_URL", defaults.DASHBOARD_URL).rstrip("/"),
        dashboard_token=env("DASHBOARD_API_TOKEN", defaults.DASHBOARD_API_TOKEN),
        dashboard_timeout=float(env("DASHBOARD_TIMEOUT", "8")),
        dashboard_retries=int(env("DASHBOARD_RETRIES", "2")),
        # VIES is the EU's service; no machine here reaches it, so it is off by default.
        vies_enabled=_flag("VIES_ENABLED", False),
        vies_url=env("VIES_URL", "https://ec.europa.eu/taxation_customs/vies/rest-api").rstrip("/"),
        vies_timeout=float(env("VIES_TIMEOUT", "6")),
        terms_url=env("TERMS_URL", defaults.TERMS_URL),
        terms_version=env("TERMS_VERSION", defaults.TERMS_VERSION),
        # Which SEPA scheme Smappee uses is not public: CORE (refund within 8 weeks) or B2B.
        mandate_scheme=env("MANDATE_SCHEME", "CORE").upper(),
        creditor_name=env("CREDITOR_NAME", "Smappee Services BV"),
        creditor_address=env("CREDITOR_ADDRESS", "Evolis 104, 8530 Harelbeke, Belgium"),
        creditor_id=env("CREDITOR_ID", "BE00ZZZ0000000000 (set CREDITOR_ID)"),
        # Smappee's CPO commission, added on top of the host's price (older articles: 10%).
        commission_percent=env("CPO_COMMISSION_PERCENT", "10"),
        # The agent console, where a conversation handed to a person is queued.
        console_url=env("CONSOLE_URL", defaults.WEB_URL).rstrip("/"),
        handoff_token=env("HANDOFF_TOKEN", defaults.HANDOFF_TOKEN),
        console_timeout=float(env("CONSOLE_TIMEOUT", "5")),
        # Several action servers share the account sessions through Redis; empty: in memory.
        sessions_redis_url=env("ACTION_SESSIONS_REDIS_URL", ""),
    )
