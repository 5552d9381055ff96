"""The registration form's questions and how each answer is checked.

``registration_form`` asks one question per slot; which questions depends on
earlier answers (``questions``): a private person is not asked a VAT number,
an existing organisation's data is shown, not asked again. Every answer is
checked by a plain function of ``charging_host``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, call_blocking, latest_intent, refuse, yes_or_no
from actions.flow import FlowForm, chosen_stations
from actions.login import VERIFIED
from actions.registration.answers import (
    NEW_ORGANISATION,
    NO_VAT_NUMBER,
    REGISTRATION,
    chosen_organisation,
    field_named_in,
    has_vat_number,
    slots_to_change,
)
from actions.registration.mandate import MandateQuestions
from actions.texts import label
from actions.vies_client import INVALID, VALID, check_registration
from charging_host.choices import is_only, mentions
from charging_host.contact import check_name, check_phone, find_email, parse_address
from charging_host.services import (
    CPO,
    ENTITY_COMPANY,
    ENTITY_PRIVATE_PERSON,
    SPLIT_BILLING,
    parse_services,
    read_entity_type,
    refused_services,
)
from charging_host.several_answers import cut_answers
from charging_host.vat import find_vat_number


def address_country(tracker: Tracker) -> str:
    """The country an address without one is in: the VAT number's, else Belgium."""
    vat = tracker.get_slot("vat_number")
    country = vat[:2] if has_vat_number(tracker) and vat[:2].isalpha() else "BE"
    return "GR" if country == "EL" else country


def service_titles(services: list[str], domain: DomainDict) -> str:
    return ", ".join(label(domain, f"service_{service}") for service in services)


