"""The one client of the dashboard API (dashboard/openapi.yaml).

Timeouts on every call; retries only where a retry cannot do harm (reads, and
writes that carry an Idempotency-Key); every failure becomes a
``DashboardError`` with the API's error code, or ``DashboardUnavailable``
when the back end could not be reached.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from typing import Any
from urllib.parse import quote

import requests

from actions.settings import get_settings
from charging_host.catalogue import current_language

logger = logging.getLogger(__name__)

RETRYABLE_STATUS = {502, 503, 504}


class DashboardUnavailable(Exception):
    """The back end did not answer (down, time-out, 5xx). Nothing is known to be lost."""


@dataclasses.dataclass
class DashboardError(Exception):
    """The back end answered with a refusal it explained."""

    status: int
    code: str
    message: str = ""
    field: str | None = None
    details: dict = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


class DashboardClient:
    def __init__(self, base_url: str, token: str, timeout: float = 8.0, retries: int = 2):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.http = requests.Session()

    @classmethod
    def from_settings(cls) -> DashboardClient:
        settings = get_settings()
        return cls(
            settings.dashboard_url, settings.dashboard_token, settings.dashboard_timeout, settings.dashboard_retries
        )

    # --- endpoints ---------------------------------------------------------

    def request_login_code(self, email: str) -> dict:
        # One key per code asked for: a retry of a lost answer mails no second code.
        return self._call(
            "POST",
            "/v1/login-codes",
            json={"email": email},
            headers={"Idempotency-Key": uuid.uuid4().hex},
            retry_sent=True,
        )

    def verify_login_code(self, email: str, code: str) -> dict:
        # The one write without a key (its answer is a session token, which the
        # back end does not keep), so it is not retried once sent.
        return self._call("POST", "/v1/login-codes/verify", json={"email": email, "code": code}, retry_sent=False)

    def get_account(self, session_token: str) -> dict:
        return self._call("GET", "/v1/me", token=session_token, retry_sent=True)

    def create_registration(self, session_token: str, body: dict, idempotency_key: str) -> dict:
        # Safe to retry: the back end answers a repeated key with the first result.
        return self._call(
            "POST",
            "/v1/registrations",
            json=body,
            token=session_token,
            headers={"Idempotency-Key": idempotency_key},
            retry_sent=True,
        )

    def set_station_address(self, session_token: str, serial: str, address: dict) -> dict:
        # PUT: sending it again changes nothing, so it is safe to retry.
        return self._call(
            "PUT", f"/v1/charging-stations/{quote(serial)}/address", json=address, token=session_token, retry_sent=True
        )

    def set_public_charging(self, session_token: str, serial: str, position: int, settings: dict) -> dict:
        return self._call(
            "PUT",
            f"/v1/charging-stations/{quote(serial)}/connectors/{int(position)}/public-charging",
            json=settings,
            token=session_token,
            retry_sent=True,
        )

    def create_pricing_policy(self, session_token: str, body: dict, idempotency_key: str) -> dict:
        return self._call(
            "POST",
            "/v1/pricing-policies",
            json=body,
            token=session_token,
            headers={"Idempotency-Key": idempotency_key},
            retry_sent=True,
        )

    def update_pricing_policy(self, session_token: str, policy_id: str, changes: dict) -> dict:
        return self._call(
            "PUT", f"/v1/pricing-policies/{quote(policy_id)}", json=changes, token=session_token, retry_sent=True
        )

    def assign_pricing_policy(self, session_token: str, policy_id: str, serials: list) -> dict:
        return self._call(
            "PUT",
            f"/v1/pricing-policies/{quote(policy_id)}/charging-stations",
            json={"charging_stations": serials},
            token=session_token,
            retry_sent=True,
        )

    def list_pricing_policies(self, session_token: str) -> dict:
        return self._call("GET", "/v1/pricing-policies", token=session_token, retry_sent=True)

    def add_agreement(self, session_token: str, organisation_id: str, body: dict, idempotency_key: str) -> dict:
        return self._call(
            "POST",
            f"/v1/organisations/{quote(organisation_id)}/split-billing-agreements",
            json=body,
            token=session_token,
            headers={"Idempotency-Key": idempotency_key},
            retry_sent=True,
        )

    def list_agreements(self, session_token: str, organisation_id: str) -> dict:
        return self._call(
            "GET",
            f"/v1/organisations/{quote(organisation_id)}/split-billing-agreements",
            token=session_token,
            retry_sent=True,
        )

    def change_agreement(self, session_token: str, organisation_id: str, agreement_id: str, changes: dict) -> dict:
        # PATCH with the new values: sending it again changes nothing more.
        return self._call(
            "PATCH",
            f"/v1/organisations/{quote(organisation_id)}/split-billing-agreements/{quote(agreement_id)}",
            json=changes,
            token=session_token,
            retry_sent=True,
        )

    def end_agreement(self, session_token: str, organisation_id: str, agreement_id: str) -> dict:
        # Not retried once sent: a repeat answers "already ended", which the caller reads as done.
        return self._call(
            "POST",
            f"/v1/organisations/{quote(organisation_id)}/split-billing-agreements/{quote(agreement_id)}/end",
            token=session_token,
            retry_sent=False,
        )

    def my_agreements(self, session_token: str) -> dict:
        return self._call("GET", "/v1/me/split-billing-agreements", token=session_token, retry_sent=True)

    def confirm_agreement(self, session_token: str, agreement_id: str, body: dict, idempotency_key: str) -> dict:
        return self._call(
            "POST",
            f"/v1/me/split-billing-agreements/{quote(agreement_id)}/confirm",
            json=body,
            token=session_token,
            headers={"Idempotency-Key": idempotency_key},
            retry_sent=True,
        )

    # --- plumbing ------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        json: Any = None,
        token: str | None = None,
        headers: dict | None = None,
        retry_sent: bool = False,
    ) -> dict:
        all_headers = {
            "Authorization": f"Bearer {token or self.token}",
            # The conversation's language: the e-mails this request causes are written in it.
            "Accept-Language": current_language(),
            **(headers or {}),
        }
        url = self.base_url + path
        attempts = 1 + max(0, self.retries)
        for attempt in range(1, attempts + 1):
            last_try = attempt == attempts
            try:
                response = self.http.request(
                    method, url, json=json, headers=all_headers, timeout=(min(3.0, self.timeout), self.timeout)
                )
            except requests.ConnectionError as failure:
                # Refused before anything was sent (or the line broke): retry
                # only if a repeat is harmless or nothing reached the server.
                if last_try or (not retry_sent and not _never_sent(failure)):
                    raise DashboardUnavailable(f"{method} {path}: {failure.__class__.__name__}") from failure
            except requests.Timeout as failure:
                if last_try or not retry_sent:
                    raise DashboardUnavailable(f"{method} {path}: time-out") from failure
            else:
                if response.status_code in RETRYABLE_STATUS and retry_sent and not last_try:
                    logger.info("%s %s answered %s, retrying", method, path, response.status_code)
                elif response.status_code >= 500:
                    raise DashboardUnavailable(f"{method} {path}: HTTP {response.status_code}")
                else:
                    return _parse(response)
            time.sleep(0.25 * attempt)
        raise DashboardUnavailable(f"{method} {path}: no answer")  # pragma: no cover - loop always returns/raises


def _never_sent(failure: requests.ConnectionError) -> bool:
    text = str(failure).lower()
    return "refused" in text or "name or service not known" in text


def _parse(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if 200 <= response.status_code < 300:
        return body
    problem = body.get("error", {}) if isinstance(body, dict) else {}
    details = {k: v for k, v in problem.items() if k not in {"code", "message", "field"}}
    raise DashboardError(
        status=response.status_code,
        code=problem.get("code", f"http_{response.status_code}"),
        message=problem.get("message", response.reason or ""),
        field=problem.get("field"),
        details=details,
    )
