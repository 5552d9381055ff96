"""Settings of the support site and agent console, read from the environment in one place."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from common import defaults
from common.domain_texts import DOMAIN_DIR

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WebSettings:
    # Rasa's HTTP API as this server reaches it, and its token (never sent to a browser).
    rasa_url: str = defaults.RASA_URL
    rasa_token: str = field(default=defaults.RASA_AUTH_TOKEN, repr=False)
    # Rasa's socket.io endpoint as browsers reach it (the widget connects there).
    rasa_public_url: str = defaults.RASA_URL
    # Images the chat shows (QR codes) come from the dashboard back end.
    dashboard_public_url: str = defaults.DASHBOARD_URL
    database_url: str = "sqlite:///" + str(PROJECT_ROOT / "var" / "console.db")
    # JSON file of agents: [{"username", "name", "password_hash"}] (python -m web.agents).
    agents_file: str = str(PROJECT_ROOT / "var" / "agents.json")
    # Token the action server uses to put a conversation in the queue.
    handoff_token: str = field(default=defaults.HANDOFF_TOKEN, repr=False)
    # Signs the console's login cookie; a new random one logs everyone out.
    secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    session_ttl_seconds: int = 8 * 3600
    # Set behind HTTPS so the login cookie is never sent in clear.
    secure_cookies: bool = False
    # The assistant's domain: the console's own words to users are responses there.
    domain_dir: str = str(DOMAIN_DIR)

    @classmethod
    def from_env(cls) -> WebSettings:
        defaults = cls()
        env = os.environ.get
        return cls(
            rasa_url=env("RASA_URL", defaults.rasa_url).rstrip("/"),
            rasa_token=env("RASA_AUTH_TOKEN", defaults.rasa_token),
            rasa_public_url=env("RASA_PUBLIC_URL", env("RASA_URL", defaults.rasa_public_url)).rstrip("/"),
            dashboard_public_url=env("DASHBOARD_PUBLIC_URL", defaults.dashboard_public_url).rstrip("/"),
            database_url=env("CONSOLE_DATABASE_URL", defaults.database_url),
            agents_file=env("CONSOLE_AGENTS_FILE", defaults.agents_file),
            handoff_token=env("HANDOFF_TOKEN", defaults.handoff_token),
            secret=env("CONSOLE_SECRET") or defaults.secret,
            session_ttl_seconds=int(env("CONSOLE_SESSION_TTL", defaults.session_ttl_seconds)),
            secure_cookies=env("CONSOLE_SECURE_COOKIES", "false").lower() == "true",
        )
