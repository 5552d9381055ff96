"""An employer lists and changes split billing agreements.

``agreement_change_form`` proves the login and reads the agreements of the
login's split billing organisations. Listing shows them and ends; changing
asks which agreement (unless the message named it: "Jan's rate to 0.30"),
what changes (a new rate, from now on; an end date set, moved or taken away;
ending it now), and asks a yes before anything is sent: an ended agreement
can't restart, which the question says.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import accept, call_blocking, confirmation, dashboard, latest_intent, latest_text, refuse
from actions.dashboard_client import DashboardError, DashboardUnavailable
from actions.flow import Flow, FlowForm, StartFlow, session_token, slot_events
from actions.login import VERIFIED
from actions.split_billing.common import (
    agreement_line,
    date_label,
    rate_label,
    say_rate_above_cap,
    split_billing_organisations,
    today,
)
from actions.split_billing.employer import REQUEST_SLOT as ADD_REQUEST
from charging_host.agreements import (
    END_DATE,
    END_NOW,
    RATE,
    REMOVE_END,
    agreement_topic,
    matching_agreements,
    read_change,
)
from charging_host.split_billing import ENDED, above_cap, rate_text

logger = logging.getLogger(__name__)

LIST, CHANGE = "list", "change"
AGREEMENT_CHANGES = Flow(
    form="agreement_change_form",
    slots=(
        "agreement_choice",
        "agreement_change",
        "agreement_change_confirmed",
        "agreement_change_mode",
        "employer_agreements",
        "agreement_change_blocked",
    ),
    confirmed_slot="agreement_change_confirmed",
    blocked_slot="agreement_change_blocked",
)
REQUEST_SLOT = "agreement_change_request"


def agreements(tracker: Tracker) -> list[dict[str, Any]]:
    return tracker.get_slot("employer_agreements") or []


def chosen(tracker: Tracker) -> dict[str, Any] | None:
    return next((a for a in agreements(tracker) if a["id"] == tracker.get_slot("agreement_choice")), None)


def open_agreements(tracker: Tracker) -> list[dict[str, Any]]:
    return [a for a in agreements(tracker) if a["status"] != ENDED]


async def employer_agreements(
    account: dict[str, Any], token: str, mode: str, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """The agreements of the login's split billing organisations, or why nothing can change (said).
    A list asked for is shown by the flow's last action."""
    organisations = split_billing_organisations(account)
    if not organisations:
        dispatcher.utter_message(response="utter_agreements_none_registered")
        return {AGREEMENT_CHANGES.blocked_slot: "no_split_billing"}
    found: list[dict[str, Any]] = []
    try:
        for organisation in organisations:
            listed = await call_blocking(dashboard().list_agreements, token, organisation["id"])
            found += listed["agreements"]
    except (DashboardUnavailable, DashboardError) as problem:
        logger.info("agreements not read: %s", problem)
        dispatcher.utter_message(response="utter_backend_unavailable")
        return {AGREEMENT_CHANGES.blocked_slot: "unavailable"}
    slots: dict[str, Any] = {"employer_agreements": found}
    if mode == LIST:
        return slots
    still_open = [a for a in found if a["status"] != ENDED]
    if not still_open:
        dispatcher.utter_message(response="utter_agreement_nothing_to_change")
        slots[AGREEMENT_CHANGES.blocked_slot] = "nothing_open"
    elif len(still_open) == 1:
        slots["agreement_choice"] = still_open[0]["id"]
    return slots


class ValidateAgreementChangeForm(FlowForm):
    flow = AGREEMENT_CHANGES

    def name(self) -> str:
        return "validate_agreement_change_form"

    def questions(self, tracker: Tracker) -> list[str]:
        if tracker.get_slot("agreement_change_mode") == LIST:
            return []
        return ["agreement_choice", "agreement_change", "agreement_change_confirmed"]

    def answers_in(self, text: str, tracker: Tracker) -> dict[str, str]:
        """ "Jan's rate to 0.30": the agreement and the change named together."""
        if tracker.get_slot("login_code") != VERIFIED or tracker.get_slot("agreement_change_mode") == LIST:
            return {}
        pieces: dict[str, str] = {}
        if len(matching_agreements(text, open_agreements(tracker))) == 1:
            pieces["agreement_choice"] = text
        if read_change(text, today()).kind is not None:
            pieces["agreement_change"] = text
        return pieces

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        request = tracker.get_slot(REQUEST_SLOT)
        if request and tracker.get_slot("employer_agreements") is not None:
            # What the opening message said, now that the agreements are known.
            taken = await self.take_answers(self.answers_in(request, tracker), dispatcher, tracker, domain)
            events += slot_events(taken.events) + [SlotSet(REQUEST_SLOT, None)]
        return events

    async def after_login(
        self, account: dict[str, Any], result: dict[str, Any], dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        mode = tracker.get_slot("agreement_change_mode") or CHANGE
        return result | await employer_agreements(account, session_token(tracker), mode, dispatcher)

    def validate_agreement_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        candidates = open_agreements(tracker)
        if any(a["id"] == value for a in candidates):
            return {"agreement_choice": value}
        found = matching_agreements(str(value or ""), candidates)
        if len(found) != 1:
            return refuse("agreement_choice", "utter_agreement_choice_unclear", dispatcher, tracker)
        return accept("agreement_choice", tracker, agreement_choice=found[0]["id"])

    def validate_agreement_change(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, dict):
            return {"agreement_change": value}
        agreement = chosen(tracker)
        change = read_change(str(value or ""), today())
        if agreement is None or change.kind is None:
            return refuse("agreement_change", "utter_agreement_change_unclear", dispatcher, tracker)
        if change.kind == RATE and change.rate is not None:
            cap = above_cap(change.rate, agreement.get("region"), today())
            if cap is not None:
                name = f"{agreement['first_name']} {agreement['last_name']}"
                say_rate_above_cap(dispatcher, domain, change.rate, name, cap)
                return {"agreement_change": None}
            return accept("agreement_change", tracker, agreement_change={"kind": RATE, "rate": rate_text(change.rate)})
        if change.kind == END_DATE and change.end_date is not None:
            if change.end_date < date.fromisoformat(agreement["start_date"]):
                return refuse("agreement_change", "utter_agreement_end_before_start", dispatcher, tracker)
            value = {"kind": END_DATE, "end_date": change.end_date.isoformat()}
            return accept("agreement_change", tracker, agreement_change=value)
        return accept("agreement_change", tracker, agreement_change={"kind": change.kind})

    def validate_agreement_change_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return confirmation(
            "agreement_change_confirmed",
            value,
            dispatcher,
            tracker,
            "utter_agreement_change_not_confirmed",
            ["agreement_change"],
        )


class ActionAskAgreementChoice(Action):
    def name(self) -> str:
        return "action_ask_agreement_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            {"title": f"{a['first_name']} {a['last_name']}", "payload": a["employee_email"]}
            for a in open_agreements(tracker)
        ]
        dispatcher.utter_message(response="utter_ask_agreement_choice", buttons=buttons)
        return []


