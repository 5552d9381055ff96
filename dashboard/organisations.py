"""Organisations: a new one's data checked again (the assistant is one client
among others, and the rules live in ``charging_host``), how one is shown, and
support staff's endpoints (admin token)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Connection

from charging_host.contact import check_address_fields, check_name, check_phone, find_email
from charging_host.mandate import MANDATE_REFERENCE_PATTERN, check_iban, mask_iban
from charging_host.services import ALL_SERVICES, ENTITY_COMPANY, ENTITY_PRIVATE_PERSON, refused_services
from charging_host.vat import check_vat_number
from common.http import error
from dashboard import split_billing, store
from dashboard.http import ENGINE, Refusal, admin_only
from dashboard.store import dumps, iso, loads

MANDATE_SCHEMES = {"CORE", "B2B"}


def parse_time(value: Any, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as failure:
        raise Refusal("invalid_time", field, f"{field} must be an ISO 8601 time") from failure
    return store.as_utc(parsed)


def _required(data: dict[str, Any], key: str, prefix: str) -> Any:
    value = data.get(key)
    if value in (None, "", []):
        raise Refusal("missing_field", f"{prefix}{key}", f"{prefix}{key} is required")
    return value


def check_new_organisation(data: dict[str, Any]) -> dict[str, Any]:
    """Normalised columns of a new organisation, or Refusal."""
    prefix = "organisation."
    entity_type = _required(data, "entity_type", prefix)
    if entity_type not in (ENTITY_COMPANY, ENTITY_PRIVATE_PERSON):
        raise Refusal("invalid_entity_type", prefix + "entity_type", "entity_type is company or private_person")
    address = _required(data, "registered_address", prefix)
    for key in ("street", "postal_code", "city", "country"):
        _required(address, key, prefix + "registered_address.")
    checked_address = check_address_fields(address)
    if not checked_address.ok or checked_address.value is None:
        raise Refusal("address_invalid", prefix + "registered_address", f"address: {checked_address.error}")
    country = checked_address.value.country

    vat_number = data.get("vat_number")
    if vat_number and entity_type == ENTITY_PRIVATE_PERSON:
        raise Refusal("vat_number_not_expected", prefix + "vat_number", "a private person has no VAT number")
    if vat_number:
        checked = check_vat_number(vat_number, country_hint=country)
        if not checked.ok:
            raise Refusal("vat_number_invalid", prefix + "vat_number", f"VAT number: {checked.error}")
        vat_number = checked.number

    legal_name = check_name(_required(data, "legal_name", prefix))
    contact_name = check_name(_required(data, "contact_name", prefix))
    for field, name in (("legal_name", legal_name), ("contact_name", contact_name)):
        if not name.ok:
            raise Refusal("name_invalid", prefix + field, f"{field}: {name.error}")
    email = find_email(_required(data, "invoice_email", prefix))
    if not email.ok or email.value != str(data["invoice_email"]).strip().lower():
        raise Refusal("email_invalid", prefix + "invoice_email", "invoice_email is not an e-mail address")
    phone = check_phone(_required(data, "phone", prefix), country)
    if not phone.ok:
        raise Refusal("phone_invalid", prefix + "phone", "phone is not a valid phone number")

    return {
        "entity_type": entity_type,
        "legal_name": legal_name.value,
        "vat_number": vat_number or None,
        "vat_check": dumps(data.get("vat_check")),
        "registered_address": dumps(checked_address.value.as_dict()),
        "invoice_email": email.value,
        "contact_name": contact_name.value,
        "phone": phone.value,
    }


def check_mandate(data: dict[str, Any], reference_taken: Callable[[str], bool]) -> dict[str, Any]:
    """Normalised mandate; ``reference_taken(reference)`` says whether it was used before."""
    prefix = "mandate."
    iban = check_iban(_required(data, "iban", prefix))
    if iban.error == "not_sepa":
        raise Refusal("iban_not_sepa", prefix + "iban", "the IBAN's country is outside SEPA")
    if not iban.ok:
        raise Refusal("iban_invalid", prefix + "iban", f"IBAN: {iban.error}")
    holder = check_name(_required(data, "account_holder", prefix))
    if not holder.ok:
        raise Refusal("name_invalid", prefix + "account_holder", "account_holder is not a name")
    reference = str(_required(data, "reference", prefix))
    if not MANDATE_REFERENCE_PATTERN.match(reference):
        raise Refusal("mandate_reference_invalid", prefix + "reference", "not a valid SEPA mandate reference")
    if reference_taken(reference):
        raise Refusal("mandate_reference_taken", prefix + "reference", "mandate reference already used", 409)
    scheme = str(data.get("scheme", "CORE")).upper()
    if scheme not in MANDATE_SCHEMES:
        raise Refusal("mandate_scheme_invalid", prefix + "scheme", "scheme is CORE or B2B")
    signed_at = parse_time(_required(data, "signed_at", prefix), prefix + "signed_at")
    return {
        "iban": iban.iban,
        "bic": iban.bic,
        "bank_name": iban.bank_name,
        "account_holder": holder.value,
        "reference": reference,
        "scheme": scheme,
        "type": "recurrent",
        "signed_at": iso(signed_at),
    }


def check_services(services: Any, has_vat_number: bool) -> list[str]:
    if not isinstance(services, list) or not services or any(s not in ALL_SERVICES for s in services):
        raise Refusal("services_invalid", "services", f"services is a non-empty subset of {list(ALL_SERVICES)}")
    refused = refused_services(services, has_vat_number)
    if refused:
        raise Refusal(
            "service_not_allowed",
            "services",
            f"{', '.join(refused)} needs a VAT number: without one only split_billing is possible",
        )
    return [s for s in ALL_SERVICES if s in services]


def new_organisation_id() -> str:
    return "org_" + secrets.token_hex(6)


def organisation_view(db: Connection, organisation_id: str, full_iban: bool) -> dict[str, Any]:
    """An organisation as the API shows it; the IBAN masked unless ``full_iban``."""
    o = store.organisations.c
    row = db.execute(sa.select(store.organisations).where(o.id == organisation_id)).mappings().one()
    admin_email = None
    if row["admin_account_id"]:
        admin_email = db.execute(
            sa.select(store.accounts.c.email).where(store.accounts.c.id == row["admin_account_id"])
        ).scalar_one()
    serials = (
        db.execute(
            sa.select(store.organisation_stations.c.serial)
            .where(store.organisation_stations.c.organisation_id == organisation_id)
            .order_by(store.organisation_stations.c.serial)
        )
        .scalars()
        .all()
    )
    registrations = db.execute(
        sa.select(store.registrations.c.reference, store.registrations.c.created_at)
        .where(store.registrations.c.organisation_id == organisation_id)
        .order_by(store.registrations.c.id)
    ).all()
    mandate = loads(row["mandate"])
    if mandate and not full_iban:
        mandate = dict(mandate, iban=mask_iban(mandate["iban"]))
    return {
        "id": row["id"],
        "entity_type": row["entity_type"],
        "legal_name": row["legal_name"],
        "vat_number": row["vat_number"],
        "vat_check": loads(row["vat_check"]),
        "registered_address": loads(row["registered_address"]),
        "invoice_email": row["invoice_email"],
        "contact_name": row["contact_name"],
        "phone": row["phone"],
        "admin_email": admin_email,
        "terms_accepted_at": iso(row["terms_accepted_at"]),
        "terms_version": row["terms_version"],
        "mandate": mandate,
        "services": loads(row["services"]) or [],
        "charging_stations": list(serials),
        "split_billing_agreements": split_billing.agreements_of(db, organisation_id, full_iban),
        "registrations": [{"reference": r.reference, "created_at": iso(r.created_at)} for r in registrations],
        "created_at": iso(row["created_at"]),
    }


# --- support staff ---------------------------------------------------------


@admin_only
async def list_organisations(request: web.Request) -> web.Response:
    with request.app[ENGINE].connect() as db:
        ids = db.execute(sa.select(store.organisations.c.id).order_by(store.organisations.c.created_at)).scalars().all()
        return web.json_response({"organisations": [organisation_view(db, i, full_iban=True) for i in ids]})


@admin_only
async def get_organisation(request: web.Request) -> web.Response:
    organisation_id = request.match_info["organisation_id"]
    with request.app[ENGINE].connect() as db:
        exists = db.execute(
            sa.select(store.organisations.c.id).where(store.organisations.c.id == organisation_id)
        ).first()
        if not exists:
            return error(404, "organisation_not_found", "no such organisation")
        return web.json_response(organisation_view(db, organisation_id, full_iban=True))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/organisations", list_organisations)
    app.router.add_get("/v1/organisations/{organisation_id}", get_organisation)
