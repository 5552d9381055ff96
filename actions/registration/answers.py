"""The registration's answers: its slots, which answers depend on which, and how hosts name them."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker

from actions.conversation import FAILED_ATTEMPTS_SLOT
from actions.flow import Flow
from actions.login import LOGIN_SLOTS

NO_VAT_NUMBER = "none"  # the vat_number slot's value for "we have no VAT number"
NEW_ORGANISATION = "new"

# Slots the host answers, in the order they are asked.
QUESTION_SLOTS = [
    "account_email",
    "login_code",
    "admin_email",
    "admin_name",
    "organisation_choice",
    "entity_type",
    "vat_number",
    "legal_name",
    "registered_address",
    "invoice_email",
    "contact_name",
    "phone",
    "terms_accepted",
    "iban",
    "account_holder",
    "mandate_agreed",
    "services",
    "charging_stations",
    "registration_confirmed",
]
# Slots the actions fill along the way.
DERIVED_SLOTS = [
    "account_session",
    "account_name",
    "account_stations",
    "account_organisations",
    "login_code_sent_to",
    "vat_check",
    "bic",
    "bank_name",
    "mandate_reference",
    "registration_blocked",
    FAILED_ATTEMPTS_SLOT,
]

REGISTRATION = Flow(
    form="registration_form",
    slots=tuple(QUESTION_SLOTS + DERIVED_SLOTS),
    confirmed_slot="registration_confirmed",
    blocked_slot="registration_blocked",
)
# Kept when a registration is done, for what comes next (opening stations,
# prices); the stations and organisations change with it, so they are read again.
LOGIN_KEPT_AFTER_REGISTRATION = set(LOGIN_SLOTS) - {"account_stations", "account_organisations"}

# What else must be asked again when an answer changes.
DEPENDENT_SLOTS = {
    "account_email": [
        "login_code",
        "account_session",
        "account_stations",
        "account_organisations",
        "organisation_choice",
        "charging_stations",
        "admin_email",
        "admin_name",
    ],
    "admin_email": ["admin_name"],
    "organisation_choice": [
        "entity_type",
        "vat_number",
        "vat_check",
        "legal_name",
        "registered_address",
        "invoice_email",
        "contact_name",
        "phone",
        "terms_accepted",
        "iban",
        "bic",
        "bank_name",
        "account_holder",
        "mandate_agreed",
        "services",
    ],
    "entity_type": ["vat_number", "vat_check"],
    "vat_number": ["vat_check"],
    "iban": ["bic", "bank_name", "mandate_agreed"],
    "account_holder": ["mandate_agreed"],
}

# Words people use for each answer ("the invoice e-mail is wrong"), to the
# slot that holds it. Longer phrases are tried first.
FIELD_WORDS = {
    "invoice e-?mail|e-?mail (?:address )?for (?:the )?invoices|billing e-?mail": "invoice_email",
    "account holder|holder": "account_holder",
    "iban|bank ?account|account number|bank details": "iban",
    "vat|btw|tva": "vat_number",
    "registered address|address|adres|street": "registered_address",
    "phone|telephone|mobile|gsm": "phone",
    "contact": "contact_name",
    "admin": "admin_email",
    "company name|legal name|name of the company|(?<!contact )name": "legal_name",
    "private person|company or private|not a company|a company": "entity_type",
    "organi[sz]ation": "organisation_choice",
    "services?|split billing|cpo|cards": "services",
    "stations?|chargers?|charging points?": "charging_stations",
    "login|my e-?mail|e-?mail": "account_email",
}


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def chosen_organisation(tracker: Tracker) -> dict[str, Any] | None:
    choice = tracker.get_slot("organisation_choice")
    if not choice or choice == NEW_ORGANISATION:
        return None
    return next((o for o in tracker.get_slot("account_organisations") or [] if o["id"] == choice), None)


def has_vat_number(tracker: Tracker) -> bool:
    return tracker.get_slot("vat_number") not in (None, NO_VAT_NUMBER)


def field_named_in(text: str) -> str | None:
    """The slot a person names in "oops, the IBAN is wrong", or None."""
    for words, slot in FIELD_WORDS.items():
        if re.search(rf"\b(?:{words})", text or "", re.IGNORECASE):
            return slot
    return None


def slots_to_change(slot: str) -> list[str]:
    """That slot and the answers that depend on it."""
    return [slot] + DEPENDENT_SLOTS.get(slot, [])
