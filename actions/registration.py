"""Registering as a charging host: the form's questions, checks, summary and submission.

The form ``registration_form`` asks one question per slot; which questions
depends on earlier answers (``required_slots``): a private person is not asked
a VAT number, an existing organisation's data is shown, not asked again. Every
answer is checked by a plain function of ``charging_host``; every sentence is a
response in ``domain/registration.yml``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import (
    FAILED_ATTEMPTS_SLOT,
    accept,
    call_blocking,
    dashboard,
    latest_intent,
    latest_text,
    refuse,
    yes_or_no,
)
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.login import (
    LOGIN_SLOTS,
    VERIFIED,
    LoginQuestions,
    logged_in,
    prove_login_again,
    refresh_account,
    session_is_valid,
)
from actions.settings import get_settings
from actions.vies_client import INVALID, VALID, check_registration
from charging_host.contact import check_name, check_phone, find_email, parse_address
from charging_host.mandate import find_iban, mask_iban, new_mandate_reference
from charging_host.services import (
    ENTITY_COMPANY,
    ENTITY_PRIVATE_PERSON,
    SERVICE_TITLES,
    SPLIT_BILLING,
    parse_services,
    refused_services,
)
from charging_host.stations import parse_station_choice
from charging_host.text import MAX_ANSWER_LENGTH
from charging_host.vat import find_vat_number

logger = logging.getLogger(__name__)

FORM = "registration_form"
NO_VAT_NUMBER = "none"  # the vat_number slot's value for "we have no VAT number"
NEW_ORGANISATION = "new"

# Slots the user answers, in the order they are asked.
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
REGISTRATION_SLOTS = QUESTION_SLOTS + DERIVED_SLOTS

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


def chosen_organisation(tracker: Tracker) -> dict | None:
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


def slots_to_change(slot: str | None) -> list[str] | None:
    """That slot and the answers that depend on it."""
    if not slot:
        return None
    return [slot] + DEPENDENT_SLOTS.get(slot, [])


def reset_registration(keep_login: bool = False) -> list[EventType]:
    # The stations and organisations change with a registration: read them again later.
    kept = set(LOGIN_SLOTS) - {"account_stations", "account_organisations"} if keep_login else set()
    return [SlotSet(slot, None) for slot in REGISTRATION_SLOTS if slot not in kept]


class ValidateRegistrationForm(LoginQuestions, FormValidationAction):
    def name(self) -> str:
        return "validate_registration_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if tracker.get_slot("registration_blocked"):
            return []  # the form ends; action_submit_registration says nothing more
        slots = ["account_email", "login_code"]
        if tracker.get_slot("login_code") != VERIFIED:
            return slots
        slots.append("admin_email")
        admin = tracker.get_slot("admin_email")
        if admin and admin != tracker.get_slot("account_email"):
            slots.append("admin_name")
        if tracker.get_slot("account_organisations"):
            slots.append("organisation_choice")
        organisation = chosen_organisation(tracker)
        if organisation is None:
            slots.append("entity_type")
            if tracker.get_slot("entity_type") == ENTITY_COMPANY:
                slots.append("vat_number")
            slots += ["legal_name", "registered_address", "invoice_email", "contact_name", "phone"]
        if organisation is None or not organisation.get("terms_accepted_at"):
            slots.append("terms_accepted")
        if organisation is None or not organisation.get("mandate"):
            slots += ["iban", "account_holder", "mandate_agreed"]
        return slots + ["services", "charging_stations", "registration_confirmed"]

    # --- step 1: the Smappee login: see actions/login.py -------------------------

    async def after_login(self, account: dict, result: dict[str, Any], dispatcher, tracker) -> dict[str, Any]:
        if not result["account_stations"]:
            dispatcher.utter_message(response="utter_no_charging_stations")
            return result | {"registration_blocked": "no_charging_stations"}
        dispatcher.utter_message(
            response="utter_login_verified", account_name=account["name"], station_count=len(result["account_stations"])
        )
        return result

    # --- step 1b: who administers the organisation ----------------------------

    def validate_admin_email(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        own = tracker.get_slot("account_email")
        if yes_or_no(tracker, text) is True or re.search(r"\b(me|myself|mine|my login|my own|i will|ik)\b", text, re.I):
            return accept("admin_email", tracker, admin_email=own)
        email = find_email(text)
        if not email.ok:
            return refuse("admin_email", "utter_admin_email_invalid", dispatcher, tracker)
        return accept("admin_email", tracker, admin_email=email.value)

    def validate_admin_name(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        name = check_name(str(value or ""))
        if not name.ok:
            return refuse("admin_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("admin_name", tracker, admin_name=name.value)

    # --- step 2: organisation ---------------------------------------------------

    def validate_organisation_choice(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").strip()
        organisations = tracker.get_slot("account_organisations") or []
        if re.search(r"\bnew\b|another|create|other|nieuw", text, re.I):
            return accept("organisation_choice", tracker, organisation_choice=NEW_ORGANISATION)
        lowered = text.lower()
        match = next(
            (
                o
                for o in organisations
                if o["id"].lower() == lowered
                or o["legal_name"].lower() in lowered
                or (lowered in o["legal_name"].lower() and len(lowered) > 3)
            ),
            None,
        )
        if match is None and len(organisations) == 1 and yes_or_no(tracker, text) is True:
            match = organisations[0]
        if match is None:
            return refuse("organisation_choice", "utter_organisation_unknown", dispatcher, tracker)
        dispatcher.utter_message(response="utter_organisation_chosen", legal_name=match["legal_name"])
        mandate = match.get("mandate") or {}
        return accept(
            "organisation_choice",
            tracker,
            organisation_choice=match["id"],
            entity_type=match["entity_type"],
            vat_number=match.get("vat_number") or NO_VAT_NUMBER,
            legal_name=match["legal_name"],
            registered_address=match["registered_address"],
            invoice_email=match.get("invoice_email"),
            contact_name=match.get("contact_name"),
            phone=match.get("phone"),
            account_holder=mandate.get("account_holder"),
        )

    # --- step 3: legal information ----------------------------------------------

    def validate_entity_type(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").lower()
        if re.search(r"privat|person|individual|particul|myself|just me|home|household|no company", text):
            entity_type = ENTITY_PRIVATE_PERSON
        elif re.search(
            r"compan|business|firm|self.?employ|freelanc|zelfstandig|\bbv\b|\bnv\b|\bsrl\b|\bsa\b|\bltd\b|gmbh|vat|organi",
            text,
        ):
            entity_type = ENTITY_COMPANY
        else:
            return refuse("entity_type", "utter_entity_type_unclear", dispatcher, tracker)
        result = accept("entity_type", tracker, entity_type=entity_type)
        if entity_type == ENTITY_PRIVATE_PERSON:
            dispatcher.utter_message(response="utter_private_person_rule")
            result["vat_number"] = None
            result["services"] = (
                None if refused_services(tracker.get_slot("services") or [], False) else tracker.get_slot("services")
            )
        return result

    async def validate_vat_number(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        if value == NO_VAT_NUMBER:
            return {"vat_number": NO_VAT_NUMBER}
        if len(text) > MAX_ANSWER_LENGTH:
            return refuse("vat_number", "utter_answer_too_long", dispatcher, tracker)
        checked = find_vat_number(text)
        if checked.error == "no_country":
            # Smappee's users are mostly Belgian and often leave out "BE"; the
            # answer shows the number with its prefix, so a wrong guess is seen.
            with_belgium = find_vat_number(text, country_hint="BE")
            checked = with_belgium if with_belgium.ok else checked
        if not checked.ok:
            if yes_or_no(tracker, text) is False or re.search(
                r"(don'?t|do not|no)\s+(have|got)|no vat|without", text, re.I
            ):
                dispatcher.utter_message(response="utter_no_vat_number_rule")
                return self._with_services_checked(
                    tracker, accept("vat_number", tracker, vat_number=NO_VAT_NUMBER), False
                )
            return refuse(
                "vat_number", f"utter_vat_{checked.error}", dispatcher, tracker, country=checked.country or ""
            )
        vies = await call_blocking(check_registration, checked.number, checked.vies_checkable)
        if vies.status == INVALID:
            return refuse("vat_number", "utter_vat_not_registered", dispatcher, tracker, vat_number=checked.number)
        result = accept("vat_number", tracker, vat_number=checked.number, vat_check=vies.as_dict())
        if vies.status == VALID and vies.name and not tracker.get_slot("legal_name"):
            result["legal_name"] = vies.name
            address = parse_address(vies.address or "", checked.country if checked.country != "EL" else "GR")
            if address.ok and not tracker.get_slot("registered_address"):
                result["registered_address"] = address.value.as_dict()
            dispatcher.utter_message(
                response="utter_vies_prefilled",
                vat_number=checked.number,
                legal_name=vies.name,
                address=vies.address or "",
            )
        else:
            dispatcher.utter_message(response=f"utter_vat_accepted_{vies.status}", vat_number=checked.number)
        return self._with_services_checked(tracker, result, True)

    @staticmethod
    def _with_services_checked(tracker: Tracker, result: dict, has_vat: bool) -> dict:
        if refused_services(tracker.get_slot("services") or [], has_vat):
            result["services"] = None  # asked again, with the rule explained
        return result

    def validate_legal_name(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        name = check_name(str(value or ""))
        if not name.ok:
            return refuse("legal_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("legal_name", tracker, legal_name=name.value)

    def validate_registered_address(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"registered_address": value}  # pre-filled from VIES or an organisation
        vat = tracker.get_slot("vat_number")
        country = vat[:2] if has_vat_number(tracker) and vat[:2].isalpha() else "BE"
        address = parse_address(str(value or ""), "GR" if country == "EL" else country)
        if not address.ok:
            return refuse("registered_address", f"utter_address_{address.error}", dispatcher, tracker)
        return accept("registered_address", tracker, registered_address=address.value.as_dict())

    # --- step 4: administrative information ---------------------------------------

    def validate_invoice_email(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        if yes_or_no(tracker, text) is True and "@" not in text:
            return accept("invoice_email", tracker, invoice_email=tracker.get_slot("account_email"))
        email = find_email(text)
        if not email.ok:
            return refuse("invoice_email", "utter_email_invalid", dispatcher, tracker)
        return accept("invoice_email", tracker, invoice_email=email.value)

    def validate_contact_name(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        if (
            re.fullmatch(r"\s*(me|myself|i am|that'?s me|it'?s me)\s*\.?\s*", text, re.I)
            or latest_intent(tracker) == "affirm"
        ):
            return accept("contact_name", tracker, contact_name=tracker.get_slot("account_name"))
        name = check_name(text)
        if not name.ok:
            return refuse("contact_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("contact_name", tracker, contact_name=name.value)

    def validate_phone(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        address = tracker.get_slot("registered_address") or {}
        phone = check_phone(str(value or ""), address.get("country", "BE"))
        if not phone.ok:
            return refuse("phone", "utter_phone_invalid", dispatcher, tracker)
        return accept("phone", tracker, phone=phone.value)

    # --- step 5: terms ------------------------------------------------------------

    def validate_terms_accepted(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return agreement("terms_accepted", "utter_terms_declined", value, dispatcher, tracker)

    # --- step 6: direct debit mandate -------------------------------------------------

    def validate_iban(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        if len(text) > MAX_ANSWER_LENGTH:
            return refuse("iban", "utter_answer_too_long", dispatcher, tracker)
        checked = find_iban(text)
        if checked.error == "not_sepa":
            return refuse("iban", "utter_iban_not_sepa", dispatcher, tracker, country=checked.country)
        if not checked.ok:
            return refuse("iban", f"utter_iban_{checked.error}", dispatcher, tracker)
        dispatcher.utter_message(
            response="utter_iban_accepted" if checked.bic else "utter_iban_accepted_no_bic",
            iban_masked=mask_iban(checked.iban),
            bic=checked.bic or "",
            bank_name=checked.bank_name or "",
        )
        return accept(
            "iban",
            tracker,
            iban=checked.iban,
            bic=checked.bic,
            bank_name=checked.bank_name,
            mandate_reference=tracker.get_slot("mandate_reference")
            or new_mandate_reference(datetime.now(timezone.utc)),
        )

    def validate_account_holder(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "")
        if yes_or_no(tracker, text) is True and len(text) < 25:
            return accept("account_holder", tracker, account_holder=tracker.get_slot("legal_name"))
        name = check_name(text)
        if not name.ok:
            return refuse("account_holder", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("account_holder", tracker, account_holder=name.value)

    def validate_mandate_agreed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return agreement("mandate_agreed", "utter_mandate_declined", value, dispatcher, tracker)

    # --- step 7: services ----------------------------------------------------------------

    def validate_services(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, list):
            return {"services": value}
        vat = has_vat_number(tracker)
        text = str(value or "")
        if not vat:
            # The question was "shall we register you for split billing?"
            answer = yes_or_no(tracker, text)
            services = parse_services(text)
            if answer is True and not services:
                services = [SPLIT_BILLING]
            if answer is False and not services:
                dispatcher.utter_message(response="utter_split_billing_declined")
                return {"services": None, "registration_blocked": "split_billing_declined"}
            if not services:
                return refuse("services", "utter_services_unclear", dispatcher, tracker)
        else:
            services = parse_services(text)
            if not services:
                return refuse("services", "utter_services_unclear", dispatcher, tracker)
        refused = refused_services(services, vat)
        if refused:
            return refuse(
                "services",
                "utter_services_need_vat",
                dispatcher,
                tracker,
                count=False,
                services=", ".join(SERVICE_TITLES[s] for s in refused),
            )
        return accept("services", tracker, services=services)

    # --- step 8: charging stations ------------------------------------------------------

    def validate_charging_stations(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if isinstance(value, list):
            return {"charging_stations": value}
        stations = tracker.get_slot("account_stations") or []
        if len(stations) == 1 and yes_or_no(tracker, value) is True:
            return accept("charging_stations", tracker, charging_stations=[stations[0]["serial"]])
        chosen = parse_station_choice(str(value or ""), stations)
        if not chosen:
            return refuse("charging_stations", "utter_stations_unclear", dispatcher, tracker)
        return accept("charging_stations", tracker, charging_stations=chosen)

    # --- step 9: summary and confirmation ---------------------------------------------------

    def validate_registration_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if value is True:
            return {"registration_confirmed": True}
        text = str(value or "")
        answer = yes_or_no(tracker, text)
        wants_change = re.search(
            r"chang|wrong|fix|mistake|typo|edit|not right|incorrect|update|correct (?:the|my|it)", text, re.I
        )
        if answer is True and not wants_change:
            return {"registration_confirmed": True}
        field = field_named_in(text)
        if field:
            return changes_for(field, dispatcher)
        if answer is False or wants_change:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return {"registration_confirmed": None}
        return refuse("registration_confirmed", "utter_confirm_or_change", dispatcher, tracker)


def agreement(slot: str, declined_response: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
    """An explicit yes, stored as the time it was given; a no ends the registration, said plainly."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return {slot: value}  # already the time of an earlier yes
    answer = yes_or_no(tracker, value)
    if answer is True:
        return accept(slot, tracker, **{slot: now_iso()})
    if answer is False:
        dispatcher.utter_message(response=declined_response)
        return {slot: None, "registration_blocked": f"{slot}_declined"}
    return refuse(slot, "utter_yes_or_no", dispatcher, tracker)


