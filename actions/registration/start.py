"""Starting, resuming, clearing and correcting a registration."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_text
from actions.flow import StartFlow, field_labels, is_readable, slot_events
from actions.login import LOGIN_SLOTS, account_slots
from actions.registration.answers import QUESTION_SLOTS, REGISTRATION, field_named_in
from actions.registration.form import ValidateRegistrationForm, changes_for
from charging_host.choices import mentions
from charging_host.several_answers import says_correction
from charging_host.text import clean_text


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
        return account_slots(account)

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
    """ "Actually the VAT number is BE0403170701": that answer is replaced (checked as
    if asked) and the registration goes on where it was. "The invoice e-mail is
    wrong", without the new value: that answer is forgotten and asked again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("account_email") is None:
            dispatcher.utter_message(response="utter_nothing_to_change")
            return []
        text = clean_text(latest_text(tracker))
        form = ValidateRegistrationForm()
        if is_readable(text):
            # The values named in the message; not what is left of it (that answers a question, not a correction).
            question = tracker.get_slot("requested_slot")
            pieces = {s: p for s, p in form.answers_in(text, tracker).items() if s not in ("entity_type", question)}
            if pieces:
                taken = await form.take_answers(pieces, dispatcher, tracker, domain)
                if taken.fields:
                    dispatcher.utter_message(response="utter_answer_changed", fields=field_labels(taken.fields, domain))
                return slot_events(taken.events)
        field = field_named_in(text)
        question = tracker.get_slot("requested_slot")
        asks_to_change = mentions("change", text) or says_correction(text)
        if (
            not field
            and not asks_to_change
            and question
            and question != REGISTRATION.confirmed_slot
            and is_readable(text)
        ):
            # Nothing named to change while a question is asked: the language model took
            # an answer for a correction ("facturen@mulder.nl" at the invoice question).
            # Check it as that answer, rather than ask "what to change?" again and again.
            return slot_events(await form.check_answer(question, text, dispatcher, tracker, domain))
        if not field:
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return [SlotSet(REGISTRATION.confirmed_slot, None)]
        return slot_events(changes_for(field, dispatcher))
