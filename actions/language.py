"""The conversation's language: followed on every message, changed on request.

``action_follow_language`` is the custom slot mapping of the ``language`` slot:
Rasa runs it on every message before choosing what to answer, so the answer to
the first Dutch message is already in Dutch. The rules are plain functions
(``charging_host/languages.py``). ``action_change_language`` answers a request
to change language, the rules' answer to ``change_language`` everywhere (a
form's ignored intents reach no slot mapping, so the request is not read there):
it sets the language and says so in it, or asks which one.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_intent, latest_text
from charging_host.catalogue import supported
from charging_host.languages import follow, requested_language
from common.domain_texts import button_payloads

LANGUAGE_SLOT = "language"
SETTLED_SLOT = "language_settled"
CHANGE_LANGUAGE = "change_language"
# Answers to a question: names and addresses say little about the language.
ANSWER_INTENTS = ("inform", "change_answer")


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata the channel sent with the latest message (the widget's page language, the app's)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def is_button_payload(text: str) -> bool:
    """A pressed button: "/affirm", or the English words some buttons send ("make my charger public")."""
    return text.startswith("/") or text in button_payloads()


def language_hint(tracker: Tracker) -> str | None:
    return supported(message_metadata(tracker).get("language"))


def requested_in(tracker: Tracker) -> str | None:
    """The language a change_language message asks for: a button's, or read from its words."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "language" and supported(entity.get("value")):
            return supported(entity.get("value"))
    text = latest_text(tracker)
    return None if text.startswith("/") else requested_language(text, tracker.get_slot(LANGUAGE_SLOT))


class ActionFollowLanguage(Action):
    def name(self) -> str:
        return "action_follow_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if latest_intent(tracker) == CHANGE_LANGUAGE:
            return []  # a request: action_change_language answers it (also inside a form)
        current = tracker.get_slot(LANGUAGE_SLOT)
        text = latest_text(tracker)
        decision = follow(
            current,
            bool(tracker.get_slot(SETTLED_SLOT)),
            "" if is_button_payload(text) else text,  # a button's payload is not the host's words
            is_answer=latest_intent(tracker) in ANSWER_INTENTS or tracker.active_loop.get("name") is not None,
            hint=language_hint(tracker),
        )
        if decision.check:
            # The slot is set with this action's events: name the language the question is to be shown in.
            dispatcher.utter_message(response="utter_language_check", language=decision.language)
        changes = {LANGUAGE_SLOT: decision.language, SETTLED_SLOT: decision.settled}
        current_values = {LANGUAGE_SLOT: current, SETTLED_SLOT: bool(tracker.get_slot(SETTLED_SLOT))}
        return [SlotSet(slot, value) for slot, value in changes.items() if current_values[slot] != value]


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        wanted = requested_in(tracker)
        if wanted is None:
            dispatcher.utter_message(response="utter_ask_which_language")
            return []
        # Said in the new language: the slot changes with this action's events, after the message is made.
        dispatcher.utter_message(response="utter_language_switched", language=wanted)
        return [SlotSet(LANGUAGE_SLOT, wanted), SlotSet(SETTLED_SLOT, True)]
