"""The EU's VIES service: is a VAT number live, and under which name and address?

VIES is often down: "unavailable" means *unknown*, never invalid, and never
blocks a registration. Off unless VIES_ENABLED is set.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import requests

from actions.settings import get_settings

logger = logging.getLogger(__name__)

VALID, INVALID, UNAVAILABLE, NOT_CHECKED, NOT_IN_VIES = "valid", "invalid", "unavailable", "not_checked", "not_in_vies"


@dataclass(frozen=True)
class ViesResult:
    status: str
    checked_at: str | None = None
    name: str | None = None
    address: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _clean(value: str | None) -> str | None:
    if not value or value.strip() in {"---", "-"}:
        return None
    return " ".join(value.replace("\n", ", ").split())


def check_registration(vat_number: str, vies_checkable: bool) -> ViesResult:
    """Ask VIES about a normalised number such as ``BE0123456749``."""
    settings = get_settings()
    if not vies_checkable:
        return ViesResult(NOT_IN_VIES)
    if not settings.vies_enabled:
        return ViesResult(NOT_CHECKED)
    now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    country, number = vat_number[:2], vat_number[2:]
    try:
        response = requests.get(f"{settings.vies_url}/ms/{country}/vat/{number}", timeout=settings.vies_timeout)
        body = response.json() if response.ok else {}
    except (requests.RequestException, ValueError) as failure:
        logger.info("VIES unavailable: %s", failure.__class__.__name__)
        return ViesResult(UNAVAILABLE, now)
    user_error = str(body.get("userError", "")).upper()
    if body.get("isValid") is True:
        return ViesResult(VALID, now, _clean(body.get("name")), _clean(body.get("address")))
    if body.get("isValid") is False and user_error in {"", "INVALID"}:
        return ViesResult(INVALID, now)
    # MS_UNAVAILABLE, TIMEOUT, SERVICE_UNAVAILABLE, MS_MAX_CONCURRENT_REQ, ...
    return ViesResult(UNAVAILABLE, now)