def change_values(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    agreement = chosen(tracker) or {}
    change = tracker.get_slot("agreement_change") or {}
    return {
        "name": f"{agreement.get('first_name', '')} {agreement.get('last_name', '')}".strip(),
        "old_rate": rate_label(agreement.get("rate_per_kwh") or "0"),
        "rate": rate_label(Decimal(change.get("rate") or "0")),
        "end": date_label(change.get("end_date"), domain),
    }


class ActionAskAgreementChangeConfirmed(Action):
    def name(self) -> str:
        return "action_ask_agreement_change_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        kind = (tracker.get_slot("agreement_change") or {}).get("kind")
        dispatcher.utter_message(response=f"utter_ask_agreement_{kind}_confirmed", **change_values(tracker, domain))
        return []


class ActionStartAgreementChanges(StartFlow):
    flow = AGREEMENT_CHANGES

    def name(self) -> str:
        return "action_start_agreement_changes"

    @staticmethod
    def mode(tracker: Tracker) -> str:
        return LIST if latest_intent(tracker) == "list_agreements" else CHANGE

    def starting(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        request = latest_text(tracker) if self.mode(tracker) == CHANGE else None
        return AGREEMENT_CHANGES.cleared() + [
            SlotSet("agreement_change_mode", self.mode(tracker)),
            SlotSet(REQUEST_SLOT, request),
        ]

    def introduce(self, dispatcher: CollectingDispatcher) -> None:
        dispatcher.utter_message(response="utter_agreement_changes_intro")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = latest_text(tracker)
        if latest_intent(tracker) == "change_agreement" and agreement_topic(text, today()) == "add":
            # "Add Tom (tom@acme.be) at 0,28": new agreements, whatever the model said.
            return [SlotSet(ADD_REQUEST, text), FollowupAction("action_start_agreements")]
        return await super().run(dispatcher, tracker, domain)

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return await employer_agreements(account, token, self.mode(tracker), dispatcher)


class ActionChangeAgreement(Action):
    def name(self) -> str:
        return "action_change_agreement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(AGREEMENT_CHANGES.blocked_slot):
            return AGREEMENT_CHANGES.cleared()
        if tracker.get_slot("agreement_change_mode") == LIST:
            found = agreements(tracker)
            if found:
                lines = "\n".join(f"- {agreement_line(a, domain)}" for a in found)
                dispatcher.utter_message(response="utter_agreement_list", agreement_lines=lines)
            else:
                dispatcher.utter_message(response="utter_agreement_list_empty")
            return AGREEMENT_CHANGES.cleared()
        agreement = chosen(tracker)
        change = tracker.get_slot("agreement_change") or {}
        confirmed = tracker.get_slot(AGREEMENT_CHANGES.confirmed_slot) is True
        if not confirmed or agreement is None:
            return AGREEMENT_CHANGES.cleared()
        token, organisation_id = session_token(tracker), agreement["organisation_id"]
        client = dashboard()
        try:
            if change["kind"] == END_NOW:
                await call_blocking(client.end_agreement, token, organisation_id, agreement["id"])
            else:
                body = {
                    RATE: {"rate_per_kwh": change.get("rate")},
                    END_DATE: {"end_date": change.get("end_date")},
                    REMOVE_END: {"end_date": None},
                }[change["kind"]]
                await call_blocking(client.change_agreement, token, organisation_id, agreement["id"], body)
        except DashboardUnavailable:
            dispatcher.utter_message(response="utter_agreements_unavailable")
            return []
        except DashboardError as problem:
            logger.info("agreement change refused: %s", problem.code)
            if problem.status == 401:
                return await AGREEMENT_CHANGES.login_again(dispatcher, tracker)
            if problem.code == "agreement_ended" and change["kind"] == END_NOW:
                pass  # ended already (a repeat of a lost answer): what was asked is done
            else:
                dispatcher.utter_message(
                    response="utter_agreement_refused",
                    name=change_values(tracker, domain)["name"],
                    reason=problem.message,
                )
                return AGREEMENT_CHANGES.cleared()
        dispatcher.utter_message(response=f"utter_agreement_{change['kind']}_done", **change_values(tracker, domain))
        return AGREEMENT_CHANGES.cleared()