class ValidateRegistrationForm(MandateQuestions, FlowForm):
    flow = REGISTRATION

    def name(self) -> str:
        return "validate_registration_form"

    def questions(self, tracker: Tracker) -> list[str]:
        slots = ["admin_email"]
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
        slots.append("services")
        if CPO in (tracker.get_slot("services") or []):
            slots.append("charging_stations")  # only the CPO function is linked to stations
        return slots + ["registration_confirmed"]

    def answers_in(self, text: str, tracker: Tracker) -> dict[str, str]:
        if tracker.get_slot("login_code") != VERIFIED:
            return {}  # the login first: nothing else is taken before it is proven
        question = tracker.get_slot("requested_slot")
        country = address_country(tracker) if tracker.get_slot("vat_check") else "BE"
        answers = cut_answers(text, country)
        vat = find_vat_number(answers.found.get("vat_number", ""))
        if vat.ok and vat.country and vat.country != country:
            # "TVA FR 47 382541175, ... 69007 Lyon, 04 78 12 34 56": read as French.
            answers = cut_answers(text, "GR" if vat.country == "EL" else vat.country)
        pieces = dict(answers.found)
        if tracker.get_slot("entity_type") is not None and question != "entity_type":
            pieces.pop("entity_type", None)  # "BV" in a name does not change an answer given
        if question not in pieces and len(answers.rest) == 1:
            pieces[question] = answers.rest[0]  # "Tine Vermeersch, Kerkdreef 3, ...": the name asked for
        return pieces

    def depends_on(self, slot: str) -> list[str]:
        return slots_to_change(slot)[1:]

    # --- step 1: the Smappee login: see actions/login.py -------------------------

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        # A login without stations goes on: split billing and cards have no station step.
        dispatcher.utter_message(
            response="utter_login_verified",
            account_name=account["name"],
            station_count=len(result["account_stations"]),
        )
        return result

    # --- step 1b: who administers the organisation ----------------------------

    def validate_admin_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        own = tracker.get_slot("account_email")
        if yes_or_no(tracker, text) is True or mentions("me", text):
            return accept("admin_email", tracker, admin_email=own)
        email = find_email(text)
        if not email.ok:
            return refuse("admin_email", "utter_admin_email_invalid", dispatcher, tracker)
        return accept("admin_email", tracker, admin_email=email.value)

    def validate_admin_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = check_name(str(value or ""))
        if not name.ok:
            return refuse("admin_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("admin_name", tracker, admin_name=name.value)

    # --- step 2: organisation ---------------------------------------------------

    def validate_organisation_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        organisations = tracker.get_slot("account_organisations") or []
        if mentions("new", text):
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

    def validate_entity_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        entity_type = read_entity_type(str(value or ""))
        if entity_type is None:
            return refuse("entity_type", "utter_entity_type_unclear", dispatcher, tracker)
        result = accept("entity_type", tracker, entity_type=entity_type)
        if entity_type == ENTITY_PRIVATE_PERSON:
            dispatcher.utter_message(response="utter_private_person_rule")
            result["vat_number"] = None
            result["services"] = (
                None if refused_services(tracker.get_slot("services") or [], False) else tracker.get_slot("services")
            )
        return result

    async def validate_vat_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if value == NO_VAT_NUMBER:
            return {"vat_number": NO_VAT_NUMBER}
        checked = find_vat_number(text)
        if checked.error == "no_country":
            # Smappee's users are mostly Belgian and often leave out "BE"; the
            # answer shows the number with its prefix, so a wrong guess is seen.
            with_belgium = find_vat_number(text, country_hint="BE")
            checked = with_belgium if with_belgium.ok else checked
        if not checked.ok:
            if yes_or_no(tracker, text) is False or mentions("no_vat_number", text):
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
                assert address.value is not None  # ok: a value
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
    def _with_services_checked(tracker: Tracker, result: dict[str, Any], has_vat: bool) -> dict[str, Any]:
        if refused_services(tracker.get_slot("services") or [], has_vat):
            result["services"] = None  # asked again, with the rule explained
        return result

    def validate_legal_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = check_name(str(value or ""))
        if not name.ok:
            return refuse("legal_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("legal_name", tracker, legal_name=name.value)

    def validate_registered_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"registered_address": value}  # pre-filled from VIES or an organisation
        address = parse_address(str(value or ""), address_country(tracker))
        if not address.ok:
            return refuse("registered_address", f"utter_address_{address.error}", dispatcher, tracker)
        assert address.value is not None  # ok: a value
        return accept("registered_address", tracker, registered_address=address.value.as_dict())

    # --- step 4: administrative information ---------------------------------------

    def validate_invoice_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if yes_or_no(tracker, text) is True and "@" not in text:
            return accept("invoice_email", tracker, invoice_email=tracker.get_slot("account_email"))
        email = find_email(text)
        if not email.ok:
            return refuse("invoice_email", "utter_email_invalid", dispatcher, tracker)
        return accept("invoice_email", tracker, invoice_email=email.value)

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if is_only("me", text) or latest_intent(tracker) == "affirm":
            return accept("contact_name", tracker, contact_name=tracker.get_slot("account_name"))
        name = check_name(text)
        if not name.ok:
            return refuse("contact_name", f"utter_name_{name.error}", dispatcher, tracker)
        return accept("contact_name", tracker, contact_name=name.value)

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        address = tracker.get_slot("registered_address") or {}
        phone = check_phone(str(value or ""), address.get("country", "BE"))
        if not phone.ok:
            return refuse("phone", "utter_phone_invalid", dispatcher, tracker)
        return accept("phone", tracker, phone=phone.value)

    # --- steps 5 and 6: terms and direct debit mandate: see mandate.py -------------

    # --- step 7: services ----------------------------------------------------------------

    def validate_services(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
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
        if CPO in services and not tracker.get_slot("account_stations"):
            return refuse("services", "utter_cpo_needs_stations", dispatcher, tracker, count=False)
        refused = refused_services(services, vat)
        if refused:
            return refuse(
                "services",
                "utter_services_need_vat",
                dispatcher,
                tracker,
                count=False,
                services=service_titles(refused, domain),
            )
        return accept("services", tracker, services=services)

    # --- step 8: charging stations ------------------------------------------------------

    def validate_charging_stations(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, list):
            return {"charging_stations": value}
        chosen = chosen_stations(value, tracker.get_slot("account_stations") or [], tracker)
        if not chosen:
            return refuse("charging_stations", "utter_stations_unclear", dispatcher, tracker)
        return accept("charging_stations", tracker, charging_stations=chosen)

    # --- step 9: summary and confirmation ---------------------------------------------------

    def validate_registration_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is True:
            return {"registration_confirmed": True}
        text = str(value or "")
        answer = yes_or_no(tracker, text)
        wants_change = mentions("change", text)
        if answer is True and not wants_change:
            return {"registration_confirmed": True}
        field = field_named_in(text)
        if field:
            return changes_for(field, dispatcher)
        if answer is False or wants_change:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return {"registration_confirmed": None}
        return refuse("registration_confirmed", "utter_confirm_or_change", dispatcher, tracker)


def changes_for(field: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """Forget that answer and the ones that depend on it: the form asks them again."""
    dispatcher.utter_message(response="utter_changing_answer")
    return dict.fromkeys(slots_to_change(field)) | {"registration_confirmed": None}
