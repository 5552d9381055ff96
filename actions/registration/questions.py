"""The registration's questions whose content depends on the conversation, and its summary."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.flow import ask_for_stations
from actions.registration.answers import NO_VAT_NUMBER, chosen_organisation, has_vat_number
from actions.registration.form import service_titles
from actions.settings import get_settings
from actions.texts import label
from charging_host.contact import address_line
from charging_host.mandate import mask_iban
from charging_host.services import CPO, ENTITY_COMPANY


def station_list(stations: list[dict[str, Any]], serials: list[str] | None = None) -> str:
    chosen = [s for s in stations if serials is None or s["serial"] in serials]
    return ", ".join(f"{s['name']} ({s['serial']})" for s in chosen)


class ActionAskOrganisationChoice(Action):
    def name(self) -> str:
        return "action_ask_organisation_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        organisations = tracker.get_slot("account_organisations") or []
        buttons = [{"title": o["legal_name"], "payload": o["legal_name"]} for o in organisations]
        buttons.append({"title": label(domain, "new_organisation"), "payload": "a new organisation"})
        dispatcher.utter_message(response="utter_ask_organisation_choice", buttons=buttons)
        return []


class ActionAskServices(Action):
    def name(self) -> str:
        return "action_ask_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if has_vat_number(tracker):
            dispatcher.utter_message(response="utter_ask_services")
        else:
            dispatcher.utter_message(
                response="utter_ask_services_split_billing_only", legal_name=tracker.get_slot("legal_name")
            )
        return []


class ActionAskChargingStations(Action):
    def name(self) -> str:
        return "action_ask_charging_stations"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stations = tracker.get_slot("account_stations") or []
        ask_for_stations(
            dispatcher,
            stations,
            domain,
            "utter_ask_charging_stations",
            "utter_ask_charging_stations_only_one",
            station_list=station_list(stations),
        )
        return []


def summary_values(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    """Every answer, formatted for the summary; the IBAN masked."""
    settings = get_settings()
    organisation = chosen_organisation(tracker) or {}
    vat = tracker.get_slot("vat_number")
    iban = tracker.get_slot("iban")
    on_file = organisation.get("mandate") or {}
    terms_accepted = tracker.get_slot("terms_accepted") or organisation.get("terms_accepted_at")
    return {
        "legal_name": tracker.get_slot("legal_name"),
        "entity_type_label": label(
            domain, "company" if tracker.get_slot("entity_type") == ENTITY_COMPANY else "private_person"
        ),
        "vat_label": vat if vat and vat != NO_VAT_NUMBER else label(domain, "no_vat_number"),
        "address_line": address_line(tracker.get_slot("registered_address") or {}),
        "invoice_email": tracker.get_slot("invoice_email"),
        "contact_name": tracker.get_slot("contact_name"),
        "phone": tracker.get_slot("phone"),
        "admin_email": tracker.get_slot("admin_email"),
        "terms_label": label(domain, "terms_accepted", terms_version=settings.terms_version)
        if terms_accepted
        else label(domain, "terms_not_accepted"),
        "account_holder": tracker.get_slot("account_holder") or on_file.get("account_holder"),
        "iban_masked": mask_iban(iban) if iban else on_file.get("iban", ""),
        "bic": tracker.get_slot("bic") or on_file.get("bic") or "-",
        "mandate_reference": tracker.get_slot("mandate_reference") or on_file.get("reference"),
        "services_label": service_titles(tracker.get_slot("services") or [], domain),
        "stations_label": station_list(
            tracker.get_slot("account_stations") or [], tracker.get_slot("charging_stations") or []
        )
        if CPO in (tracker.get_slot("services") or [])
        else label(domain, "no_station_step"),
    }


class ActionAskRegistrationConfirmed(Action):
    def name(self) -> str:
        return "action_ask_registration_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_registration_summary", **summary_values(tracker, domain))
        dispatcher.utter_message(response="utter_ask_registration_confirmed")
        return []