def changes_for(field: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    slots = slots_to_change(field)
    if not slots:
        dispatcher.utter_message(response="utter_ask_what_to_change")
        return {"registration_confirmed": None}
    dispatcher.utter_message(response="utter_changing_answer")
    return dict.fromkeys(slots) | {"registration_confirmed": None}


# --- questions with content that depends on the conversation ---------------------


class ActionAskOrganisationChoice(Action):
    def name(self) -> str:
        return "action_ask_organisation_choice"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        organisations = tracker.get_slot("account_organisations") or []
        buttons = [{"title": o["legal_name"], "payload": o["legal_name"]} for o in organisations]
        buttons.append({"title": "A new organisation", "payload": "a new organisation"})
        dispatcher.utter_message(response="utter_ask_organisation_choice", buttons=buttons)
        return []


class ActionAskServices(Action):
    def name(self) -> str:
        return "action_ask_services"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if has_vat_number(tracker):
            dispatcher.utter_message(response="utter_ask_services")
        else:
            dispatcher.utter_message(response="utter_ask_services_split_billing_only")
        return []


class ActionAskChargingStations(Action):
    def name(self) -> str:
        return "action_ask_charging_stations"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        stations = tracker.get_slot("account_stations") or []
        buttons = [{"title": f"{s['name']} ({s['serial']})", "payload": s["serial"]} for s in stations]
        if len(stations) > 1:
            buttons.append({"title": "All of them", "payload": "all of them"})
        dispatcher.utter_message(
            response="utter_ask_charging_stations", buttons=buttons, station_list=station_list(stations)
        )
        return []


class ActionAskMandateAgreed(Action):
    def name(self) -> str:
        return "action_ask_mandate_agreed"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        settings = get_settings()
        scheme_response = (
            "utter_mandate_scheme_b2b" if settings.mandate_scheme == "B2B" else "utter_mandate_scheme_core"
        )
        dispatcher.utter_message(
            response="utter_mandate_text",
            creditor_name=settings.creditor_name,
            creditor_address=settings.creditor_address,
            creditor_id=settings.creditor_id,
            mandate_reference=tracker.get_slot("mandate_reference"),
            account_holder=tracker.get_slot("account_holder"),
            iban_masked=mask_iban(tracker.get_slot("iban")),
            bic=tracker.get_slot("bic") or "-",
        )
        dispatcher.utter_message(response=scheme_response)
        dispatcher.utter_message(response="utter_ask_mandate_agreed")
        return []


class ActionAskTermsAccepted(Action):
    def name(self) -> str:
        return "action_ask_terms_accepted"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        settings = get_settings()
        dispatcher.utter_message(
            response="utter_ask_terms_accepted", terms_url=settings.terms_url, terms_version=settings.terms_version
        )
        return []


def station_list(stations: list[dict], serials: list[str] | None = None) -> str:
    chosen = [s for s in stations if serials is None or s["serial"] in serials]
    return ", ".join(f"{s['name']} ({s['serial']})" for s in chosen)


def address_line(address: dict) -> str:
    town = f"{address.get('postal_code', '')} {address.get('city', '')}"
    return f"{address.get('street', '')}, {town}, {address.get('country', '')}"


def summary_values(tracker: Tracker) -> dict[str, Any]:
    """Every answer, formatted for the summary; the IBAN masked."""
    settings = get_settings()
    organisation = chosen_organisation(tracker) or {}
    address = tracker.get_slot("registered_address") or {}
    vat = tracker.get_slot("vat_number")
    iban = tracker.get_slot("iban")
    on_file = organisation.get("mandate") or {}
    return {
        "legal_name": tracker.get_slot("legal_name"),
        "entity_type_label": "Company" if tracker.get_slot("entity_type") == ENTITY_COMPANY else "Private person",
        "vat_label": vat if vat and vat != NO_VAT_NUMBER else "none",
        "address_line": address_line(address),
        "invoice_email": tracker.get_slot("invoice_email"),
        "contact_name": tracker.get_slot("contact_name"),
        "phone": tracker.get_slot("phone"),
        "admin_email": tracker.get_slot("admin_email"),
        "terms_label": f"accepted (version {settings.terms_version})"
        if tracker.get_slot("terms_accepted") or organisation.get("terms_accepted_at")
        else "not accepted",
        "account_holder": tracker.get_slot("account_holder") or on_file.get("account_holder"),
        "iban_masked": mask_iban(iban) if iban else on_file.get("iban", ""),
        "bic": tracker.get_slot("bic") or on_file.get("bic") or "-",
        "mandate_reference": tracker.get_slot("mandate_reference") or on_file.get("reference"),
        "services_label": ", ".join(SERVICE_TITLES[s] for s in tracker.get_slot("services") or []),
        "stations_label": station_list(
            tracker.get_slot("account_stations") or [], tracker.get_slot("charging_stations") or []
        ),
    }


class ActionAskRegistrationConfirmed(Action):
    def name(self) -> str:
        return "action_ask_registration_confirmed"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_registration_summary", **summary_values(tracker))
        dispatcher.utter_message(response="utter_ask_registration_confirmed")
        return []


# --- around the form -------------------------------------------------------------


class ActionStartRegistration(Action):
    """Introduce the registration, or pick it up where it was left."""

    def name(self) -> str:
        return "action_start_registration"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        events: list[EventType] = [SlotSet("registration_blocked", None)]
        # A proven login alone (from another flow) is not a registration in progress.
        started = any(tracker.get_slot(s) is not None for s in QUESTION_SLOTS if s not in LOGIN_SLOTS)
        dispatcher.utter_message(response="utter_registration_resumed" if started else "utter_registration_intro")
        if tracker.get_slot("login_code") == VERIFIED and not session_is_valid(tracker.get_slot("account_session")):
            changes = await prove_login_again(tracker, dispatcher)
        elif logged_in(tracker):
            changes = await refresh_account(tracker, dispatcher)
            if "account_stations" in changes and not changes["account_stations"]:
                dispatcher.utter_message(response="utter_no_charging_stations")
                changes["registration_blocked"] = "no_charging_stations"
        else:
            changes = {}
        return events + [SlotSet(slot, value) for slot, value in changes.items()]


class ActionResetRegistration(Action):
    def name(self) -> str:
        return "action_reset_registration"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_registration_cleared")
        return reset_registration()


class ActionChangeAnswer(Action):
    """ "The invoice e-mail is wrong": forget that answer and ask it again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if tracker.get_slot("account_email") is None:
            dispatcher.utter_message(response="utter_nothing_to_change")
            return []
        field = field_named_in(latest_text(tracker))
        changes = changes_for(field, dispatcher) if field else {}
        if not field:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            changes = {"registration_confirmed": None}
        return [SlotSet(slot, value) for slot, value in changes.items()]


# --- submission ----------------------------------------------------------------------

# Where to go back to when the back end refuses an answer.
REFUSED_FIELD_SLOTS = {
    "organisation.vat_number": "vat_number",
    "organisation.legal_name": "legal_name",
    "organisation.invoice_email": "invoice_email",
    "organisation.contact_name": "contact_name",
    "organisation.phone": "phone",
    "organisation.registered_address": "registered_address",
    "mandate.iban": "iban",
    "mandate.account_holder": "account_holder",
    "services": "services",
    "charging_stations": "charging_stations",
    "terms.version": "terms_accepted",
    "admin.email": "admin_email",
    "admin.name": "admin_name",
}


def registration_request(tracker: Tracker) -> dict:
    """The body of POST /v1/registrations, from the slots."""
    settings = get_settings()
    organisation = chosen_organisation(tracker)
    body: dict[str, Any] = {
        "services": tracker.get_slot("services"),
        "charging_stations": tracker.get_slot("charging_stations"),
    }
    if organisation:
        body["organisation"] = {"id": organisation["id"]}
    else:
        vat = tracker.get_slot("vat_number")
        body["organisation"] = {
            "entity_type": tracker.get_slot("entity_type"),
            "legal_name": tracker.get_slot("legal_name"),
            "vat_number": vat if vat and vat != NO_VAT_NUMBER else None,
            "vat_check": tracker.get_slot("vat_check"),
            "registered_address": tracker.get_slot("registered_address"),
            "invoice_email": tracker.get_slot("invoice_email"),
            "contact_name": tracker.get_slot("contact_name"),
            "phone": tracker.get_slot("phone"),
        }
        admin = tracker.get_slot("admin_email")
        if admin and admin != tracker.get_slot("account_email"):
            body["admin"] = {"email": admin, "name": tracker.get_slot("admin_name")}
    if tracker.get_slot("terms_accepted"):
        body["terms"] = {"version": settings.terms_version, "accepted_at": tracker.get_slot("terms_accepted")}
    if tracker.get_slot("mandate_agreed"):
        body["mandate"] = {
            "iban": tracker.get_slot("iban"),
            "account_holder": tracker.get_slot("account_holder"),
            "reference": tracker.get_slot("mandate_reference"),
            "signed_at": tracker.get_slot("mandate_agreed"),
            "scheme": settings.mandate_scheme,
        }
    return body


def idempotency_key(sender_id: str, body: dict) -> str:
    """The same conversation sending the same registration again gets the same key,
    so a retry after a time-out never registers twice."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:40]
    return f"{hashlib.sha256(sender_id.encode()).hexdigest()[:16]}-{digest}"


class ActionSubmitRegistration(Action):
    def name(self) -> str:
        return "action_submit_registration"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        blocked = tracker.get_slot("registration_blocked")
        if blocked == "no_charging_stations":
            return reset_registration()
        if blocked:
            return []  # the form ended without a registration; the reason was said, answers stay
        if tracker.get_slot("registration_confirmed") is not True:
            dispatcher.utter_message(response="utter_nothing_to_submit")
            return []
        session = tracker.get_slot("account_session") or {}
        body = registration_request(tracker)
        key = idempotency_key(tracker.sender_id, body)
        try:
            created = await call_blocking(dashboard().create_registration, session.get("token", ""), body, key)
        except DashboardUnavailable:
            logger.warning("registration not submitted: back end unavailable (%s)", tracker.sender_id)
            dispatcher.utter_message(response="utter_submission_unavailable")
            return []
        except DashboardError as problem:
            return await self._refused(problem, dispatcher, tracker, domain)
        reference = created["registration"]["reference"]
        dispatcher.utter_message(
            response="utter_registration_done",
            reference=reference,
            legal_name=created["organisation"]["legal_name"],
            stations_label=station_list(
                tracker.get_slot("account_stations") or [], tracker.get_slot("charging_stations")
            ),
        )
        services = created["organisation"]["services"]
        dispatcher.utter_message(
            response="utter_next_steps_cpo" if "cpo" in services else "utter_next_steps_split_billing"
        )
        # The registration is done: forget its answers (the IBAN among them),
        # but stay logged in for what comes next (opening stations, prices).
        events = reset_registration(keep_login=True) + [SlotSet("registration_reference", reference)]
        if tracker.get_slot("return_to_flow"):
            dispatcher.utter_message(response="utter_back_to_flow")
            events += [SlotSet("return_to_flow", None), FollowupAction(tracker.get_slot("return_to_flow"))]
        return events

    async def _refused(self, problem: DashboardError, dispatcher, tracker, domain) -> list[EventType]:
        logger.info("registration refused: %s", problem.code)
        if problem.status == 401:
            changes = await prove_login_again(tracker, dispatcher)
            if not changes:
                return []
            return [SlotSet(slot, value) for slot, value in changes.items()] + [
                SlotSet("registration_confirmed", None),
                FollowupAction(FORM),
            ]
        if problem.code == "mandate_reference_taken":
            new_reference = new_mandate_reference(datetime.now(timezone.utc))
            dispatcher.utter_message(response="utter_mandate_reference_renewed")
            return [
                SlotSet("mandate_reference", new_reference),
                SlotSet("mandate_agreed", None),
                SlotSet("registration_confirmed", None),
                FollowupAction(FORM),
            ]
        slot = REFUSED_FIELD_SLOTS.get(problem.field or "")
        if slot is None:
            dispatcher.utter_message(response="utter_submission_refused", reason=problem.message)
            dispatcher.utter_message(response="utter_offer_human")
            return []
        specific = f"utter_refused_{problem.code}"
        known = specific in (domain.get("responses") or {})
        dispatcher.utter_message(response=specific if known else "utter_refused_answer", reason=problem.message)
        return [SlotSet(s, None) for s in slots_to_change(slot) or [slot]] + [
            SlotSet("registration_confirmed", None),
            FollowupAction(FORM),
        ]
