"""Hand-off to a person, and keeping a handed-off conversation paused.

``action_handoff`` queues the conversation in the agent console with a short
summary (flow, step reached, answers so far, IBAN masked, no secrets) and
pauses it: while paused Rasa stores the user's messages (the agent reads them)
and says nothing. The console hands it back by resuming the conversation and
triggering ``handed_back``; ``action_handed_back`` then says so and the rules
return to the form where it was.

Rasa un-pauses a conversation when a new session starts or on ``/restart``;
the ``handoff_active`` slot (carried into the new session) lets
``action_session_start`` and ``action_restart`` keep it paused until an agent
hands it back.
"""

from __future__ import annotations

import functools
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ConversationPaused,
    EventType,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher

from actions.console_client import ConsoleClient, ConsoleUnavailable
from actions.conversation import FAILED_ATTEMPTS_SLOT, FAILURES_BEFORE_HUMAN, call_blocking
from charging_host.catalogue import SOURCE_LANGUAGE
from charging_host.mandate import mask_iban, mask_ibans_in

HANDOFF_SLOT = "handoff_active"

FLOW_FORMS = (
    "registration_form",
    "public_charging_form",
    "pricing_form",
    "agreement_form",
    "agreement_change_form",
    "agreement_confirmation_form",
)
MASKED_IBAN_SLOTS = ("iban", "employee_iban")

# What an agent may see, in the order of the flows; the console names them.
# Secrets (the one-time code, the account session token) are never listed.
SHOWN_SLOTS = (
    "account_email",
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
    "registration_reference",
    "charge_points",
    "station_address",
    "visibility",
    "opening_hours",
    "policy_choice",
    "price_structure",
    "community_discount",
    "token_group",
    "pricing_stations",
    "policy_name",
    "agreement_people",
    "agreement_region",
    "agreement_start_date",
    "agreement_rate",
    "agreement_end_date",
    "agreement_choice",
    "agreement_change",
    "employee_agreement",
    "employee_iban",
    "employee_station",
    "employee_card",
)


@functools.lru_cache(maxsize=1)
def console() -> ConsoleClient:
    return ConsoleClient.from_settings()


def shown_value(slot: str, value: Any) -> Any:
    """A slot's value as an agent may see it: the IBAN masked, structures flattened."""
    if slot in MASKED_IBAN_SLOTS:
        return mask_iban(str(value))
    if isinstance(value, dict):
        return ", ".join(
            str(shown_value(slot, v)) for k, v in value.items() if v not in (None, "", [], {}) and k != "iban"
        )
    if isinstance(value, list):
        return ", ".join(str(shown_value(slot, v)) for v in value)
    return value if isinstance(value, bool) else str(value)


def handoff_summary(slots: dict[str, Any], active_loop: str | None, latest_message: str) -> dict[str, Any]:
    """What an agent needs to take over: who, which flow, which question it is at, the
    answers so far. Names, not words: the console shows them in its own labels."""
    in_flow = active_loop in FLOW_FORMS
    return {
        "name": slots.get("account_name") or slots.get("admin_name") or slots.get("contact_name"),
        "language": slots.get("language") or SOURCE_LANGUAGE,  # the agent writes in it
        "flow": active_loop if in_flow else None,
        "asking": slots.get("requested_slot") if in_flow else None,
        "collected": [
            {"field": slot, "value": shown_value(slot, slots[slot])}
            for slot in SHOWN_SLOTS
            if slots.get(slot) not in (None, "", [], {})
        ],
        "latest_message": mask_ibans_in(latest_message[:500]),
    }


def handoff_reason(tracker: Tracker) -> str:
    failures = tracker.get_slot(FAILED_ATTEMPTS_SLOT) or {}
    if any(count >= FAILURES_BEFORE_HUMAN for count in failures.values()):
        return "repeated_failures"
    return "asked"


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        active_loop = (tracker.active_loop or {}).get("name")
        summary = handoff_summary(tracker.current_slot_values(), active_loop, tracker.latest_message.get("text") or "")
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            await call_blocking(console().queue_handoff, tracker.sender_id, channel, handoff_reason(tracker), summary)
        except ConsoleUnavailable:
            # Nobody can be reached through the chat now: say how else, and go on.
            dispatcher.utter_message(response="utter_human_contact")
            return []
        dispatcher.utter_message(response="utter_handoff_queued")
        # No question is open while a person has the conversation: what the user
        # writes to the agent must not fill the form's slot (Rasa extracts slots
        # even while paused). The form asks its question again when handed back.
        # Listening (as after any turn) lets Rasa map "/restart" to action_restart,
        # which keeps the pause, instead of falling back.
        return [
            SlotSet("requested_slot", None),
            SlotSet(HANDOFF_SLOT, True),
            ConversationPaused(),
            ActionExecuted("action_listen"),
        ]


class ActionHandedBack(Action):
    def name(self) -> str:
        return "action_handed_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        in_flow = (tracker.active_loop or {}).get("name") in FLOW_FORMS
        dispatcher.utter_message(response="utter_handed_back" if in_flow else "utter_handed_back_no_flow")
        return [SlotSet(HANDOFF_SLOT, None)]


class ActionSessionStart(Action):
    """A new session keeps the answers given so far, and stays paused while a
    person has the conversation."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        carried = [
            SlotSet(slot, value)
            for slot, value in tracker.current_slot_values().items()
            if value is not None and slot != "requested_slot"
        ]
        events: list[EventType] = [SessionStarted(), *carried]
        if tracker.get_slot(HANDOFF_SLOT):
            events.append(ConversationPaused())
        return events + [ActionExecuted("action_listen")]


class ActionRestart(Action):
    """``/restart`` starts over, but not while a person has the conversation."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if tracker.get_slot(HANDOFF_SLOT):
            # Rasa keeps predicting while the latest intent is "restart", even
            # when paused: listen at once instead.
            return [ConversationPaused(), FollowupAction("action_listen")]
        return [Restarted()]
