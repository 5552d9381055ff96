"""An employee confirms a split billing agreement the employer made.

``agreement_confirmation_form`` proves the login of the invited e-mail address
(a one-time code, as always), shows the agreement waiting for it (employer,
rate, dates), asks the IBAN the reimbursements go to (shown masked from then
on), the charging station and the card it applies to (when the login has
any), and a yes; ``action_confirm_agreement`` then makes it active.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, call_blocking, confirmation, dashboard, refuse
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import Flow, FlowForm, StartFlow, ask_for_stations, chosen_stations, idempotency_key, session_token
from actions.login import read_as_account
from actions.split_billing.common import date_label, rate_label
from charging_host.mandate import find_iban, mask_iban
from charging_host.split_billing import PENDING
from charging_host.stations import parse_station_choice

logger = logging.getLogger(__name__)

EMPLOYEE = Flow(
    form="agreement_confirmation_form",
    slots=(
        "employee_agreement",
        "employee_iban",
        "employee_station",
        "employee_card",
        "employee_confirmed",
        "employee_agreements",
        "employee_cards",
        "employee_blocked",
    ),
    confirmed_slot="employee_confirmed",
    blocked_slot="employee_blocked",
)


def pending(tracker: Tracker) -> list[dict[str, Any]]:
    return [a for a in tracker.get_slot("employee_agreements") or [] if a["status"] == PENDING]


def agreement(tracker: Tracker) -> dict[str, Any] | None:
    return next((a for a in pending(tracker) if a["id"] == tracker.get_slot("employee_agreement")), None)


def cards_as_choices(tracker: Tracker) -> list[dict[str, Any]]:
    """The login's cards in the shape the station chooser reads (a name and an id)."""
    return [{"serial": c["uid"], "name": c["label"], "connectors": 1} for c in tracker.get_slot("employee_cards") or []]


