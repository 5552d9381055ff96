"""Settings of the dashboard back end, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from common import defaults

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///" + str(PROJECT_ROOT / "var" / "dashboard.db")
    # Token of trusted clients (the assistant's action server).
    api_token: str = defaults.DASHBOARD_API_TOKEN
    # Token for the read-only organisation listing (support staff, tests).
    admin_token: str = defaults.DASHBOARD_ADMIN_TOKEN
    fixtures: str = str(PROJECT_ROOT / "fixtures" / "accounts.json")
    outbox: str = str(PROJECT_ROOT / "var" / "outbox")
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "Smappee <no-reply@smappee.net>"
    login_code_ttl_seconds: int = 600
    login_code_max_attempts: int = 5
    login_codes_per_hour: int = 5
    session_ttl_seconds: int = 12 * 3600
    terms_version: str = defaults.TERMS_VERSION
    invitation_url: str = "https://dashboard.smappee.net/invitation"
    invitation_ttl_seconds: int = 14 * 24 * 3600
    # Where an employee invited to split billing confirms the agreement: the assistant's chat.
    assistant_url: str = defaults.WEB_URL
    # Public base URL of this back end, for links a browser opens (QR images).
    public_url: str = defaults.DASHBOARD_URL
    qr_link_template: str = defaults.QR_LINK_TEMPLATE
    qr_url_ttl_seconds: int = 7 * 24 * 3600
    secret: str = field(default="dev-secret-change-me", repr=False)

    @classmethod
    def from_env(cls) -> Settings:
        defaults = cls()
        env = os.environ.get
        return cls(
            database_url=env("DASHBOARD_DATABASE_URL", defaults.database_url),
            api_token=env("DASHBOARD_API_TOKEN", defaults.api_token),
            admin_token=env("DASHBOARD_ADMIN_TOKEN", defaults.admin_token),
            fixtures=env("DASHBOARD_FIXTURES", defaults.fixtures),
            outbox=env("DASHBOARD_OUTBOX", defaults.outbox),
            smtp_host=env("DASHBOARD_SMTP_HOST", ""),
            smtp_port=_int("DASHBOARD_SMTP_PORT", defaults.smtp_port),
            smtp_user=env("DASHBOARD_SMTP_USER", ""),
            smtp_password=env("DASHBOARD_SMTP_PASSWORD", ""),
            mail_from=env("DASHBOARD_MAIL_FROM", defaults.mail_from),
            login_code_ttl_seconds=_int("DASHBOARD_LOGIN_CODE_TTL", defaults.login_code_ttl_seconds),
            login_code_max_attempts=_int("DASHBOARD_LOGIN_CODE_ATTEMPTS", defaults.login_code_max_attempts),
            login_codes_per_hour=_int("DASHBOARD_LOGIN_CODES_PER_HOUR", defaults.login_codes_per_hour),
            session_ttl_seconds=_int("DASHBOARD_SESSION_TTL", defaults.session_ttl_seconds),
            terms_version=env("TERMS_VERSION", defaults.terms_version),
            invitation_url=env("DASHBOARD_INVITATION_URL", defaults.invitation_url),
            assistant_url=env("DASHBOARD_ASSISTANT_URL", defaults.assistant_url),
            invitation_ttl_seconds=_int("DASHBOARD_INVITATION_TTL", defaults.invitation_ttl_seconds),
            public_url=env("DASHBOARD_PUBLIC_URL", defaults.public_url).rstrip("/"),
            qr_link_template=env("QR_LINK_TEMPLATE", defaults.qr_link_template),
            qr_url_ttl_seconds=_int("DASHBOARD_QR_URL_TTL", defaults.qr_url_ttl_seconds),
            secret=env("DASHBOARD_SECRET", defaults.secret),
        )
