"""Starting, resuming, clearing and correcting a registration."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_text
from actions.flow import StartFlow, slot_events
from actions.login import LOGIN_SLOTS, account_slots
from actions.registration.answers import QUESTION_SLOTS, REGISTRATION, field_named_in
from actions.registration.form import changes_for, with_stations_checked


class ActionStartRegistration(StartFlow):
    """Introduce the registration, or pick it up where it was left (its answers are kept)."""

    flow = REGISTRATION

    def name(self) -> str:
        return "action_start_registration"

    def starting(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        # A proven login alone (from another flow) is not a registration in progress.
        started = any(tracker.get_slot(s) is not None for s in QUESTION_SLOTS if s not in LOGIN_SLOTS)
        dispatcher.utter_message(response="utter_registration_resumed" if started else "utter_registration_intro")
        return [SlotSet(REGISTRATION.blocked_slot, None)]

    async def with_account(
        self, account: dict[str, Any], token: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        return with_stations_checked(account_slots(account), dispatcher)

    def unreachable(self) -> dict[str, Any]:
        return {}  # the answers so far stay; the form goes on

    def then(self) -> list[EventType]:
        return []  # the rules start the form


class ActionResetRegistration(Action):
    def name(self) -> str:
        return "action_reset_registration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_registration_cleared")
        return REGISTRATION.cleared()


class ActionChangeAnswer(Action):
    """ "The invoice e-mail is wrong": forget that answer and ask it again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("account_email") is None:
            dispatcher.utter_message(response="utter_nothing_to_change")
            return []
        field = field_named_in(latest_text(tracker))
        if not field:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return [SlotSet(REGISTRATION.confirmed_slot, None)]
        return slot_events(changes_for(field, dispatcher))
