"""Submitting a confirmed registration to the dashboard API, once, and what its answer means."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import call_blocking, dashboard
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import idempotency_key, session_token
from actions.registration.answers import (
    LOGIN_KEPT_AFTER_REGISTRATION,
    NO_VAT_NUMBER,
    REGISTRATION,
    chosen_organisation,
    slots_to_change,
)
from actions.registration.questions import station_list
from actions.settings import get_settings
from actions.suggestions import PUBLIC_CHARGING_STEP, suggest
from charging_host.mandate import new_mandate_reference
from charging_host.services import CPO, PUBLIC_CHARGING_CARDS, SPLIT_BILLING
from common.logs import conversation_ref

logger = logging.getLogger(__name__)

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


def registration_request(tracker: Tracker) -> dict[str, Any]:
    """The body of POST /v1/registrations, from the slots."""
    settings = get_settings()
    organisation = chosen_organisation(tracker)
    services = tracker.get_slot("services") or []
    body: dict[str, Any] = {"services": services}
    if CPO in services:
        body["charging_stations"] = tracker.get_slot("charging_stations")
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


class ActionSubmitRegistration(Action):
    def name(self) -> str:
        return "action_submit_registration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        blocked = tracker.get_slot("registration_blocked")
        if blocked:
            return []  # the form ended without a registration; the reason was said, answers stay
        if tracker.get_slot("registration_confirmed") is not True:
            dispatcher.utter_message(response="utter_nothing_to_submit")
            return []
        body = registration_request(tracker)
        key = idempotency_key(tracker.sender_id, body)
        try:
            created = await call_blocking(dashboard().create_registration, session_token(tracker), body, key)
        except DashboardUnavailable:
            logger.warning("registration not submitted: back end unavailable (%s)", conversation_ref(tracker.sender_id))
            dispatcher.utter_message(response="utter_submission_unavailable")
            return []
        except DashboardError as problem:
            return await self._refused(problem, dispatcher, tracker, domain)
        reference = created["registration"]["reference"]
        chosen = body["services"]  # what this registration added (the organisation may have had more)
        dispatcher.utter_message(
            response="utter_registration_done", reference=reference, legal_name=created["organisation"]["legal_name"]
        )
        if CPO in chosen:
            dispatcher.utter_message(
                response="utter_cpo_linked",
                stations_label=station_list(
                    tracker.get_slot("account_stations") or [], tracker.get_slot("charging_stations")
                ),
            )
        admin = tracker.get_slot("admin_email")
        if admin and admin != created["organisation"]["admin_email"]:
            dispatcher.utter_message(response="utter_admin_invited", admin_email=admin)
        for service in (CPO, SPLIT_BILLING, PUBLIC_CHARGING_CARDS):
            if service in chosen:
                dispatcher.utter_message(response=f"utter_next_steps_{service}")
        # The registration is done: forget its answers (the IBAN among them),
        # but stay logged in for what comes next (opening stations, prices).
        events = REGISTRATION.cleared(keep=LOGIN_KEPT_AFTER_REGISTRATION) + [
            SlotSet("registration_reference", reference)
        ]
        if tracker.get_slot("return_to_flow"):
            dispatcher.utter_message(response="utter_back_to_flow")
            events += [SlotSet("return_to_flow", None), FollowupAction(tracker.get_slot("return_to_flow"))]
        elif CPO in chosen:
            events.append(suggest(PUBLIC_CHARGING_STEP))  # "ok, let's do that" opens the stations
        return events

    async def _refused(
        self, problem: DashboardError, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        logger.info("registration refused: %s", problem.code)
        if problem.status == 401:
            return await REGISTRATION.login_again(dispatcher, tracker)
        if problem.code == "mandate_reference_taken":
            new_reference = new_mandate_reference(datetime.now(timezone.utc))
            dispatcher.utter_message(response="utter_mandate_reference_renewed")
            return [
                SlotSet("mandate_reference", new_reference),
                SlotSet("mandate_agreed", None),
                SlotSet("registration_confirmed", None),
                FollowupAction(REGISTRATION.form),
            ]
        slot = REFUSED_FIELD_SLOTS.get(problem.field or "")
        if slot is None:
            dispatcher.utter_message(response="utter_submission_refused", reason=problem.message)
            dispatcher.utter_message(response="utter_offer_human")
            return []
        specific = f"utter_refused_{problem.code}"
        known = specific in (domain.get("responses") or {})
        dispatcher.utter_message(response=specific if known else "utter_refused_answer", reason=problem.message)
        return [SlotSet(s, None) for s in slots_to_change(slot)] + [
            SlotSet("registration_confirmed", None),
            FollowupAction(REGISTRATION.form),
        ]