async def employee_context(
    account: dict[str, Any], tracker: Tracker, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """The agreements waiting for this login, its cards; or why there is nothing to confirm (said)."""
    listed = await read_as_account(tracker, dispatcher, "my_agreements")
    if listed is None:
        return {EMPLOYEE.blocked_slot: "unavailable"}
    mine = listed["agreements"]
    slots: dict[str, Any] = {"employee_agreements": mine, "employee_cards": account.get("charging_cards") or []}
    waiting = [a for a in mine if a["status"] == PENDING]
    if not waiting:
        response = "utter_agreement_already_active" if mine else "utter_no_pending_agreement"
        dispatcher.utter_message(response=response, email=account["email"])
        slots[EMPLOYEE.blocked_slot] = "nothing_pending"
    elif len(waiting) == 1:
        slots["employee_agreement"] = waiting[0]["id"]
    return slots


class ValidateAgreementConfirmationForm(FlowForm):
    flow = EMPLOYEE

    def name(self) -> str:
        return "validate_agreement_confirmation_form"

    def questions(self, tracker: Tracker) -> list[str]:
        slots = ["employee_agreement", "employee_iban"]
        if tracker.get_slot("account_stations"):
            slots.append("employee_station")
        if tracker.get_slot("employee_cards"):
            slots.append("employee_card")
        return slots + ["employee_confirmed"]

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return result | await employee_context(account, tracker, dispatcher)

    def validate_employee_agreement(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        waiting = pending(tracker)
        text = str(value or "").lower()
        match = [a for a in waiting if a["id"] == value or a["employer"].lower() in text]
        if len(match) != 1:
            match = [a for a in waiting if text and any(w in a["employer"].lower() for w in text.split() if len(w) > 3)]
        if len(match) != 1:
            return refuse("employee_agreement", "utter_employee_agreement_unclear", dispatcher, tracker)
        return accept("employee_agreement", tracker, employee_agreement=match[0]["id"])

    def validate_employee_iban(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        checked = find_iban(str(value or ""))
        if checked.error == "not_sepa":
            return refuse("employee_iban", "utter_employee_iban_not_sepa", dispatcher, tracker, country=checked.country)
        if not checked.ok:
            return refuse("employee_iban", f"utter_iban_{checked.error}", dispatcher, tracker)
        dispatcher.utter_message(response="utter_employee_iban_accepted", iban_masked=mask_iban(checked.iban))
        return accept("employee_iban", tracker, employee_iban=checked.iban)

    def validate_employee_station(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = chosen_stations(value, tracker.get_slot("account_stations") or [], tracker)
        if not found or len(found) != 1:
            return refuse("employee_station", "utter_employee_station_unclear", dispatcher, tracker)
        return accept("employee_station", tracker, employee_station=found[0])

    def validate_employee_card(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        cards = cards_as_choices(tracker)
        found = chosen_stations(value, cards, tracker) or parse_station_choice(str(value or ""), cards)
        if not found or len(found) != 1:
            return refuse("employee_card", "utter_employee_card_unclear", dispatcher, tracker)
        return accept("employee_card", tracker, employee_card=found[0])

    def validate_employee_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return confirmation(
            "employee_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_employee_not_confirmed",
            ["employee_iban", "employee_station", "employee_card"],
        )


def agreement_values(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    shown = agreement(tracker) or {}
    return {
        "employer": shown.get("employer", ""),
        "rate": rate_label(shown.get("rate_per_kwh") or "0"),
        "start": date_label(shown.get("start_date"), domain),
        "end": date_label(shown.get("end_date"), domain),
    }


class ActionAskEmployeeAgreement(Action):
    def name(self) -> str:
        return "action_ask_employee_agreement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": a["employer"], "payload": a["employer"]} for a in pending(tracker)]
        dispatcher.utter_message(response="utter_ask_employee_agreement", buttons=buttons)
        return []


class ActionAskEmployeeIban(Action):
    def name(self) -> str:
        return "action_ask_employee_iban"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_employee_iban", **agreement_values(tracker, domain))
        return []


class ActionAskEmployeeStation(Action):
    def name(self) -> str:
        return "action_ask_employee_station"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stations = tracker.get_slot("account_stations") or []
        ask_for_stations(
            dispatcher, stations, domain, "utter_ask_employee_station", "utter_ask_employee_station_only_one"
        )
        return []


class ActionAskEmployeeCard(Action):
    def name(self) -> str:
        return "action_ask_employee_card"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        cards = cards_as_choices(tracker)
        if len(cards) == 1:
            ask_for_stations(dispatcher, cards, domain, "utter_ask_employee_card", "utter_ask_employee_card_only_one")
            return []
        buttons = [{"title": f"{c['name']} ({c['serial']})", "payload": c["serial"]} for c in cards]
        dispatcher.utter_message(response="utter_ask_employee_card", buttons=buttons)
        return []


def name_of(choices: list[dict[str, Any]], key: Any) -> str:
    return next((f"{c['name']} ({c['serial']})" for c in choices if c["serial"] == key), "-")


class ActionAskEmployeeConfirmed(Action):
    def name(self) -> str:
        return "action_ask_employee_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_ask_employee_confirmed",
            iban_masked=mask_iban(tracker.get_slot("employee_iban")),
            account_holder=tracker.get_slot("account_name"),
            station=name_of(tracker.get_slot("account_stations") or [], tracker.get_slot("employee_station")),
            card=name_of(cards_as_choices(tracker), tracker.get_slot("employee_card")),
            **agreement_values(tracker, domain),
        )
        return []


class ActionStartAgreementConfirmation(StartFlow):
    flow = EMPLOYEE

    def name(self) -> str:
        return "action_start_agreement_confirmation"

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_employee_intro")

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return await employee_context(account, tracker, dispatcher)


def confirmation_request(tracker: Tracker) -> dict[str, Any]:
    """The body of POST /v1/me/split-billing-agreements/{id}/confirm."""
    return {
        "iban": tracker.get_slot("employee_iban"),
        "account_holder": tracker.get_slot("account_name"),
        "charging_station": tracker.get_slot("employee_station"),
        "card_uid": tracker.get_slot("employee_card"),
    }


class ActionConfirmAgreement(Action):
    def name(self) -> str:
        return "action_confirm_agreement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        shown = agreement(tracker)
        confirmed = tracker.get_slot(EMPLOYEE.confirmed_slot) is True
        if tracker.get_slot(EMPLOYEE.blocked_slot) or not confirmed or shown is None:
            return EMPLOYEE.cleared()
        body = confirmation_request(tracker)
        key = idempotency_key(tracker.sender_id, body | {"agreement": shown["id"]})
        try:
            await call_blocking(dashboard().confirm_agreement, session_token(tracker), shown["id"], body, key)
        except DashboardUnavailable:
            dispatcher.utter_message(response="utter_agreements_unavailable")
            return []
        except DashboardError as problem:
            logger.info("agreement confirmation refused: %s", problem.code)
            if problem.status == 401:
                return await EMPLOYEE.login_again(dispatcher, tracker)
            dispatcher.utter_message(response="utter_employee_refused", reason=problem.message)
            return EMPLOYEE.cleared()
        dispatcher.utter_message(response="utter_agreement_confirmed_done", **agreement_values(tracker, domain))
        return EMPLOYEE.cleared()  # the IBAN is not kept in the conversation
